import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum DeliveryChannel {
  /** In the inbox and by e-mail at once. */
  ImmediateEmail = 'immediate_email',
  /** In the inbox at once; by e-mail in one daily digest. */
  DailyDigest = 'daily_digest',
  /** Only in the inbox. */
  InAppOnly = 'in_app_only',
  /** Not at all: neither in the inbox nor by e-mail. */
  Off = 'off',
}

/** A user's choice of channel for one kind of event; absent means the kind's default (notification-catalogue.ts). */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  eventType: string;

  @Column({ type: 'enum', enum: DeliveryChannel, enumName: 'delivery_channel' })
  channel: DeliveryChannel;
}
