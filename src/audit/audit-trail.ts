import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { chainOf } from './audit-log';

export interface AuditFilters {
  reportId?: string;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

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
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  query(organizationId: string, filters: AuditFilters, page: { page: number; pageSize: number }): Promise<[AuditEntry[], number]> {
    const query = this.entries.createQueryBuilder('entry').where('entry.organizationId = :organizationId', { organizationId });
    if (filters.reportId) query.andWhere(`entry.entityType = 'report' AND entry.entityId = :reportId`, { reportId: filters.reportId });
    if (filters.actorUserId) query.andWhere('entry.actorUserId = :actorUserId', { actorUserId: filters.actorUserId });
    if (filters.action) query.andWhere('entry.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('entry.occurredAt >= :from', { from: filters.from });
    if (filters.to) query.andWhere('entry.occurredAt < :to', { to: filters.to });
    return query
      .orderBy('entry.sequence', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
  }

  async chains(): Promise<string[]> {
    const rows: { chain: string }[] = await this.entries.query('SELECT DISTINCT chain FROM audit_entries ORDER BY chain');
    return rows.map((row) => row.chain);
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
      const batch = await this.entries.find({ where: { chain }, order: { sequence: 'ASC' }, skip: checked, take: VERIFY_BATCH });
      for (const entry of batch) {
        const broken = (reason: string): ChainVerification => ({ chain, ok: false, checked, firstBroken: { id: entry.id, sequence: entry.sequence, reason } });
        if (entry.sequence !== expectedSequence) return broken(`entry ${expectedSequence} of the chain is missing`);
        if (entry.previousHash !== previousHash) return broken('does not link to the previous entry');
        if (entryHash(entry, previousHash) !== entry.hash) return broken('content does not match its hash (modified after it was written)');
        previousHash = entry.hash;
        expectedSequence++;
        checked++;
      }
      if (batch.length < VERIFY_BATCH) return { chain, ok: true, checked };
    }
  }
}
