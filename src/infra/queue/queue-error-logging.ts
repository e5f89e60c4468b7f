import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';

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
