import { BullModule } from '@nestjs/bullmq';
import { Global, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Gives every queue an error listener: without one BullMQ prints each failed reconnect to the console.
 * While Redis is away the outage is logged once per queue and interval, and /health reports it.
 */
@Injectable()
export class QueueErrorLogging implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const queue: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (!(queue instanceof Queue)) continue;
      let lastLogged = 0;
      queue.on('error', (error: Error) => {
        if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
        lastLogged = Date.now();
        this.logger.warn(`Queue ${queue.name}: ${error.message}`);
      });
    }
  }
}

export function redisConnectionOptions(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(config.redisUrl),
        prefix: `${config.redisPrefix}:bull`,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: false,
        },
      }),
    }),
  ],
  providers: [QueueErrorLogging],
  exports: [BullModule],
})
export class QueueModule {}

/**
 * Options of every processor. Decorators are evaluated when the code loads, before configuration is
 * injected, so this reads the one setting it needs from the environment (validated again at start-up).
 * A crashed worker's job is taken over after this long.
 */
export function processorOptions(concurrency = 1): {
  stalledInterval: number;
  lockDuration: number;
  concurrency: number;
} {
  const configured = Number(process.env.QUEUE_STALLED_INTERVAL_MS);
  const interval = Number.isInteger(configured) && configured >= 100 ? configured : 30_000;
  return { stalledInterval: interval, lockDuration: interval, concurrency };
}
