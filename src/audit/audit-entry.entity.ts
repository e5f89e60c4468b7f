import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the audit log. Append-only (database triggers refuse DELETE, TRUNCATE and every UPDATE but the one that
 * seals an entry) and tamper-evident: `hash` covers the entry's content and the previous entry's hash in the same chain.
 * An entry is written unsealed with its change and sealed (sequence, previousHash, hash) by AuditSealer after commit.
 */
@Entity('audit_entries')
@Index(['chain', 'sequence'], { unique: true })
@Index('IDX_audit_entries_unsealed', ['chain', 'id'], { where: '"hash" IS NULL' })
@Index(['organizationId', 'occurredAt'])
@Index(['organizationId', 'entityType', 'entityId'])
@Index('IDX_audit_entries_renames', ['organizationId', 'id'], { where: `"action" = 'user.renamed'` })
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** One chain per organization ('org:<id>'), and 'platform' for events outside any organization. */
  @Column({ type: 'text' })
  chain: string;

  /** Null until sealed. */
  @Column({ type: 'int', nullable: true })
  sequence: number | null;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  actorRoles: string[];

  /** e.g. report.submitted, report.edited, auth.login_failed, access.denied, audit.exported */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  entityType: string | null;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'text', nullable: true })
  ipAddress: string | null;

  /** What happened in detail: field-level changes, comments, reasons. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'char', length: 64, nullable: true })
  previousHash: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash: string | null;
}
