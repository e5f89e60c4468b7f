import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { AttemptCounters } from '../infra/redis/attempt-counters';
import { processorOptions } from '../infra/queue/queue.module';
import { DENIAL_FOLDS_QUEUE, DenialFoldJob } from './denial-folds.queue';

/**
 * A window of repeated denials closed: the repeats it folded are written now, so that a client that stopped after a
 * burst still leaves them in the log. Unless a later denial's entry took them first (then this finds none).
 */
@Processor(DENIAL_FOLDS_QUEUE, processorOptions())
export class DenialFoldsProcessor extends WorkerHost {
  constructor(
    private readonly counters: AttemptCounters,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  /** How many repeats it wrote. */
  async process(job: Job<DenialFoldJob>): Promise<number> {
    const { key, organizationId, actor, details } = job.data;
    const repeatsFolded = await this.counters.takeFolded(key);
    if (repeatsFolded === 0) return 0;
    try {
      await this.audit.record(
        auditEvent(organizationId, actor, 'access.denials_folded', undefined, { ...details, repeatsFolded }),
      );
    } catch (error) {
      // For the job's next attempt, or the next denial's entry.
      await this.counters.returnFolded(key, repeatsFolded);
      throw error;
    }
    return repeatsFolded;
  }
}
