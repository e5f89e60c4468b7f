import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './bootstrap/app.module';
import { type AppConfig, ConfigError, loadConfigFromProcess } from './infra/config/app-config';
import { superviseApiProcesses } from './infra/http/api-processes';
import { readableLogs } from './infra/logging/request-logging';
import { databaseAtStart } from './infra/database/migrate';
import { assertRedisReachable } from './infra/redis/redis-reachable';
import { configureApp } from './bootstrap/configure-app';
import { AdministratorBootstrap } from './users/administrator-bootstrap';

async function bootstrap(config: AppConfig): Promise<void> {
  await assertRedisReachable(config.redisUrl);
  const applied = await databaseAtStart(config);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  configureApp(app);
  const logger = app.get(Logger);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
  await app.get(AdministratorBootstrap).ensureInitialAdministrator();
  await app.listen(config.port);
  logger.log(
    `Listening on ${config.baseUrl} (API docs: ${config.baseUrl}/api/docs, worker ${config.runWorker ? 'in this process' : 'separate'})`,
  );
}

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  if (cluster.isPrimary && config.apiProcesses > 1) {
    const logger = new ConsoleLogger('ApiProcesses', { json: !readableLogs(config) });
    process.exitCode = await superviseApiProcesses({ count: config.apiProcesses, port: config.port }, logger);
  } else await bootstrap(config);
}

main().catch((error: unknown) => {
  // One clear line for configuration mistakes; the stack only for the unexpected.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
