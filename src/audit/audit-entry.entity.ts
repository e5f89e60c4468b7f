import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the audit log. Append-only (a database trigger refuses UPDATE, DELETE and TRUNCATE) and
 * tamper-evident: `hash` covers the entry's content and the previous entry's hash in the same chain.
 */
@Entity('audit_entries')
@Index(['chain', 'sequence'], { unique: true })
@Index(['organizationId', 'occurredAt'])
@Index(['organizationId', 'entityType', 'entityId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** One chain per organization ('org:<id>'), and 'platform' for events outside any organization. */
  @Column({ type: 'text' })
  chain: string;

  @Column({ type: 'int' })
  sequence: number;

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

  @Column({ type: 'char', length: 64 })
  previousHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
