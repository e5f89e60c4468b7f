import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, QueryDeepPartialEntity, Repository } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

export interface NotificationRequest {
  organizationId: string;
  type: string;
  reportId?: string;
  actorUserId?: string;
  payload?: Record<string, unknown>;
}

/** The transactional outbox: notification requests written with the change that causes them, relayed later. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectRepository(OutboxEvent) private readonly events: Repository<OutboxEvent>) {}

  /** Inside the caller's transaction: the requests exist exactly when the change does. */
  async enqueue(manager: EntityManager, requests: NotificationRequest[]): Promise<void> {
    if (requests.length === 0) return;
    await manager.save(
      requests.map((request) =>
        manager.create(OutboxEvent, {
          organizationId: request.organizationId,
          type: request.type,
          reportId: request.reportId ?? null,
          actorUserId: request.actorUserId ?? null,
          payload: request.payload ?? {},
        }),
      ),
    );
  }

  /**
   * Outside any transaction, under an id derived from what the request is about: producing the same request
   * twice lands once.
   */
  async enqueueOnce(eventId: string, request: NotificationRequest): Promise<void> {
    await this.events.manager
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
      .execute();
  }

  findById(eventId: string): Promise<OutboxEvent | null> {
    return this.events.findOneBy({ id: eventId });
  }

  /** The oldest rows not yet relayed, locked for the caller's transaction; rows another relay holds are skipped. */
  claimUndispatched(manager: EntityManager, limit: number): Promise<OutboxEvent[]> {
    return manager
      .createQueryBuilder(OutboxEvent, 'event')
      .where('event.dispatchedAt IS NULL')
      .orderBy('event.createdAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markDispatched(manager: EntityManager, eventIds: string[]): Promise<void> {
    await manager.update(OutboxEvent, { id: In(eventIds) }, { dispatchedAt: new Date() });
  }
}
