import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { SESSION_CLEANUP_QUEUE } from './session-cleanup.queue';

@Injectable()
export class SessionCleanupScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(SESSION_CLEANUP_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: every worker process upserts the same scheduler.
    await this.queue.upsertJobScheduler(
      'daily-session-cleanup',
      { pattern: '0 3 * * *', tz: 'Asia/Tokyo' },
      { name: 'purge' },
    );
  }
}
