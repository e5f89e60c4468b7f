import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum DeliveryStatus {
  Pending = 'pending',
  Sent = 'sent',
  /** Every attempt failed; an administrator can retry it. */
  Failed = 'failed',
  /**
   * Not sent: the notification it is about (every item of a digest) was settled (対応済み) before its turn came; it asks
   * for nothing now.
   */
  Withheld = 'withheld',
}

/** A file sent with an e-mail (a calendar entry): small text, kept with the mail so a retry sends the same. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * One e-mail to send: for a single notification, a daily digest of several, the mail of a bulk action (一括公表) listing
 * what it did, or an invitation.
 */
@Entity('email_deliveries')
@Index(['status', 'organizationId'])
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * Whose administrators list it should it fail. A digest's is that of its oldest notice: it may gather several
   * municipalities' notices, and is listed in one of them alone.
   */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  /** Null for an invitation: its address may have no account (yet). */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /**
   * The notification this mail is about; null for a mail of several (they name it). Unique: one immediate mail per
   * notification.
   */
  @Index({ unique: true, where: '"notification_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  notificationId: string | null;

  /**
   * A daily digest: its items are the notifications that name it (Notification.digestDeliveryId). One left with none
   * open, its items settled or gone into a later digest, has nothing to send.
   */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  @Column({ type: 'text' })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: MailAttachment[];

  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'delivery_status', default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Each administrator retry starts a new round of attempts under a new job id. */
  @Column({ type: 'int', default: 0 })
  retryRound: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
