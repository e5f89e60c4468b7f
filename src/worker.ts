import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './bootstrap/app.module';
import { AppConfig, ConfigError, loadConfigFromProcess } from './infra/config/app-config';
import { databaseAtStart } from './infra/database/migrate';
import { assertRedisReachable } from './infra/redis/redis-reachable';

/** Runs only the background processors (npm run start:worker); start the API with RUN_WORKER=false next to it. */
async function bootstrap(): Promise<void> {
  const config = new AppConfig({ ...loadConfigFromProcess(), runWorker: true });
  await assertRedisReachable(config.redisUrl);
  const applied = await databaseAtStart(config);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  const logger = context.get(Logger);
  context.useLogger(logger);
  context.enableShutdownHooks();
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
  logger.log('Worker started');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
