import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { PASSWORD_RESET_REQUESTED_EVENT } from '../accounts/password-resets.service';
import { processorOptions } from '../infra/queue/queue.module';
import { ACCOUNT_MAIL_EVENTS, AccountMail } from './account-mail';
import { AlternateInvitations } from './alternate-invitations';
import { DeclineConfirmationMail } from './decline-confirmation-mail';
import { INVITATION_CREATED_EVENT } from '../invitations/invitations.service';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { OutboxRepository } from '../outbox/outbox.repository';
import { InvitationMail } from './invitation-mail';
import { NotificationDelivery } from './notification-delivery';
import { eventBackoff, usedAllAttempts } from './event-retries';
import { EventJob } from './outbox-relay';
import { PasswordResetMail } from './password-reset-mail';
import { NOTIFICATION_EVENTS_QUEUE } from './queues';
import { ReviewDeadlines } from './review-deadlines';
import { BULK_PUBLISHED_EVENT } from '../reports/workflow/bulk-publication.service';
import { REVIEW_LINK_REQUESTED_EVENT } from '../review-links/review-links';
import { ExpertLinks } from './expert-links';
import { ReviewLinkMail } from './review-link-mail';

// Several at once: each event is independent and its handling is idempotent.
@Processor(NOTIFICATION_EVENTS_QUEUE, { ...processorOptions(8), settings: { backoffStrategy: eventBackoff } })
export class NotificationEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationEventsProcessor.name);

  constructor(
    private readonly delivery: NotificationDelivery,
    private readonly deadlines: ReviewDeadlines,
    private readonly outbox: OutboxRepository,
    private readonly invitationMail: InvitationMail,
    private readonly passwordResetMail: PasswordResetMail,
    private readonly reviewLinkMail: ReviewLinkMail,
    private readonly expertLinks: ExpertLinks,
    private readonly alternateInvitations: AlternateInvitations,
    private readonly accountMail: AccountMail,
    private readonly declineConfirmationMail: DeclineConfirmationMail,
  ) {
    super();
  }

  async process(job: Job<EventJob>): Promise<{ recipients: number }> {
    const event = await this.eventOf(job);
    if (!event) return { recipients: 0 };
    const recipients = await this.handle(event, job);
    // Only a job that ran before can have been marked failed (onFailed), then run again from the queue dashboard.
    if (job.attemptsStarted > 1) await this.outbox.clearFailure(event.id);
    return { recipients };
  }

  private async handle(event: OutboxEvent, job: Job<EventJob>): Promise<number> {
    // An invitation goes to an address, not to users of the organization as the catalogue's events do.
    if (event.type === INVITATION_CREATED_EVENT) return this.invitationMail.deliver(event);
    if (event.type === PASSWORD_RESET_REQUESTED_EVENT) return this.passwordResetMail.deliver(event);
    if (event.type === REVIEW_LINK_REQUESTED_EVENT) return this.reviewLinkMail.deliver(event);
    if (ACCOUNT_MAIL_EVENTS.includes(event.type)) return this.accountMail.deliver(event);
    // Counts every start: after a failure and after a crashed worker's job was taken over.
    const retry = job.attemptsStarted > 1;
    // A bulk action's event delivers its reports' events together, mailing each person once; the job of each of those
    // does the rest.
    if (event.type === BULK_PUBLISHED_EVENT)
      return this.delivery.deliverTogether(await this.outbox.toldTogetherBy(event), { retry });
    const recipients =
      typeof event.payload.bulkEventId === 'string' ? 0 : await this.delivery.deliver(event, { retry });
    await this.deadlines.onEvent(event);
    await this.expertLinks.onEvent(event);
    await this.alternateInvitations.onEvent(event);
    await this.declineConfirmationMail.onEvent(event);
    return recipients;
  }

  /**
   * After the last attempt (src/notifications/event-retries.ts) the event is marked failed on its outbox row, which its
   * organization's administrators see and can send again (failed-events.ts); not retried on its own, so an event that
   * can never succeed does not go round for ever. A mark the database cannot take now, FailedEventSweep writes later.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<EventJob>, error: Error): Promise<void> {
    if (!usedAllAttempts(job)) return;
    const { outboxEventId } = job.data;
    this.logger.error(
      `Notification event ${outboxEventId} (${job.name}) failed ${job.attemptsMade} times: ${error.message}`,
    );
    try {
      await this.outbox.markFailed(outboxEventId, error.message);
    } catch (marking) {
      this.logger.error(
        `Notification event ${outboxEventId} could not be marked failed: ${(marking as Error).message}`,
      );
    }
  }

  private async eventOf(job: Job<EventJob>): Promise<OutboxEvent | null> {
    const { outboxEventId, event } = job.data;
    if (!event) return this.outbox.findById(outboxEventId);
    // Marked dispatched in the transaction that made the job; being handled, it has not failed.
    return {
      ...event,
      id: outboxEventId,
      createdAt: new Date(event.createdAt),
      dispatchedAt: new Date(job.timestamp),
      failedAt: null,
      lastError: null,
    };
  }
}
