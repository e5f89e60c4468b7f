import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, type Worker } from 'bullmq';

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Gives every queue and every worker an error listener: without one BullMQ prints each error to the console (a failed
 * reconnect, a job whose key vanished), outside the app's log and once per failed call. While Redis is away the outage
 * is logged once per queue or worker and interval, and /health reports it.
 */
@Injectable()
export class QueueErrorLogging implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      // A processor's worker exists by now: @nestjs/bullmq starts it when its module initializes.
      if (instance instanceof Queue) this.logErrors(`Queue ${instance.name}`, (log) => instance.on('error', log));
      else if (instance instanceof WorkerHost) {
        const { worker } = instance as WorkerHost<Worker>;
        this.logErrors(`Worker ${worker.name}`, (log) => worker.on('error', log));
      }
    }
  }

  private logErrors(name: string, listen: (log: (error: Error) => void) => void): void {
    let lastLogged = 0;
    listen((error) => {
      if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
      lastLogged = Date.now();
      this.logger.warn(`${name}: ${error.message}`);
    });
  }
}
