import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntriesRepository, AuditFilters, type LoggedRename } from './audit-entries.repository';
import { AuditEntry } from './audit-entry.entity';
import { type SignedCheckpoint } from './audit-checkpoint';
import { AuditCheckpointFiles } from './audit-checkpoint-files';
import { chainOf } from './audit-log';
import { AuditSealer } from './audit-sealer';
import { ChainWalk, type BrokenEntry } from './chain-walk';

export interface ChainVerification {
  chain: string;
  ok: boolean;
  checked: number;
  firstBroken?: BrokenEntry;
  /** The newest checkpoint this installation signed, which the chain must still reach with the same hash. */
  checkpoint?: { file: string; sequence: number; hash: string; recordedAt: string };
  /** Entries the checkpoint vouches for that are gone from the end of the chain. */
  missing?: { from: number; to: number };
  /** Checkpoint files newer than `checkpoint` that cannot be trusted: altered, unsigned, of another key, misplaced. */
  badCheckpoints: { file: string; reason: string }[];
  /** Every finding as a sentence; empty when ok. */
  problems: string[];
}

const VERIFY_BATCH = 1000;
/** Entries read before the one they follow that a verification keeps at once (a few hundred bytes each). */
const MAX_WAITING = 50_000;
const EXPORT_BATCH = 1000;

/** Reads the audit log: queries for planning and administrators, and verification of the hash chains. */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly entries: AuditEntriesRepository,
    private readonly checkpoints: AuditCheckpointFiles,
    private readonly sealer: AuditSealer,
  ) {}

  query(
    organizationId: string,
    filters: AuditFilters,
    page: { page: number; pageSize: number },
  ): Promise<[AuditEntry[], number]> {
    return this.entries.search(organizationId, filters, page);
  }

  /** Everyone who made an entry of the organization's log, members now or not. */
  actorIdsOf(organizationId: string): Promise<string[]> {
    return this.entries.actorIdsOf(organizationId);
  }

  /** The renames of people the organization's log recorded, oldest first: the names its entries were written under. */
  renamesIn(organizationId: string): Promise<LoggedRename[]> {
    return this.entries.renamesIn(organizationId);
  }

  /** The actions one request (by its id) made in the organization's log, each once. */
  actionsOfRequest(organizationId: string, requestId: string): Promise<string[]> {
    return this.entries.actionsOfRequest(organizationId, requestId);
  }

  /**
   * What made each version of a report (its entry's action), for the report's history; `since` a version was read, in
   * the transaction that refuses a decision taken on it, to name what changed.
   */
  async actionsByReportVersion(
    organizationId: string,
    reportId: string,
    since?: { afterVersion: number; manager: EntityManager },
  ): Promise<Map<number, string>> {
    const rows = await this.entries.actionsByReportVersion(organizationId, reportId, since);
    return new Map(rows.map((row) => [row.version, row.action]));
  }

  /**
   * An export of the matching entries: how many there are, and the entries newest first, read a batch at a time as they
   * are written out, so that a log of any length fits in memory.
   */
  async export(
    organizationId: string,
    filters: AuditFilters,
  ): Promise<{ rows: number; batches: AsyncIterable<AuditEntry[]> }> {
    const { count, newestId } = await this.entries.countMatching(organizationId, filters);
    return { rows: count, batches: this.entries.inBatches(organizationId, filters, newestId, EXPORT_BATCH) };
  }

  /** Chains with entries, and chains with checkpoints: a chain emptied in the database still has to answer for them. */
  async chains(): Promise<string[]> {
    const [stored, checkpointed] = await Promise.all([this.entries.chains(), this.checkpoints.chains()]);
    return [...new Set([...stored, ...checkpointed])].sort();
  }

  /**
   * The last entry of each chain (all chains, or those of the given organizations; null: the platform chain), once
   * what was committed before the call is sealed.
   */
  async heads(organizationIds?: (string | null)[]) {
    const chains = organizationIds?.map(chainOf);
    await this.sealer.sealAll(chains);
    return this.entries.heads(chains);
  }

  /** verifyChains of one organization's chain (null: the platform's). */
  async verify(organizationId: string | null): Promise<ChainVerification> {
    const [verification] = await this.verifyChains([chainOf(organizationId)]);
    return verification;
  }

  /**
   * Seals what was committed before the call, then recomputes every hash of each chain in order. Names the first entry
   * whose content no longer matches its hash, whose link to the previous entry is broken, or that follows a gap (a
   * deleted entry). Then holds the chain to its newest signed checkpoint, which catches what the chain alone cannot
   * show: entries deleted from its end, or the chain rewritten with fresh hashes.
   *
   * The chains are read together in one pass over the log, as the table holds their entries: in sequence order but for
   * entries written at the same moment, or one moved by an edit. An entry read before the one it follows waits for it;
   * a chain that cannot be read so is walked again by its index, in sequence order.
   */
  async verifyChains(chains: string[]): Promise<ChainVerification[]> {
    await this.sealer.sealAll(chains);
    const checkpoints = new Map<string, TrustedCheckpoint>();
    for (const chain of chains) checkpoints.set(chain, await this.newestTrustedCheckpoint(chain));
    const walks = new Map(chains.map((chain) => [chain, new ChainWalk(checkpoints.get(chain)!.checkpoint?.sequence)]));
    const inOrder = new Set<string>();
    let waiting = 0;
    for await (const batch of this.entries.asStored(chains, VERIFY_BATCH))
      for (const entry of batch) {
        if (inOrder.has(entry.chain)) continue;
        const walk = walks.get(entry.chain)!;
        const before = walk.waiting;
        const placed = walk.takeAsRead(entry);
        waiting += walk.waiting - before;
        // Memory stays flat however the table holds a chain: past the limit, the chain's walk (and what waits in it) is
        // let go, and the chain walked by its index instead.
        if (!placed || waiting > MAX_WAITING) {
          waiting -= walk.waiting;
          walks.delete(entry.chain);
          inOrder.add(entry.chain);
        }
      }
    for (const walk of walks.values()) walk.finish();
    for (const chain of inOrder) walks.set(chain, await this.walkInOrder(chain, checkpoints.get(chain)!));
    return chains.map((chain) => verification(chain, walks.get(chain)!, checkpoints.get(chain)!));
  }

  /**
   * Why a chain whose last entry is `head` no longer holds what `checkpoint` recorded (entries gone from its end, or
   * that entry rewritten), or null when it still does. A checkpoint is not signed over such a chain: the newest
   * checkpoint would then vouch for the shortened chain.
   */
  async departureFrom(checkpoint: SignedCheckpoint, head: { sequence: number; hash: string }): Promise<string | null> {
    if (head.sequence < checkpoint.sequence) return missingEntries(head.sequence, checkpoint);
    const entry =
      head.sequence === checkpoint.sequence
        ? head
        : await this.entries.atSequence(checkpoint.chain, checkpoint.sequence);
    return entry?.hash === checkpoint.hash ? null : `entry ${checkpoint.sequence} ${rewritten(checkpoint)}`;
  }

  /** The newest checkpoint that this installation's key signed, and the untrustworthy files found before it. */
  async newestTrustedCheckpoint(chain: string) {
    const badCheckpoints: { file: string; reason: string }[] = [];
    for await (const stored of this.checkpoints.newestFirst(chain)) {
      if (!stored.problem) {
        const checkpoint: SignedCheckpoint & { file: string } = { ...stored.checkpoint!, file: stored.file };
        return { checkpoint, badCheckpoints };
      }
      badCheckpoints.push({ file: stored.file, reason: stored.problem.reason });
    }
    return { checkpoint: undefined, badCheckpoints };
  }

  private async walkInOrder(chain: string, { checkpoint }: TrustedCheckpoint): Promise<ChainWalk> {
    const walk = new ChainWalk(checkpoint?.sequence);
    let reading = this.entries.inChainOrder(chain, 0, VERIFY_BATCH);
    for (;;) {
      const batch = await reading;
      // The next batch is read while this one is hashed: the database and the hashing overlap.
      if (batch.length === VERIFY_BATCH) {
        reading = this.entries.inChainOrder(chain, batch[batch.length - 1].sequence, VERIFY_BATCH);
        // Not awaited when this batch is broken: its failure must not become an unhandled rejection.
        reading.catch(() => undefined);
      }
      for (const entry of batch) {
        walk.take(entry);
        if (walk.stopped) return walk;
      }
      if (batch.length < VERIFY_BATCH) return walk;
    }
  }
}

/** What newestTrustedCheckpoint found for a chain. */
type TrustedCheckpoint = Awaited<ReturnType<AuditTrail['newestTrustedCheckpoint']>>;

/** A chain's walk held to its newest trusted checkpoint, with every finding as a sentence. */
function verification(chain: string, walk: ChainWalk, { checkpoint, badCheckpoints }: TrustedCheckpoint) {
  const result: ChainVerification = {
    chain,
    ok: true,
    checked: walk.checked,
    ...(walk.firstBroken ? { firstBroken: walk.firstBroken } : {}),
    badCheckpoints,
    problems: [],
  };
  if (checkpoint) {
    const { file, sequence, hash, recordedAt } = checkpoint;
    result.checkpoint = { file, sequence, hash, recordedAt };
    // Past a break the chain cannot be compared with the checkpoint; the break is what gets reported.
    if (!walk.firstBroken && walk.checked < sequence) {
      result.missing = { from: walk.checked + 1, to: sequence };
      result.problems.push(missingEntries(walk.checked, checkpoint));
    } else if (!walk.firstBroken && walk.atCheckpoint!.hash !== hash) {
      result.firstBroken = { id: walk.atCheckpoint!.id, sequence, reason: rewritten(checkpoint) };
    }
  }
  if (result.firstBroken) {
    const { id, sequence, reason } = result.firstBroken;
    result.problems.unshift(`BROKEN at entry id ${id} (sequence ${sequence}): ${reason}`);
  }
  result.problems.push(...badCheckpoints.map(({ file, reason }) => `checkpoint file ${file} ${reason}`));
  result.ok = result.problems.length === 0;
  return result;
}

/** "entries 37–41 missing after the last entry 36; checkpoint of 2026-11-29T03:15:00.123Z recorded 41" */
function missingEntries(last: number, checkpoint: SignedCheckpoint): string {
  const from = last + 1;
  const entries = from === checkpoint.sequence ? `entry ${from}` : `entries ${from}–${checkpoint.sequence}`;
  const missing =
    last === 0 ? `${entries} missing: the chain has no entries` : `${entries} missing after the last entry ${last}`;
  return `${missing}; checkpoint of ${checkpoint.recordedAt} recorded ${checkpoint.sequence}`;
}

function rewritten(checkpoint: SignedCheckpoint): string {
  return `has a hash other than the checkpoint of ${checkpoint.recordedAt} recorded (the chain was rewritten up to here)`;
}
