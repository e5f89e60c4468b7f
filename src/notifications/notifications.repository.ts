import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, IsNull, Not, Raw, Repository } from 'typeorm';
import { eventMatchCondition, type EventMatch, sameSubjectCondition } from '../outbox/outbox.repository';
import { Notification } from './notification.entity';

export type NewNotification = Pick<
  Notification,
  | 'outboxEventId'
  | 'organizationId'
  | 'userId'
  | 'type'
  | 'audienceRoles'
  | 'audienceDepartmentId'
  | 'reportId'
  | 'title'
  | 'body'
  | 'link'
  | 'pendingDigest'
  | 'readAt'
  | 'settledAt'
>;

/** Some types of notification, or all but some. */
export type TypeFilter = { only: readonly string[] } | { except: readonly string[] };

function typeCondition(types: TypeFilter | undefined): FindOptionsWhere<Notification> {
  if (!types) return {};
  return { type: 'only' in types ? In([...types.only]) : Not(In([...types.except])) };
}

/**
 * A user's inbox: in one organization, or in every organization where they hold a role now. What came from an
 * organization they have left leads to pages closed to them, so it is not shown.
 */
function inboxOf(userId: string, organizationId?: string): FindOptionsWhere<Notification> {
  return {
    userId,
    organizationId:
      organizationId ??
      Raw((column) => `${column} IN (SELECT held.organization_id FROM memberships held WHERE held.user_id = :holder)`, {
        holder: userId,
      }),
  };
}

/** The only place that queries in-app notifications. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** A page of the user's inbox, newest first, with the total. */
  inboxPage(
    userId: string,
    options: { unreadOnly: boolean; page: number; pageSize: number; types?: TypeFilter; organizationId?: string },
  ): Promise<[Notification[], number]> {
    return this.notifications.findAndCount({
      where: {
        ...inboxOf(userId, options.organizationId),
        ...(options.unreadOnly ? { readAt: IsNull() } : {}),
        ...typeCondition(options.types),
      },
      order: { createdAt: 'DESC' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    });
  }

  unreadCount(userId: string, types?: TypeFilter, organizationId?: string): Promise<number> {
    return this.notifications.countBy({
      ...inboxOf(userId, organizationId),
      readAt: IsNull(),
      ...typeCondition(types),
    });
  }

  /** The user's unread notifications of each organization but one, of those where they hold a role now. */
  async unreadElsewhere(userId: string, organizationId: string): Promise<{ organizationId: string; unread: number }[]> {
    const rows: { organization_id: string; unread: number }[] = await this.notifications.query(
      `SELECT n.organization_id, count(*)::int AS unread FROM notifications n
        WHERE n.user_id = $1 AND n.read_at IS NULL AND n.organization_id <> $2
          AND n.organization_id IN (SELECT m.organization_id FROM memberships m WHERE m.user_id = $1)
        GROUP BY n.organization_id ORDER BY n.organization_id`,
      [userId, organizationId],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, unread: row.unread }));
  }

  /** One notification of the user's, or null when there is none of that id in their inbox. */
  findOfUser(userId: string, notificationId: string): Promise<Notification | null> {
    return this.notifications.findOneBy({ id: notificationId, userId });
  }

  /** Whether the notification exists and is the user's, read or not. */
  belongsTo(userId: string, notificationId: string): Promise<boolean> {
    return this.notifications.existsBy({ id: notificationId, userId });
  }

  /** Marks one unread notification of the user read; returns 0 when it is already read or not theirs. */
  async markRead(userId: string, notificationId: string): Promise<number> {
    return (
      (await this.notifications.update({ id: notificationId, userId, readAt: IsNull() }, { readAt: new Date() }))
        .affected ?? 0
    );
  }

  async markAllRead(userId: string, types?: TypeFilter, organizationId?: string): Promise<number> {
    return (
      (
        await this.notifications.update(
          { ...inboxOf(userId, organizationId), readAt: IsNull(), ...typeCondition(types) },
          { readAt: new Date() },
        )
      ).affected ?? 0
    );
  }

  /**
   * In one statement; returns the new notifications' ids by recipient, leaving out the recipients who already have
   * this event (a repeated run).
   */
  async addOnceEach(notifications: NewNotification[], manager?: EntityManager): Promise<Map<string, string>> {
    const inserted = await (manager ?? this.notifications.manager)
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(notifications)
      .orIgnore()
      .returning(['id', 'userId'])
      .execute();
    return new Map((inserted.raw as { id: string; user_id: string }[]).map((row) => [row.user_id, row.id]));
  }

  /**
   * In one statement: every open notification of the report (or, for a settling event about no report, of the
   * organization's notifications about none) whose event `matches` names and was written before the settling event
   * settles, for all its recipients: 対応済み, read, and out of the next digest. Returns how many.
   */
  async settle(
    manager: EntityManager,
    settling: { id: string; organizationId: string; reportId: string | null },
    matches: readonly EventMatch[],
  ): Promise<number> {
    if (matches.length === 0) return 0;
    const params: unknown[] = [settling.id];
    // An UPDATE's result comes as [rows, count].
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE notifications SET settled_at = now(), read_at = coalesce(read_at, now()), pending_digest = false
       WHERE settled_at IS NULL AND ${sameSubjectCondition('notifications', settling, params)} AND outbox_event_id IN (
         SELECT request.id FROM notification_outbox request
         WHERE ${sameSubjectCondition('request', settling, params)}
           AND request.created_at < (SELECT created_at FROM notification_outbox WHERE id = $1)
           AND ${eventMatchCondition('request', matches, params)}
       )`,
      params,
    );
    return count;
  }

  /** Everything waiting for a daily digest, oldest first, locked until the digest e-mails are written. */
  lockAwaitingDigest(manager: EntityManager): Promise<Notification[]> {
    return manager.find(Notification, {
      where: { pendingDigest: true },
      order: { createdAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** No longer waiting: written into the digest e-mail `digestDeliveryId`. */
  async markDigested(manager: EntityManager, notificationIds: string[], digestDeliveryId: string): Promise<void> {
    await manager.update(Notification, { id: In(notificationIds) }, { pendingDigest: false, digestDeliveryId });
  }

  byIds(manager: EntityManager, notificationIds: string[]): Promise<Notification[]> {
    return manager.findBy(Notification, { id: In(notificationIds) });
  }

  /** No longer waiting for a digest, in none: their reader has left. */
  async dropFromDigest(manager: EntityManager, notificationIds: string[]): Promise<void> {
    if (notificationIds.length > 0)
      await manager.update(Notification, { id: In(notificationIds) }, { pendingDigest: false });
  }

  /** The items of a digest e-mail, oldest first. */
  ofDigest(manager: EntityManager, digestDeliveryId: string): Promise<Notification[]> {
    return manager.find(Notification, { where: { digestDeliveryId }, order: { createdAt: 'ASC' } });
  }
}
