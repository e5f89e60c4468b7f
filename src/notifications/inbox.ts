import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { NOTIFICATION_KINDS } from './notification-catalogue';
import { Notification } from './notification.entity';
import { DeliveryChannel, NotificationPreference } from './notification-preference.entity';

/** A user's in-app inbox and their choice of channel per kind of event. */
@Injectable()
export class Inbox {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
  ) {}

  list(userId: string, options: { unreadOnly: boolean; page: number; pageSize: number }): Promise<[Notification[], number]> {
    return this.notifications.findAndCount({
      where: { userId, ...(options.unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    });
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  async markRead(userId: string, notificationId: string): Promise<void> {
    const result = await this.notifications.update({ id: notificationId, userId, readAt: IsNull() }, { readAt: new Date() });
    if (!result.affected && !(await this.notifications.existsBy({ id: notificationId, userId }))) throw new NotFoundException('Notification not found.');
  }

  async markAllRead(userId: string): Promise<number> {
    return (await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() })).affected ?? 0;
  }

  /** Every kind of event with the user's channel (immediate e-mail unless they chose otherwise). */
  async channels(userId: string): Promise<{ eventType: string; label: string; channel: DeliveryChannel }[]> {
    const chosen = await this.preferences.findBy({ userId });
    return Object.entries(NOTIFICATION_KINDS).map(([eventType, kind]) => ({
      eventType,
      label: kind.label,
      channel: chosen.find((preference) => preference.eventType === eventType)?.channel ?? DeliveryChannel.ImmediateEmail,
    }));
  }

  async choose(userId: string, choices: { eventType: string; channel: DeliveryChannel }[]): Promise<void> {
    await this.preferences.upsert(
      choices.map((choice) => ({ userId, ...choice })),
      ['userId', 'eventType'],
    );
  }
}
