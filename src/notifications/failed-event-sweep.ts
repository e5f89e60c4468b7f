import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OutboxRepository } from '../outbox/outbox.repository';
import { usedAllAttempts } from './event-retries';
import { EventJob } from './outbox-relay';
import { NOTIFICATION_EVENTS_QUEUE } from './queues';

/** Failed jobs read per round trip. */
const PAGE = 100;
/** An event fails after about an hour of retries: a quarter of an hour more before it is listed is in proportion. */
const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * The worker's catch-up on the marks of failed events: one whose last attempt failed while the database was down could
 * not be marked then (NotificationEventsProcessor.onFailed), and would be listed for no administrator. At start and
 * every quarter of an hour, the queue's failed jobs that had their last attempt are marked on their outbox rows unless
 * they are; bounded, as the queue keeps only its latest failed jobs (the relay's removeOnFail), read a page at a time.
 */
@Injectable()
export class FailedEventSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FailedEventSweep.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(NOTIFICATION_EVENTS_QUEUE) private readonly queue: Queue<EventJob>,
    private readonly outbox: OutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.quietly(), SWEEP_INTERVAL_MS);
    void this.quietly();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Marks the failed events not marked yet; how many it marked. */
  async sweep(): Promise<number> {
    let marked = 0;
    for (let start = 0; ; start += PAGE) {
      // Newest first: a failure meanwhile shifts the pages and repeats a job, which marks nothing twice.
      const jobs = await this.queue.getFailed(start, start + PAGE - 1);
      marked += await this.outbox.markUnmarked(
        jobs.filter(usedAllAttempts).map((job) => ({
          eventId: job.data.outboxEventId,
          failedAt: new Date(job.finishedOn ?? Date.now()),
          lastError: job.failedReason,
        })),
      );
      if (jobs.length < PAGE) return marked;
    }
  }

  /** A failed sweep loses nothing: the next one marks what this one did not. */
  private async quietly(): Promise<void> {
    try {
      const marked = await this.sweep();
      if (marked > 0) this.logger.warn(`Marked ${marked} failed notification events whose mark was missing`);
    } catch (error) {
      this.logger.warn(`Failed notification events wait to be marked: ${(error as Error).message}`);
    }
  }
}
