import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
}
