import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One notification in one user's in-app inbox. Unique per (outbox event, recipient): however often an
 * event is processed, each person gets it once.
 */
@Entity('notifications')
@Index(['outboxEventId', 'userId'], { unique: true })
@Index(['userId', 'readAt', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  outboxEventId: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  reportId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  link: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /**
   * 対応済み: what a 要対応 notification asked for has happened or can no longer happen (its kind's settledBy); it is
   * read from then on, for everyone it went to.
   */
  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** Waiting for the recipient's daily digest e-mail (their preference for this kind of event). */
  @Column({ type: 'boolean', default: false })
  pendingDigest: boolean;

  /** The daily digest e-mail it went out in: sent without it if it is settled while the digest waits. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  digestDeliveryId: string | null;
}
