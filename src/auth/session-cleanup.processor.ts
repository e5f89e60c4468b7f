import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { processorOptions } from '../infra/queue/queue.module';
import { AuthService } from './auth.service';
import { SESSION_CLEANUP_QUEUE } from './session-cleanup.queue';

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
