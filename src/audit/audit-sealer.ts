import { Injectable } from '@nestjs/common';
import { Transactions } from '../infra/database/transactions';
import { AuditEntriesRepository, type Seal } from './audit-entries.repository';
import { entryHash, GENESIS_HASH } from './audit-hash';

/** Entries sealed per transaction: a long catch-up commits as it goes and never holds a chain for long. */
const SEAL_BATCH = 2000;

/**
 * Chains audit entries after their transactions commit: each unsealed entry gets the next sequence of its chain, the
 * previous entry's hash and its own, in the order the sealer sees them committed. Any process may seal (the chain's
 * advisory lock serializes sealers, writers never take it); what a crashed process left unsealed is sealed by the next
 * call, so nothing depends on the sealer that happened to be notified.
 */
@Injectable()
export class AuditSealer {
  /** One sealing per chain at a time in this process; a request during one makes it go round once more. */
  private readonly sealing = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly entries: AuditEntriesRepository,
    private readonly transactions: Transactions,
  ) {}

  /** Seals every entry of the chain committed before the call; resolves when they are sealed. */
  seal(chain: string): Promise<void> {
    const running = this.sealing.get(chain);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: true, done: Promise.resolve() };
    state.done = (async () => {
      try {
        while (state.again) {
          state.again = false;
          while ((await this.sealBatch(chain)) === SEAL_BATCH);
        }
      } finally {
        this.sealing.delete(chain);
      }
    })();
    this.sealing.set(chain, state);
    return state.done;
  }

  /**
   * Every chain with entries waiting, or those of `among`: after a start or a lost notification, and before chains are
   * read. One query finds them, where asking each chain would be a query a chain.
   */
  async sealAll(among?: string[]): Promise<void> {
    const only = among && new Set(among);
    for (const chain of await this.entries.chainsWithUnsealed()) if (!only || only.has(chain)) await this.seal(chain);
  }

  private async sealBatch(chain: string): Promise<number> {
    if (!(await this.entries.hasUnsealed(chain))) return 0;
    return this.transactions.run(async (manager) => {
      await this.entries.lockChainForSealing(manager, chain);
      const pending = await this.entries.unsealed(manager, chain, SEAL_BATCH);
      if (pending.length === 0) return 0;
      let head = (await this.entries.sealedHead(manager, chain)) ?? { sequence: 0, hash: GENESIS_HASH };
      const seals: Seal[] = pending.map((entry) => {
        const sequence = head.sequence + 1;
        const hash = entryHash({ ...entry, sequence }, head.hash);
        const seal = { id: entry.id, sequence, previousHash: head.hash, hash };
        head = { sequence, hash };
        return seal;
      });
      await this.entries.seal(manager, seals);
      return pending.length;
    });
  }
}
