import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../access/role';

/**
 * One notification in one user's in-app inbox. Unique per (outbox event, recipient): however often an
 * event is processed, each person gets it once.
 */
@Entity('notifications')
@Index(['outboxEventId', 'userId'], { unique: true })
// (user, organization, created_at) INCLUDE what the inbox filters on, made by the migration InboxIndex: TypeORM's
// indexes cannot include columns, so the schema sync leaves it alone.
@Index('IDX_notifications_inbox', { synchronize: false })
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

  /**
   * The roles its reader was told of it for (of its kind's audiences, those that reached them): it is theirs to read
   * while they hold one of them in its organization, not merely any role there.
   */
  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true })
  audienceRoles: Role[];

  /**
   * For a notice to a department's project owners: that department, whose owners alone may read it as project owners;
   * null for any other, and for one written before it was recorded whose department is unknown (any department's).
   */
  @Column({ type: 'uuid', nullable: true })
  audienceDepartmentId: string | null;

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

  /**
   * The daily digest e-mail it went out in, or the one mail of the bulk action (一括公表) that told of it: sent without
   * it if it is settled while the mail waits. Kept when that digest fails and this waits again, so that the digest sent
   * again takes it back; the next digest takes it over.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  digestDeliveryId: string | null;
}
