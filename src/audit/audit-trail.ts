import { Injectable } from '@nestjs/common';
import { AuditEntriesRepository, AuditFilters } from './audit-entries.repository';
import { AuditEntry } from './audit-entry.entity';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { chainOf } from './audit-log';

export interface ChainVerification {
  chain: string;
  ok: boolean;
  checked: number;
  firstBroken?: { id: string; sequence: number; reason: string };
}

const VERIFY_BATCH = 1000;

/** Reads the audit log: queries for planning and administrators, and verification of the hash chains. */
@Injectable()
export class AuditTrail {
  constructor(private readonly entries: AuditEntriesRepository) {}

  query(
    organizationId: string,
    filters: AuditFilters,
    page: { page: number; pageSize: number },
  ): Promise<[AuditEntry[], number]> {
    return this.entries.search(organizationId, filters, page);
  }

  chains(): Promise<string[]> {
    return this.entries.chains();
  }

  /**
   * Recomputes every hash of a chain in order. Names the first entry whose content no longer matches its hash,
   * whose link to the previous entry is broken, or that follows a gap (a deleted entry).
   */
  async verify(organizationId: string | null): Promise<ChainVerification> {
    const chain = chainOf(organizationId);
    let previousHash = GENESIS_HASH;
    let expectedSequence = 1;
    let checked = 0;
    for (;;) {
      const batch = await this.entries.inChainOrder(chain, checked, VERIFY_BATCH);
      for (const entry of batch) {
        const broken = (reason: string): ChainVerification => ({
          chain,
          ok: false,
          checked,
          firstBroken: { id: entry.id, sequence: entry.sequence, reason },
        });
        if (entry.sequence !== expectedSequence) return broken(`entry ${expectedSequence} of the chain is missing`);
        if (entry.previousHash !== previousHash) return broken('does not link to the previous entry');
        if (entryHash(entry, previousHash) !== entry.hash)
          return broken('content does not match its hash (modified after it was written)');
        previousHash = entry.hash;
        expectedSequence++;
        checked++;
      }
      if (batch.length < VERIFY_BATCH) return { chain, ok: true, checked };
    }
  }
}
