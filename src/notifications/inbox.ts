import { Injectable, NotFoundException } from '@nestjs/common';
import { Actor } from '../access/actor';
import { Role } from '../access/role';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { UsersService } from '../users/users.service';
import {
  ACTION_KINDS,
  AUDIENCE_ROLES,
  channelFor,
  NOTIFICATION_KINDS,
  NotificationCategory,
} from './notification-catalogue';
import { Notification } from './notification.entity';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationsRepository, TypeFilter } from './notifications.repository';

export interface ChannelSetting {
  eventType: string;
  label: string;
  category: NotificationCategory;
  channel: DeliveryChannel;
  defaultChannel: DeliveryChannel;
}

function typesOf(category: NotificationCategory | undefined): TypeFilter | undefined {
  if (!category) return undefined;
  return category === NotificationCategory.Action ? { only: ACTION_KINDS } : { except: ACTION_KINDS };
}

/** A user's in-app inbox and their choice of channel per kind of event. */
@Injectable()
export class Inbox {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly users: UsersService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  /** In one organization, or (without one) in every organization where the user holds a role now. */
  list(
    userId: string,
    options: {
      unreadOnly: boolean;
      page: number;
      pageSize: number;
      category?: NotificationCategory;
      organizationId?: string;
    },
  ): Promise<[Notification[], number]> {
    const { category, ...page } = options;
    return this.notifications.inboxPage(userId, { ...page, types: typesOf(category) });
  }

  /** In one organization, or (without one) in every organization where the user holds a role now. */
  unreadCount(userId: string, organizationId?: string): Promise<number> {
    return this.notifications.unreadCount(userId, organizationId);
  }

  /** The user's unread notifications in all and of each category (the tabs and the badge), counted at once. */
  async unreadByCategory(
    userId: string,
    organizationId?: string,
  ): Promise<{ all: number } & Record<NotificationCategory, number>> {
    const { all, within } = await this.notifications.unreadCountWithin(userId, ACTION_KINDS, organizationId);
    return { all, [NotificationCategory.Action]: within, [NotificationCategory.Info]: all - within };
  }

  /** How many unread notifications wait for the user in each other organization where they hold a role. */
  unreadElsewhere(userId: string, organizationId: string): Promise<{ organizationId: string; unread: number }[]> {
    return this.notifications.unreadElsewhere(userId, organizationId);
  }

  /** Not found unless the inbox lists it: a notice for a role its reader has lost is as one that is not theirs. */
  async markRead(userId: string, notificationId: string): Promise<void> {
    const marked = await this.notifications.markRead(userId, notificationId);
    if (!marked && !(await this.notifications.belongsTo(userId, notificationId)))
      throw new NotFoundException('Notification not found.');
  }

  /**
   * Following a notification's link: it is read from then on. Returns it, for its link; null for one addressed to the
   * user that their inbox no longer lists (a role lost, a municipality left), which stays unread.
   */
  async open(userId: string, notificationId: string): Promise<Notification | null> {
    const notification = await this.notifications.findOfUser(userId, notificationId);
    if (!notification) {
      if (await this.notifications.wasAddressedTo(userId, notificationId)) return null;
      throw new NotFoundException('Notification not found.');
    }
    await this.notifications.markRead(userId, notificationId);
    return notification;
  }

  markAllRead(userId: string, category?: NotificationCategory, organizationId?: string): Promise<number> {
    return this.notifications.markAllRead(userId, typesOf(category), organizationId);
  }

  /**
   * Every kind of event with the user's channel (the kind's default unless they chose otherwise); with roles, only the
   * kinds that can reach someone holding them.
   */
  async channels(userId: string, roles?: Role[]): Promise<ChannelSetting[]> {
    const chosen = await this.preferences.ofUser(userId);
    return Object.entries(NOTIFICATION_KINDS)
      .filter(([, kind]) => !roles || kind.audience.some((audience) => roles.includes(AUDIENCE_ROLES[audience])))
      .map(([eventType, kind]) => ({
        eventType,
        label: kind.label,
        category: kind.category,
        channel: channelFor(eventType, chosen.find((preference) => preference.eventType === eventType)?.channel),
        defaultChannel: kind.defaultChannel,
      }));
  }

  /**
   * Sets the actor's channels, audited with the before and after of each kind whose channel changed. A choice of the
   * channel a kind already has stores nothing (a kind left at its default keeps following it) and writes no entry.
   */
  async choose(actor: Actor, choices: { eventType: string; channel: DeliveryChannel }[]): Promise<void> {
    await this.transactions.run(async (manager) => {
      // The account locked, so two saves of one person's settings at once each record the other's result as before.
      await this.users.lockAccount(manager, actor.userId);
      const chosen = await this.preferences.ofUser(actor.userId, manager);
      const changed = choices
        .map(({ eventType, channel }) => ({
          eventType,
          before: channelFor(eventType, chosen.find((preference) => preference.eventType === eventType)?.channel),
          after: channel,
        }))
        .filter(({ before, after }) => before !== after);
      if (changed.length === 0) return;
      await this.preferences.choose(
        manager,
        actor.userId,
        changed.map(({ eventType, after }) => ({ eventType, channel: after })),
      );
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'notification_preferences.changed',
          { type: 'user', id: actor.userId },
          { changes: changed.map(({ eventType, before, after }) => ({ path: `/${eventType}`, before, after })) },
        ),
      );
    });
  }
}
