import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { QueueErrorLogging } from './queue-error-logging';

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
