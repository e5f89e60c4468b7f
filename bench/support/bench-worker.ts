import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/bootstrap/app.module';
import { loadConfig } from '../../src/infra/config/app-config';
import { type ServerProcess, serveParent, startServerProcess } from './server-process';

/**
 * A worker process for a benchmark, as `npm run start:worker` runs it (every background processor, no HTTP), on the
 * database and Redis of a bench app's settings. Its `url` means nothing: a worker listens on no port.
 */
export function startBenchWorker(settings: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess(__filename, { ...settings, RUN_WORKER: 'true' });
}

if (require.main === module)
  serveParent<Record<string, string>>(async (settings) => {
    const context = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(settings)), {
      bufferLogs: true,
    });
    context.enableShutdownHooks();
    return 0;
  });
