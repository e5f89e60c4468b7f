import { ConflictException, Injectable } from '@nestjs/common';
import { CHECKPOINT_FORMAT, type SignedCheckpoint } from './audit-checkpoint';
import { AuditCheckpointFiles, type StoredCheckpoint } from './audit-checkpoint-files';
import { type AuditActor, auditEvent, AuditLog, chainOf } from './audit-log';
import { AuditSigningKey } from './audit-signing-key';
import { AuditTrail } from './audit-trail';
import { OrganizationCodes } from './organization-codes';

/** How many checkpoints the administrators' list shows (and prints). */
export const NEWEST_CHECKPOINTS = 20;

export interface WrittenCheckpoint {
  file: string;
  checkpoint: SignedCheckpoint;
}

export interface CheckpointRun {
  written: WrittenCheckpoint[];
  /** Chains that lost what their newest checkpoint recorded: signing their head now would vouch for the loss. */
  refused: { chain: string; reason: string }[];
}

/**
 * Signed checkpoints of the chains' heads, kept outside the database (AuditCheckpointFiles): whoever can delete the
 * last entries of a chain in the database cannot also take back a checkpoint that already recorded them.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    private readonly trail: AuditTrail,
    private readonly files: AuditCheckpointFiles,
    private readonly key: AuditSigningKey,
    private readonly codes: OrganizationCodes,
    private readonly log: AuditLog,
  ) {}

  /** At an administrator's request: their organization's chain, recording who asked in it. */
  async createFor(organizationId: string, by: AuditActor): Promise<WrittenCheckpoint> {
    const { written, refused } = await this.create([organizationId]);
    if (refused.length > 0)
      throw new ConflictException(
        `The audit log no longer holds what its last checkpoint recorded: ${refused[0].reason}. No checkpoint was signed; run audit:verify.`,
      );
    if (written.length === 0)
      throw new ConflictException('The audit log of this organization has no entries to checkpoint yet.');
    const { file, checkpoint } = written[0];
    const { sequence, hash, recordedAt } = checkpoint;
    await this.log.record(
      auditEvent(organizationId, by, 'audit.checkpoint_created', undefined, { file, sequence, hash, recordedAt }),
    );
    return written[0];
  }

  /**
   * Signs the head of each chain with entries: all of them, or those of the given organizations (null: the platform
   * chain). With onlyChanged (the periodic run) a chain whose newest checkpoint already records its head is skipped.
   */
  async create(organizationIds?: (string | null)[], options: { onlyChanged?: boolean } = {}): Promise<CheckpointRun> {
    const heads = await this.trail.heads(organizationIds);
    const codes = await this.codes.codesOf(heads.flatMap((head) => (head.organizationId ? [head.organizationId] : [])));
    const run: CheckpointRun = { written: [], refused: [] };
    for (const head of heads) {
      const { checkpoint: newest } = await this.trail.newestTrustedCheckpoint(head.chain);
      if (newest) {
        const departure = await this.trail.departureFrom(newest, head);
        if (departure) {
          run.refused.push({ chain: head.chain, reason: departure });
          continue;
        }
        if (options.onlyChanged && newest.sequence === head.sequence) continue;
      }
      const checkpoint = this.key.sign({
        format: CHECKPOINT_FORMAT,
        chain: head.chain,
        organizationId: head.organizationId,
        organizationCode: head.organizationId ? (codes.get(head.organizationId) ?? null) : null,
        sequence: head.sequence,
        hash: head.hash,
        recordedAt: new Date().toISOString(),
      });
      run.written.push({ file: await this.files.write(checkpoint), checkpoint });
    }
    return run;
  }

  /** The newest checkpoints of an organization's chain (null: the platform chain), trusted or not. */
  newest(organizationId: string | null, limit: number): Promise<StoredCheckpoint[]> {
    return this.files.newest(chainOf(organizationId), limit);
  }

  /** What an auditor checks the signatures with. */
  publicKey(): { pem: string; fingerprint: string } {
    return this.key.publicKey();
  }
}
