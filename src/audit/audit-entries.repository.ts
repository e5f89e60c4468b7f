import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export interface AuditFilters {
  reportId?: string;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** The last entry of a chain: what the next entry links to. */
export type ChainHead = Pick<AuditEntry, 'sequence' | 'hash'>;

/** The only place that queries audit_entries. */
@Injectable()
export class AuditEntriesRepository {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Serializes writers of one chain until commit, so each entry links to the one before it; null for an empty chain. */
  async lockChainHead(manager: EntityManager, chain: string): Promise<ChainHead | null> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [chain]);
    return manager.findOne(AuditEntry, {
      where: { chain },
      order: { sequence: 'DESC' },
      select: { sequence: true, hash: true },
    });
  }

  /** Call after lockChainHead in the same transaction. */
  add(manager: EntityManager, entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return manager.save(manager.create(AuditEntry, entry));
  }

  /** One organization's entries, newest first, one page, with the total matching. */
  search(
    organizationId: string,
    filters: AuditFilters,
    page: { page: number; pageSize: number },
  ): Promise<[AuditEntry[], number]> {
    const query = this.entries
      .createQueryBuilder('entry')
      .where('entry.organizationId = :organizationId', { organizationId });
    if (filters.reportId)
      query.andWhere(`entry.entityType = 'report' AND entry.entityId = :reportId`, { reportId: filters.reportId });
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
    const rows: { chain: string }[] = await this.entries.query(
      'SELECT DISTINCT chain FROM audit_entries ORDER BY chain',
    );
    return rows.map((row) => row.chain);
  }

  /** The last entry of every chain, or of the given chains, with the organization the chain belongs to. */
  heads(chains?: string[]): Promise<(ChainHead & Pick<AuditEntry, 'chain' | 'organizationId'>)[]> {
    return this.entries.query(
      `SELECT DISTINCT ON (chain) chain, organization_id AS "organizationId", sequence, hash
       FROM audit_entries ${chains ? 'WHERE chain = ANY($1)' : ''} ORDER BY chain, sequence DESC`,
      chains ? [chains] : [],
    );
  }

  atSequence(chain: string, sequence: number): Promise<ChainHead | null> {
    return this.entries.findOne({ where: { chain, sequence }, select: { sequence: true, hash: true } });
  }

  /** A slice of a chain in sequence order, for verifying it batch by batch. */
  inChainOrder(chain: string, offset: number, limit: number): Promise<AuditEntry[]> {
    return this.entries.find({ where: { chain }, order: { sequence: 'ASC' }, skip: offset, take: limit });
  }
}
