import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { inserting } from '../infra/database/insert-statements';
import { insertInOneStatement, type Statement } from '../infra/database/one-statement';
import { AuditEntry } from './audit-entry.entity';
import { lockUntilCommit } from '../infra/database/advisory-lock';

export interface AuditFilters {
  reportId?: string;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** The last sealed entry of a chain: what the next entry links to. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

/** An entry as the sealer chained it. */
export type SealedEntry = AuditEntry & ChainHead & { previousHash: string };

/** What AuditLog writes; the sealer adds the rest. */
export type UnsealedEntry = Omit<AuditEntry, 'id' | 'sequence' | 'previousHash' | 'hash'>;

/** A person's rename as an organization's log recorded it (user.renamed): in which entry, whose, from what to what. */
export interface LoggedRename {
  entryId: string;
  userId: string;
  from: string;
  to: string;
}

export interface Seal extends ChainHead {
  id: string;
  previousHash: string;
}

/** The only place that queries audit_entries. */
@Injectable()
export class AuditEntriesRepository {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Inside the caller's transaction, unsealed, in one statement however many. */
  async add(manager: EntityManager, entries: UnsealedEntry[]): Promise<void> {
    await insertInOneStatement(manager, [this.adding(manager, entries)]);
  }

  /** The insert of `add`, for the caller to send with others (insertInOneStatement); none for no entries. */
  adding(manager: EntityManager, entries: UnsealedEntry[]): Statement | undefined {
    return inserting(manager, AuditEntry, entries);
  }

  /** Serializes the sealers of one chain (in any process) until commit; writers never take it. */
  async lockChainForSealing(manager: EntityManager, chain: string): Promise<void> {
    await lockUntilCommit(manager, chain);
  }

  /** The last sealed entry of a chain, or null while it has none. */
  async sealedHead(manager: EntityManager, chain: string): Promise<ChainHead | null> {
    const [head]: ChainHead[] = await manager.query(
      `SELECT sequence, hash FROM audit_entries WHERE chain = $1 AND sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1`,
      [chain],
    );
    return head ?? null;
  }

  /** Committed entries still to be sealed, in the order they were written. */
  unsealed(manager: EntityManager, chain: string, limit: number): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { where: { chain, hash: IsNull() }, order: { id: 'ASC' }, take: limit });
  }

  async seal(manager: EntityManager, seals: Seal[]): Promise<void> {
    await manager.query(
      `UPDATE audit_entries AS entry SET sequence = seal.sequence, previous_hash = seal.previous_hash, hash = seal.hash
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[]) AS seal(id, sequence, previous_hash, hash)
       WHERE entry.id = seal.id`,
      [
        seals.map((seal) => seal.id),
        seals.map((seal) => seal.sequence),
        seals.map((seal) => seal.previousHash),
        seals.map((seal) => seal.hash),
      ],
    );
  }

  /** Outside any transaction, through the partial index of unsealed entries: the common answer is no. */
  async hasUnsealed(chain: string): Promise<boolean> {
    const [row]: { waiting: boolean }[] = await this.entries.query(
      'SELECT EXISTS (SELECT 1 FROM audit_entries WHERE chain = $1 AND hash IS NULL) AS waiting',
      [chain],
    );
    return row.waiting;
  }

  async chainsWithUnsealed(): Promise<string[]> {
    const rows: { chain: string }[] = await this.entries.query(
      'SELECT DISTINCT chain FROM audit_entries WHERE hash IS NULL',
    );
    return rows.map((row) => row.chain);
  }

  /**
   * One organization's entries, newest first, one page, with the total matching. By id here and in inBatches: unsealed
   * entries have no sequence yet, and ids follow the order entries were written.
   */
  search(
    organizationId: string,
    filters: AuditFilters,
    page: { page: number; pageSize: number },
  ): Promise<[AuditEntry[], number]> {
    return this.matching(organizationId, filters)
      .orderBy('entry.id', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
  }

  /** Everyone who made an entry of the organization's log, members now or not (the filter of 操作した人). */
  async actorIdsOf(organizationId: string): Promise<string[]> {
    const rows = await this.entries
      .createQueryBuilder('entry')
      .select('DISTINCT entry.actorUserId', 'actorUserId')
      .where('entry.organizationId = :organizationId', { organizationId })
      .andWhere('entry.actorUserId IS NOT NULL')
      .getRawMany<{ actorUserId: string }>();
    return rows.map((row) => row.actorUserId);
  }

  /** The renames the organization's log recorded, oldest first: a few rows of their own partial index. */
  renamesIn(organizationId: string): Promise<LoggedRename[]> {
    return this.entries
      .createQueryBuilder('entry')
      .select('entry.id', 'entryId')
      .addSelect('entry.entityId', 'userId')
      .addSelect(`entry.details ->> 'from'`, 'from')
      .addSelect(`entry.details ->> 'to'`, 'to')
      .where('entry.organizationId = :organizationId', { organizationId })
      .andWhere(`entry.entityType = 'user' AND entry.action = 'user.renamed'`)
      .orderBy('entry.id')
      .getRawMany<LoggedRename>();
  }

  /** The actions one request (by its id) made in the organization's log, each once. */
  async actionsOfRequest(organizationId: string, requestId: string): Promise<string[]> {
    const rows = await this.entries
      .createQueryBuilder('entry')
      .select('DISTINCT entry.action', 'action')
      .where('entry.organizationId = :organizationId', { organizationId })
      .andWhere('entry.requestId = :requestId', { requestId })
      .getRawMany<{ action: string }>();
    return rows.map((row) => row.action);
  }

  /** How many entries match, and the newest of them: where an export starts, so that later entries stay out of it. */
  async countMatching(
    organizationId: string,
    filters: AuditFilters,
  ): Promise<{ count: number; newestId: string | null }> {
    const row = await this.matching(organizationId, filters)
      .select('count(*)::int', 'count')
      .addSelect('max(entry.id)', 'newestId')
      .getRawOne<{ count: number; newestId: string | null }>();
    return row ?? { count: 0, newestId: null };
  }

  /** The matching entries up to `newestId`, newest first, `size` at a time: a walk by key, flat in memory at any length. */
  async *inBatches(
    organizationId: string,
    filters: AuditFilters,
    newestId: string | null,
    size: number,
  ): AsyncGenerator<AuditEntry[]> {
    if (newestId === null) return;
    for (let below: string | undefined; ;) {
      const batch = await this.matching(organizationId, filters)
        .andWhere(below === undefined ? 'entry.id <= :newestId' : 'entry.id < :below', { newestId, below })
        .orderBy('entry.id', 'DESC')
        .limit(size)
        .getMany();
      if (batch.length > 0) yield batch;
      if (batch.length < size) return;
      below = batch[batch.length - 1].id;
    }
  }

  /**
   * The action that made each version of a report: the first entry recording that version (details.version), as a
   * later one at the same version (an export, say) changed nothing. `since`: only the versions after one, read in a
   * transaction.
   */
  actionsByReportVersion(
    organizationId: string,
    reportId: string,
    since?: { afterVersion: number; manager: EntityManager },
  ): Promise<{ version: number; action: string }[]> {
    const version = `(entry.details ->> 'version')::int`;
    const query = this.matching(organizationId, { reportId }, since?.manager);
    if (since) query.andWhere(`${version} > :afterVersion`, { afterVersion: since.afterVersion });
    return query
      .distinctOn([version])
      .select(version, 'version')
      .addSelect('entry.action', 'action')
      .andWhere(`entry.details ->> 'version' IS NOT NULL`)
      .orderBy(version)
      .addOrderBy('entry.occurredAt')
      .addOrderBy('entry.id')
      .getRawMany();
  }

  private matching(organizationId: string, filters: AuditFilters, manager?: EntityManager) {
    const query = (manager?.getRepository(AuditEntry) ?? this.entries)
      .createQueryBuilder('entry')
      .where('entry.organizationId = :organizationId', { organizationId });
    if (filters.reportId)
      query.andWhere(`entry.entityType = 'report' AND entry.entityId = :reportId`, { reportId: filters.reportId });
    if (filters.actorUserId) query.andWhere('entry.actorUserId = :actorUserId', { actorUserId: filters.actorUserId });
    if (filters.action) query.andWhere('entry.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('entry.occurredAt >= :from', { from: filters.from });
    if (filters.to) query.andWhere('entry.occurredAt < :to', { to: filters.to });
    return query;
  }

  async chains(): Promise<string[]> {
    const rows: { chain: string }[] = await this.entries.query(
      'SELECT DISTINCT chain FROM audit_entries ORDER BY chain',
    );
    return rows.map((row) => row.chain);
  }

  /** The last sealed entry of every chain, or of the given chains, with the organization the chain belongs to. */
  heads(chains?: string[]): Promise<(ChainHead & Pick<AuditEntry, 'chain' | 'organizationId'>)[]> {
    return this.entries.query(
      `SELECT DISTINCT ON (chain) chain, organization_id AS "organizationId", sequence, hash
       FROM audit_entries WHERE sequence IS NOT NULL ${chains ? 'AND chain = ANY($1)' : ''} ORDER BY chain, sequence DESC`,
      chains ? [chains] : [],
    );
  }

  async atSequence(chain: string, sequence: number): Promise<ChainHead | null> {
    const entry = await this.entries.findOne({ where: { chain, sequence }, select: { sequence: true, hash: true } });
    return entry as ChainHead | null;
  }

  /**
   * The sealed entries after `afterSequence`, in sequence order: a walk by key, flat in time and memory at any length.
   */
  inChainOrder(chain: string, afterSequence: number, limit: number): Promise<SealedEntry[]> {
    return this.entries.query(
      `SELECT ${SEALED_COLUMNS} FROM audit_entries WHERE chain = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [chain, afterSequence, limit],
    );
  }

  /**
   * The sealed entries of `chains` in the order they lie in the table, not in sequence order, `size` at a time: one
   * pass over the log where walking each chain by its index reads a page for every entry (a chain's entries lie among
   * every other chain's). One snapshot throughout; the next batch is read while the caller works on this one.
   */
  async *asStored(chains: string[], size: number): AsyncGenerator<SealedEntry[]> {
    const runner = this.entries.manager.connection.createQueryRunner();
    let reading: Promise<SealedEntry[]> | undefined;
    try {
      await runner.startTransaction();
      // A cursor is planned for its first rows unless told otherwise: all of them are read. A scan that joined another
      // under way (as PostgreSQL does to share reads) would begin mid-table: every chain from its middle.
      await runner.query(`SET LOCAL cursor_tuple_fraction = 1; SET LOCAL synchronize_seqscans = off`);
      await runner.query(
        `DECLARE stored NO SCROLL CURSOR FOR
           SELECT ${SEALED_COLUMNS} FROM audit_entries WHERE chain = ANY($1) AND sequence IS NOT NULL`,
        [chains],
      );
      const read = () => runner.query(`FETCH ${size} FROM stored`) as Promise<SealedEntry[]>;
      for (let batch = await read(); batch.length > 0; batch = await reading) {
        reading = read();
        // Marked as handled until awaited: a failure while the caller works must not become an unhandled rejection.
        reading.catch(() => undefined);
        yield batch;
      }
      await runner.commitTransaction();
    } finally {
      // The caller stopped early or a read failed: the read under way ends before the transaction is rolled back.
      await reading?.catch(() => undefined);
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}

/** An entry's columns as SealedEntry names them: plain rows, not entities (hydration doubled a verification's time). */
const SEALED_COLUMNS = `id, chain, sequence, organization_id AS "organizationId", occurred_at AS "occurredAt",
  actor_user_id AS "actorUserId", actor_roles AS "actorRoles", action, entity_type AS "entityType",
  entity_id AS "entityId", request_id AS "requestId", ip_address AS "ipAddress", details,
  previous_hash AS "previousHash", hash`;
