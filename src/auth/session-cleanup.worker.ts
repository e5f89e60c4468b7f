import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { processorOptions } from '../infra/queue/queue.module';
import { AuthService } from './auth.service';

export const SESSION_CLEANUP_QUEUE = 'session-cleanup';
const KEEP_ENDED_SESSIONS_DAYS = 30;

/** Deletes sessions that ended over a month ago; ended sessions stay a while for investigating incidents. */
@Processor(SESSION_CLEANUP_QUEUE, processorOptions())
export class SessionCleanupProcessor extends WorkerHost {
  private readonly logger = new Logger(SessionCleanupProcessor.name);

  constructor(private readonly auth: AuthService) {
    super();
  }

  async process(): Promise<{ deleted: number }> {
    const deleted = await this.auth.purgeEndedSessions(new Date(Date.now() - KEEP_ENDED_SESSIONS_DAYS * 86_400_000));
    this.logger.log(`Purged ${deleted} ended sessions`);
    return { deleted };
  }
}

@Injectable()
export class SessionCleanupScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(SESSION_CLEANUP_QUEUE) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: every worker process upserts the same scheduler.
    await this.queue.upsertJobScheduler('daily-session-cleanup', { pattern: '0 3 * * *', tz: 'Asia/Tokyo' }, { name: 'purge' });
  }
}
