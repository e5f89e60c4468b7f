import { EntityManager } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

export interface NotificationRequest {
  organizationId: string;
  type: string;
  reportId?: string;
  actorUserId?: string;
  payload?: Record<string, unknown>;
}

/** Queues notifications inside the caller's transaction; the relay (Notifications issue) delivers them. */
export async function enqueueNotifications(manager: EntityManager, requests: NotificationRequest[]): Promise<void> {
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
