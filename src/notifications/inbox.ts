import { Injectable, NotFoundException } from '@nestjs/common';
import { NOTIFICATION_KINDS } from './notification-catalogue';
import { Notification } from './notification.entity';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationsRepository } from './notifications.repository';

/** A user's in-app inbox and their choice of channel per kind of event. */
@Injectable()
export class Inbox {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly preferences: NotificationPreferencesRepository,
  ) {}

  list(
    userId: string,
    options: { unreadOnly: boolean; page: number; pageSize: number },
  ): Promise<[Notification[], number]> {
    return this.notifications.inboxPage(userId, options);
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.unreadCount(userId);
  }

  async markRead(userId: string, notificationId: string): Promise<void> {
    const marked = await this.notifications.markRead(userId, notificationId);
    if (!marked && !(await this.notifications.belongsTo(userId, notificationId)))
      throw new NotFoundException('Notification not found.');
  }

  markAllRead(userId: string): Promise<number> {
    return this.notifications.markAllRead(userId);
  }

  /** Every kind of event with the user's channel (immediate e-mail unless they chose otherwise). */
  async channels(userId: string): Promise<{ eventType: string; label: string; channel: DeliveryChannel }[]> {
    const chosen = await this.preferences.ofUser(userId);
    return Object.entries(NOTIFICATION_KINDS).map(([eventType, kind]) => ({
      eventType,
      label: kind.label,
      channel:
        chosen.find((preference) => preference.eventType === eventType)?.channel ?? DeliveryChannel.ImmediateEmail,
    }));
  }

  choose(userId: string, choices: { eventType: string; channel: DeliveryChannel }[]): Promise<void> {
    return this.preferences.choose(userId, choices);
  }
}
