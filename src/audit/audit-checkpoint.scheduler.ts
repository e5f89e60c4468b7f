import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AUDIT_CHECKPOINTS_QUEUE } from './audit-checkpoint.queue';

@Injectable()
export class AuditCheckpointScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(AUDIT_CHECKPOINTS_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: every worker process upserts the same scheduler.
    await this.queue.upsertJobScheduler(
      'audit-checkpoints',
      { pattern: '*/15 * * * *', tz: 'Asia/Tokyo' },
      { name: 'checkpoint' },
    );
  }
}
