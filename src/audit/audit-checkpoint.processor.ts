import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { processorOptions } from '../infra/queue/queue.module';
import { AuditCheckpoints } from './audit-checkpoints';
import { AUDIT_CHECKPOINTS_QUEUE } from './audit-checkpoint.queue';

/**
 * Every quarter of an hour, a signed checkpoint of each chain that grew since its last one: entries deleted from the
 * end of a chain then go unnoticed only if they were written since.
 */
@Processor(AUDIT_CHECKPOINTS_QUEUE, processorOptions())
export class AuditCheckpointProcessor extends WorkerHost {
  private readonly logger = new Logger(AuditCheckpointProcessor.name);

  constructor(private readonly checkpoints: AuditCheckpoints) {
    super();
  }

  async process(): Promise<{ written: number; refused: number }> {
    const { written, refused } = await this.checkpoints.create(undefined, { onlyChanged: true });
    for (const { chain, reason } of refused)
      this.logger.error(
        `Audit chain ${chain} was not checkpointed, it lost what it held: ${reason}. Run audit:verify.`,
      );
    this.logger.log(`Signed ${written.length} audit checkpoints`);
    return { written: written.length, refused: refused.length };
  }
}
