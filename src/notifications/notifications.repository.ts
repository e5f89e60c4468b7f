import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository, WhereExpressionBuilder } from 'typeorm';
import { Role } from '../access/role';
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

/**
 * SQL: the department of the membership `held` carries on the work of the one the row `notifications` was addressed
 * to: it is that department, or one down its successors (課 retired into another, perhaps merged again a later April),
 * where the department's reports and owners went. A probe of the departments' key per step, only past the first test.
 */
const CARRIES_ON_AUDIENCE_DEPARTMENT = `(held.department_id = notifications.audience_department_id
  OR EXISTS (WITH RECURSIVE successors AS (
      SELECT retired.successor_id AS id FROM departments retired
        WHERE retired.id = notifications.audience_department_id AND retired.retired_at IS NOT NULL
      UNION
      SELECT retired.successor_id FROM departments retired JOIN successors ON retired.id = successors.id
        WHERE retired.retired_at IS NOT NULL)
    SELECT 1 FROM successors WHERE successors.id = held.department_id))`;

/**
 * SQL: the reader of the row `notifications` holds now, in its organization, a role it was addressed to them for (as a
 * project owner, in the department it was addressed to or its successor). Their other roles there do not do: what
 * they were told for a role they have lost leads to pages closed to them, and its words are no longer theirs to read.
 * One probe of the memberships' (user, organization) index per row.
 */
const HELD_BY_READER = `EXISTS (SELECT 1 FROM memberships held
  WHERE held.user_id = notifications.user_id AND held.organization_id = notifications.organization_id
    AND held.role = ANY (notifications.audience_roles)
    AND (held.role <> '${Role.ProjectOwner}' OR notifications.audience_department_id IS NULL
      OR ${CARRIES_ON_AUDIENCE_DEPARTMENT}))`;

/**
 * A user's inbox, of the types given (or its one notification of the id given): in one organization, or in every
 * organization where they hold a role now; of either, only what they hold now a role it was addressed to them for.
 */
function inboxOf<Query extends WhereExpressionBuilder>(
  query: Query,
  userId: string,
  { organizationId, types, notificationId }: { organizationId?: string; types?: TypeFilter; notificationId?: string },
): Query {
  query.where('notifications.user_id = :reader', { reader: userId }).andWhere(HELD_BY_READER);
  if (notificationId) query.andWhere('notifications.id = :notificationId', { notificationId });
  if (organizationId) query.andWhere('notifications.organization_id = :organizationId', { organizationId });
  if (types)
    query.andWhere('only' in types ? 'notifications.type = ANY (:types)' : 'notifications.type <> ALL (:types)', {
      types: 'only' in types ? types.only : types.except,
    });
  return query;
}

/** The only place that queries in-app notifications. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /**
   * A page of the user's inbox, newest first (by id among notices written in one transaction, so that no page repeats
   * or skips one of them), with the total. The page's ids and the total are read from the inbox index alone
   * (IDX_notifications_inbox), then only the page's rows: the reader's notifications lie scattered over the table, one
   * page of it each, as they arrived among everyone else's.
   */
  async inboxPage(
    userId: string,
    options: { unreadOnly: boolean; page: number; pageSize: number; types?: TypeFilter; organizationId?: string },
  ): Promise<[Notification[], number]> {
    const listed = inboxOf(this.notifications.createQueryBuilder('notifications'), userId, options);
    if (options.unreadOnly) listed.andWhere('notifications.read_at IS NULL');
    const pageIds = listed
      .clone()
      .select('notifications.id')
      .orderBy('notifications.createdAt', 'DESC')
      .addOrderBy('notifications.id', 'DESC')
      .offset((options.page - 1) * options.pageSize)
      .limit(options.pageSize);
    return Promise.all([
      this.notifications
        .createQueryBuilder('listed')
        .where(`listed.id IN (${pageIds.getQuery()})`, pageIds.getParameters())
        .orderBy('listed.createdAt', 'DESC')
        .addOrderBy('listed.id', 'DESC')
        .getMany(),
      listed.getCount(),
    ]);
  }

  unreadCount(userId: string, organizationId?: string): Promise<number> {
    return inboxOf(this.notifications.createQueryBuilder('notifications'), userId, { organizationId })
      .andWhere('notifications.read_at IS NULL')
      .getCount();
  }

  /** The user's unread notifications in all, and those of the types given, in one reading of the inbox index. */
  async unreadCountWithin(
    userId: string,
    types: readonly string[],
    organizationId?: string,
  ): Promise<{ all: number; within: number }> {
    const counts = await inboxOf(this.notifications.createQueryBuilder('notifications'), userId, { organizationId })
      .andWhere('notifications.read_at IS NULL')
      .select('count(*)::int', 'all')
      .addSelect('(count(*) FILTER (WHERE notifications.type = ANY (:within)))::int', 'within')
      .setParameter('within', types)
      .getRawOne<{ all: number; within: number }>();
    return counts ?? { all: 0, within: 0 };
  }

  /** The user's unread notifications of each organization but one, of those they hold a role it was addressed for. */
  async unreadElsewhere(userId: string, organizationId: string): Promise<{ organizationId: string; unread: number }[]> {
    const rows: { organization_id: string; unread: number }[] = await this.notifications.query(
      `SELECT notifications.organization_id, count(*)::int AS unread FROM notifications
        WHERE notifications.user_id = $1 AND notifications.read_at IS NULL AND notifications.organization_id <> $2
          AND ${HELD_BY_READER}
        GROUP BY notifications.organization_id ORDER BY notifications.organization_id`,
      [userId, organizationId],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, unread: row.unread }));
  }

  /**
   * One notification in the user's inbox, or null when there is none of that id there: not theirs, or addressed to
   * them for a role they no longer hold (as the inbox would not list it).
   */
  findOfUser(userId: string, notificationId: string): Promise<Notification | null> {
    return inboxOf(this.notifications.createQueryBuilder('notifications'), userId, { notificationId }).getOne();
  }

  /** Whether the notification is in the user's inbox (as findOfUser), read or not. */
  belongsTo(userId: string, notificationId: string): Promise<boolean> {
    return inboxOf(this.notifications.createQueryBuilder('notifications'), userId, { notificationId }).getExists();
  }

  /**
   * Whether the notification was addressed to the user, whatever they hold now: a notice that is theirs but no longer
   * in their inbox (a role lost, a municipality left) is told apart from an id that was never theirs.
   */
  wasAddressedTo(userId: string, notificationId: string): Promise<boolean> {
    return this.notifications.existsBy({ id: notificationId, userId });
  }

  /** Marks one unread notification of the user's inbox read; returns 0 when it is already read or not in it. */
  async markRead(userId: string, notificationId: string): Promise<number> {
    const query = this.notifications.manager.createQueryBuilder().update(Notification).set({ readAt: new Date() });
    return (
      (await inboxOf(query, userId, { notificationId }).andWhere('notifications.read_at IS NULL').execute()).affected ??
      0
    );
  }

  async markAllRead(userId: string, types?: TypeFilter, organizationId?: string): Promise<number> {
    const query = this.notifications.manager.createQueryBuilder().update(Notification).set({ readAt: new Date() });
    return (
      (await inboxOf(query, userId, { organizationId, types }).andWhere('notifications.read_at IS NULL').execute())
        .affected ?? 0
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

  /** No longer waiting: written into the e-mail `digestDeliveryId` that gathers them (a digest, a bulk action's). */
  async markDigested(manager: EntityManager, notificationIds: string[], digestDeliveryId: string): Promise<void> {
    await manager.update(Notification, { id: In(notificationIds) }, { pendingDigest: false, digestDeliveryId });
  }

  byIds(manager: EntityManager, notificationIds: string[]): Promise<Notification[]> {
    return manager.findBy(Notification, { id: In(notificationIds) });
  }

  /**
   * Of the notifications, those whose reader has left since they were written: their account is deactivated, or they
   * no longer hold a role it was addressed to them for (HELD_BY_READER). A mail of theirs still waiting asks for nothing.
   */
  async readerLeft(manager: EntityManager, notifications: Pick<Notification, 'id'>[]): Promise<Set<string>> {
    if (notifications.length === 0) return new Set();
    const left: { id: string }[] = await manager.query(
      `SELECT notifications.id FROM notifications JOIN users reader ON reader.id = notifications.user_id
        WHERE notifications.id = ANY ($1) AND (reader.deactivated_at IS NOT NULL OR NOT ${HELD_BY_READER})`,
      [notifications.map((notification) => notification.id)],
    );
    return new Set(left.map((row) => row.id));
  }

  /** No longer waiting for a digest, in none: their reader has left. */
  async dropFromDigest(manager: EntityManager, notificationIds: string[]): Promise<void> {
    if (notificationIds.length > 0)
      await manager.update(Notification, { id: In(notificationIds) }, { pendingDigest: false });
  }

  /**
   * The open items of a digest e-mail that could not be sent wait again for the next digest. They still name it, so
   * that it takes back those still waiting should it be sent again (takeBackIntoDigest).
   */
  async backToDigest(manager: EntityManager, digestDeliveryId: string): Promise<void> {
    await manager.update(Notification, { digestDeliveryId, settledAt: IsNull() }, { pendingDigest: true });
  }

  /**
   * A digest sent again takes back its items still waiting for the next one, so that none is told of twice. One the
   * next digest has taken meanwhile names that one and stays there.
   */
  async takeBackIntoDigest(manager: EntityManager, digestDeliveryId: string): Promise<void> {
    await manager.update(Notification, { digestDeliveryId, pendingDigest: true }, { pendingDigest: false });
  }

  /** The items of a digest e-mail, oldest first. */
  ofDigest(manager: EntityManager, digestDeliveryId: string): Promise<Notification[]> {
    return manager.find(Notification, { where: { digestDeliveryId }, order: { createdAt: 'ASC' } });
  }
}
