import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { OutboxRepository } from '../outbox/outbox.repository';
import { EventJob } from './outbox-relay';
import { NOTIFICATION_EVENTS_QUEUE } from './queues';

/**
 * Workflow events whose notices and mails could not be written after every attempt (event-retries.ts): listed for the
 * organization's administrators, who can send them again once the cause is mended.
 */
@Injectable()
export class FailedEvents {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    @InjectQueue(NOTIFICATION_EVENTS_QUEUE) private readonly queue: Queue<EventJob>,
    private readonly audit: AuditLog,
  ) {}

  list(organizationId: string): Promise<OutboxEvent[]> {
    return this.outbox.failedOf(organizationId);
  }

  /**
   * Puts the event back into the outbox, for the relay to hand to the queue in a new round of attempts. Its handling is
   * idempotent, so what the failed round did write (some notices, a mail) is not written twice.
   */
  async retry(actor: OrganizationActor, eventId: string): Promise<OutboxEvent> {
    return this.transactions.run(async (manager) => {
      const event = await this.outbox.lockFailed(manager, actor.organizationId, eventId);
      if (!event) throw new NotFoundException('No failed notification event with this id in this organization.');
      // The failed job holds the event's id, under which the relay adds it again: left there, it would swallow the add.
      // Removed before the commit that shows the row to the relay; refused while it runs (retried on the dashboard).
      // Gone already when the queue trimmed its oldest failed jobs (the relay's removeOnFail), which needs nothing.
      if ((await this.queue.getJob(eventId)) && !(await this.queue.remove(eventId)))
        throw new ConflictException('This notification event is being handled right now.');
      await this.outbox.redispatch(manager, eventId);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'notification_event.retried',
          { type: 'notification_event', id: eventId },
          { eventType: event.type, reportId: event.reportId, lastError: event.lastError },
        ),
      );
      return event;
    });
  }
}
