import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notification to send, written in the same transaction as the change that causes it (transactional
 * outbox): it exists exactly when the change does, and a relay delivers it later.
 */
@Entity('notification_outbox')
@Index(['dispatchedAt', 'createdAt'])
// A report's events in order: what settles a request is looked up among them.
@Index(['reportId', 'createdAt'])
// The events each organization's administrators are shown as failed.
@Index('IDX_notification_outbox_failed', ['organizationId', 'failedAt'], { where: '"failed_at" IS NOT NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  /** e.g. report.submitted, expert.assigned, proposal.awaiting_approval */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /**
   * When its job's last attempt failed: listed for the organization's administrators until one sends it again or the
   * job, run again from the queue dashboard, succeeds.
   */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
