import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Not, QueryDeepPartialEntity, Repository } from 'typeorm';
import { inserting } from '../infra/database/insert-statements';
import { insertInOneStatement, type Statement } from '../infra/database/one-statement';
import { OutboxEvent } from './outbox-event.entity';

export interface NotificationRequest {
  organizationId: string;
  type: string;
  reportId?: string;
  actorUserId?: string;
  payload?: Record<string, unknown>;
}

/** Events of one type, or of one type whose payload holds `value` in `field`. */
export interface EventMatch {
  type: string;
  payload?: { field: string; value: string };
}

/** `matches` as one condition on the outbox rows under `alias`; their values are appended to `params` ($n). */
export function eventMatchCondition(alias: string, matches: readonly EventMatch[], params: unknown[]): string {
  const conditions = matches.map(({ type, payload }) => {
    params.push(type);
    const typeIs = `${alias}.type = $${params.length}`;
    if (!payload) return typeIs;
    params.push(payload.field, payload.value);
    return `(${typeIs} AND ${alias}.payload ->> $${params.length - 1} = $${params.length})`;
  });
  return `(${conditions.join(' OR ')})`;
}

/**
 * Rows under `alias` about what `event` is about: its report, or, for an event about no report (a year's opening), its
 * organization's rows about no report. The value is appended to `params` ($n).
 */
export function sameSubjectCondition(
  alias: string,
  event: { organizationId: string; reportId: string | null },
  params: unknown[],
): string {
  if (event.reportId) {
    params.push(event.reportId);
    return `${alias}.report_id = $${params.length}`;
  }
  params.push(event.organizationId);
  return `(${alias}.report_id IS NULL AND ${alias}.organization_id = $${params.length})`;
}

/** An event's job that failed its last attempt, as the queue keeps it. */
export interface EventFailure {
  eventId: string;
  failedAt: Date;
  lastError: string;
}

/** Enough of an error message to tell what went wrong. */
const lastErrorOf = (message: string) => message.slice(0, 1000);

interface OutboxRow {
  id: string;
  organization_id: string;
  type: string;
  report_id: string | null;
  actor_user_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  dispatched_at: Date;
}

/** The transactional outbox: notification requests written with the change that causes them, relayed later. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEvent) private readonly events: Repository<OutboxEvent>) {}

  /** Inside the caller's transaction: the requests exist exactly when the change does. */
  async enqueue(manager: EntityManager, requests: NotificationRequest[]): Promise<void> {
    await insertInOneStatement(manager, [this.enqueuing(manager, requests)]);
  }

  /** The insert of `enqueue`, for a change that sends it with its other rows (insertInOneStatement); none for none. */
  enqueuing(manager: EntityManager, requests: NotificationRequest[]): Statement | undefined {
    const rows = requests.map((request) => ({
      organizationId: request.organizationId,
      type: request.type,
      reportId: request.reportId ?? null,
      actorUserId: request.actorUserId ?? null,
      payload: request.payload ?? {},
    }));
    return inserting(manager, OutboxEvent, rows);
  }

  /**
   * Under an id derived from what the request is about: producing the same request twice lands once. On its own, or
   * in the caller's transaction (`manager`) to record with it what only the first landing should. Whether it landed.
   */
  async enqueueOnce(
    eventId: string,
    request: NotificationRequest,
    manager: EntityManager = this.events.manager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxEvent)
      .values({
        id: eventId,
        organizationId: request.organizationId,
        type: request.type,
        reportId: request.reportId ?? null,
        actorUserId: request.actorUserId ?? null,
        // The insert builder's typing has no room for a JSON column of unknown values.
        payload: (request.payload ?? {}) as QueryDeepPartialEntity<OutboxEvent>['payload'],
      })
      .orIgnore()
      // Only a row inserted comes back: none when the id was there already.
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /**
   * Whether an event about the same report (or, for an event about none, the same organization) written after the
   * given one (by the time the database gave each) matches any of `matches`: a request that something has since
   * settled, delivered late.
   */
  async happenedSince(
    event: Pick<OutboxEvent, 'id' | 'organizationId' | 'reportId'>,
    matches: readonly EventMatch[],
  ): Promise<boolean> {
    if (matches.length === 0) return false;
    const params: unknown[] = [event.id];
    const [row]: { found: boolean }[] = await this.events.query(
      `SELECT EXISTS (
         SELECT 1 FROM notification_outbox later
         WHERE ${sameSubjectCondition('later', event, params)}
           AND later.created_at > (SELECT created_at FROM notification_outbox WHERE id = $1)
           AND ${eventMatchCondition('later', matches, params)}
       ) AS found`,
      params,
    );
    return row.found;
  }

  findById(eventId: string): Promise<OutboxEvent | null> {
    return this.events.findOneBy({ id: eventId });
  }

  /**
   * The events a bulk action's event tells of together (theirs name it, payload.bulkEventId), in the order of its
   * payload.reportIds: the order its list showed them in.
   */
  async toldTogetherBy(bulkEvent: Pick<OutboxEvent, 'id' | 'payload'>): Promise<OutboxEvent[]> {
    const reportIds = bulkEvent.payload.reportIds as string[];
    const events = await this.events
      .createQueryBuilder('event')
      .where('event.report_id = ANY (:reportIds)', { reportIds })
      .andWhere(`event.payload ->> 'bulkEventId' = :bulkEventId`, { bulkEventId: bulkEvent.id })
      .getMany();
    return events.sort((a, b) => reportIds.indexOf(a.reportId!) - reportIds.indexOf(b.reportId!));
  }

  /** After the last attempt of its job: kept for the organization's administrators (failedOf), with why. */
  async markFailed(eventId: string, lastError: string): Promise<void> {
    await this.events.update({ id: eventId }, { failedAt: new Date(), lastError: lastErrorOf(lastError) });
  }

  /** Marks those of `failures` whose events are not marked yet (their mark could not be written); how many it marked. */
  async markUnmarked(failures: EventFailure[]): Promise<number> {
    if (failures.length === 0) return 0;
    // An UPDATE's result comes as [rows, count].
    const [, count]: [unknown[], number] = await this.events.query(
      `UPDATE notification_outbox AS event SET failed_at = failure.failed_at, last_error = failure.last_error
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS failure(id, failed_at, last_error)
       WHERE event.id = failure.id AND event.failed_at IS NULL`,
      [
        failures.map(({ eventId }) => eventId),
        failures.map(({ failedAt }) => failedAt),
        failures.map(({ lastError }) => lastErrorOf(lastError)),
      ],
    );
    return count;
  }

  /** Handled after all (its job run again from the queue dashboard): no longer listed as failed. */
  async clearFailure(eventId: string): Promise<void> {
    await this.events.update({ id: eventId, failedAt: Not(IsNull()) }, { failedAt: null, lastError: null });
  }

  /** The organization's events whose handling failed every attempt, most recently failed first. */
  failedOf(organizationId: string): Promise<OutboxEvent[]> {
    return this.events.find({
      where: { organizationId, failedAt: Not(IsNull()) },
      order: { failedAt: 'DESC' },
      take: 500,
    });
  }

  /** A failed event of the organization, locked for an administrator's resend. */
  lockFailed(manager: EntityManager, organizationId: string, eventId: string): Promise<OutboxEvent | null> {
    return manager.findOne(OutboxEvent, {
      where: { id: eventId, organizationId, failedAt: Not(IsNull()) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Back in the outbox as not yet relayed: the relay hands it to the queue again, as it did at first. */
  async redispatch(manager: EntityManager, eventId: string): Promise<void> {
    await manager.update(OutboxEvent, { id: eventId }, { dispatchedAt: null, failedAt: null, lastError: null });
  }

  /**
   * Marks the oldest rows not yet relayed as relayed and returns them, oldest first, in one statement; rows another
   * relay holds are skipped. Inside the caller's transaction, so the mark is undone if the rows do not reach the queue.
   */
  async claimForDispatch(manager: EntityManager, limit: number): Promise<OutboxEvent[]> {
    // The CTE is materialized so the locking read runs once; an UPDATE's result comes as [rows, count].
    const [rows]: [OutboxRow[], number] = await manager.query(
      `WITH claimed AS MATERIALIZED (
         SELECT id FROM notification_outbox WHERE dispatched_at IS NULL
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE notification_outbox AS event SET dispatched_at = now() FROM claimed WHERE event.id = claimed.id
       RETURNING event.*`,
      [limit],
    );
    return rows
      .map((row) =>
        this.events.create({
          id: row.id,
          organizationId: row.organization_id,
          type: row.type,
          reportId: row.report_id,
          actorUserId: row.actor_user_id,
          payload: row.payload,
          createdAt: row.created_at,
          dispatchedAt: row.dispatched_at,
        }),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}
