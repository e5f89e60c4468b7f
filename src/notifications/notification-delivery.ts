import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { fiscalYearLabel } from '../common/era-input';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { type EventMatch, OutboxRepository } from '../outbox/outbox.repository';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ResultReport } from '../reports/report/result-report.entity';
import { reminderKindOfEvent } from '../reports/reviews/reminder-templates';
import { ReminderTemplatesRepository } from '../reports/reviews/reminder-templates.repository';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository, NewEmailDelivery, QueuedDelivery } from './email-deliveries.repository';
import { MailItem, renderNotificationMail } from './mail-content';
import {
  MessageContext,
  NOTIFICATION_KINDS,
  notificationPage,
  requestsSettledBy,
  settlersOf,
} from './notification-catalogue';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationUsersRepository } from './notification-users.repository';
import { NotificationsRepository } from './notifications.repository';
import { EMAIL_DELIVERIES_QUEUE } from './queues';
import { Recipient, Recipients } from './recipients';
import { ExpertLinks } from './expert-links';
import { reviewCalendarAttachments } from './review-calendar';

export interface EmailJob {
  deliveryId: string;
}

/** Where a notification points: the page its kind leads to (the report's, unless the catalogue says otherwise). */
export function notificationLink(
  baseUrl: string,
  event: Pick<OutboxEvent, 'type' | 'organizationId' | 'reportId' | 'payload'>,
): string {
  return `${baseUrl}${notificationPage(event.type, event)}`;
}

/**
 * Turns one outbox event into inbox notifications and e-mails. Idempotent: the unique (event, recipient)
 * inbox row and the unique e-mail per notification make a second run of the same event a no-op.
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    @InjectQueue(EMAIL_DELIVERIES_QUEUE) private readonly emails: Queue<EmailJob>,
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly reports: ReportsRepository,
    private readonly users: NotificationUsersRepository,
    private readonly recipients: Recipients,
    private readonly expertLinks: ExpertLinks,
    private readonly config: AppConfig,
    private readonly reminderTemplates: ReminderTemplatesRepository,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * retry: this event's job ran before, so that run may have committed mails without enqueueing them.
   * With the event's notifications, the requests it settles are settled (the catalogue's settledBy), in one transaction.
   */
  async deliver(event: OutboxEvent, { retry }: { retry: boolean }): Promise<number> {
    const kind = NOTIFICATION_KINDS[event.type];
    const settles = requestsSettledBy(event);
    // An event that tells no one (a deleted draft) may still settle requests.
    if (!kind) return this.settleOnly(event, settles);
    const report = event.reportId ? await this.reports.findWithProject(event.reportId) : null;
    const people = (await this.recipients.resolve(event, kind.audience, report)).filter(
      (person) => person.channel !== DeliveryChannel.Off,
    );
    // Nobody to tell (the event settles requests only, or everyone turned it off): nothing to word or mail.
    if (people.length === 0) return this.settleOnly(event, settles);
    // A request delivered after what settles it (events run side by side) is kept as a record, but asks no one.
    const settledAlready = await this.outbox.happenedSince(event, settlersOf(event));
    const context = await this.context(event, report);
    const item = {
      title: kind.subject(context),
      body: kind.message(context),
      link: notificationLink(this.config.baseUrl, event),
    };

    const now = new Date();
    const notifications = people.map((person) => ({
      outboxEventId: event.id,
      organizationId: event.organizationId,
      userId: person.userId,
      type: event.type,
      audienceRoles: person.roles,
      audienceDepartmentId: person.departmentId,
      reportId: event.reportId,
      ...item,
      pendingDigest: !settledAlready && person.channel === DeliveryChannel.DailyDigest,
      readAt: settledAlready ? now : null,
      settledAt: settledAlready ? now : null,
    }));
    const mailed = settledAlready ? [] : people.filter((person) => person.channel === DeliveryChannel.ImmediateEmail);
    // Read before the transaction, which queries on its own connection only.
    const organizationName = mailed.length > 0 ? (await this.organizations.get(event.organizationId)).name : '';
    const { mails, repeated } =
      mailed.length === 0 && settles.length === 0
        ? // Inbox rows alone are one statement, atomic without a transaction.
          { mails: [], repeated: (await this.notifications.addOnceEach(notifications)).size < people.length }
        : await this.transactions.run(async (manager) => {
            await this.notifications.settle(manager, event, settles);
            const added = await this.notifications.addOnceEach(notifications, manager);
            const newMails: NewEmailDelivery[] = [];
            for (const person of mailed) {
              const notificationId = added.get(person.userId);
              if (notificationId)
                newMails.push(
                  await this.mail(manager, event, person, notificationId, item, {
                    projectName: context.projectName,
                    organizationName,
                  }),
                );
            }
            return { mails: await this.deliveries.addAll(manager, newMails), repeated: added.size < people.length };
          });

    // An earlier run may have committed its mails and crashed before enqueueing them: only if the job ran before or
    // some inbox rows were there already. Then every still-pending mail of the event is enqueued, not just this run's.
    await this.enqueueEmails(retry || repeated ? await this.deliveries.pendingOfEvent(event.id) : mails);
    return people.length;
  }

  async enqueueEmails(deliveries: QueuedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.emails.addBulk(
      deliveries.map((delivery) => ({
        name: 'send',
        data: { deliveryId: delivery.id },
        opts: this.emailJobOptions(delivery),
      })),
    );
  }

  /** Job id per delivery and retry round: re-adding the same mail is a no-op, an administrator's retry is not. */
  emailJobOptions(delivery: Pick<EmailDelivery, 'id' | 'retryRound'>): JobsOptions {
    return {
      jobId: `${delivery.id}-${delivery.retryRound}`,
      attempts: this.config.notificationMaxAttempts,
      backoff: { type: 'exponential', delay: this.config.notificationBackoffMs },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    };
  }

  /** For an event that notifies no one: the requests it settles, if any; returns how many were told (none). */
  private async settleOnly(event: OutboxEvent, settles: EventMatch[]): Promise<0> {
    if (settles.length > 0)
      await this.transactions.run((manager) => this.notifications.settle(manager, event, settles));
    return 0;
  }

  /** The mail of one notification; in the transaction that writes it. */
  private async mail(
    manager: EntityManager,
    event: OutboxEvent,
    person: Recipient,
    notificationId: string,
    item: MailItem,
    { projectName, organizationName }: { projectName: string; organizationName: string },
  ): Promise<NewEmailDelivery> {
    return {
      organizationId: event.organizationId,
      userId: person.userId,
      notificationId,
      toAddress: person.email,
      // The expert's mail about their own assignment carries their one-click link instead of the report's.
      ...renderNotificationMail(
        person.displayName,
        await this.expertLinks.mailItem(manager, event, person.userId, item),
        organizationName,
      ),
      attachments: reviewCalendarAttachments(event, person, {
        projectName,
        link: item.link,
        baseUrl: this.config.baseUrl,
        mailFrom: this.config.mailFrom,
      }),
    };
  }

  private async context(event: OutboxEvent, report: ResultReport | null): Promise<MessageContext> {
    const { onBehalfOfExpertUserId } = event.payload;
    const reminder = reminderKindOfEvent(event.type);
    const [actor, onBehalfOf, reminderText] = await Promise.all([
      event.actorUserId ? this.users.findById(event.actorUserId) : null,
      typeof onBehalfOfExpertUserId === 'string' ? this.users.findById(onBehalfOfExpertUserId) : null,
      reminder ? this.reminderTemplates.textOf(event.organizationId, reminder) : undefined,
    ]);
    return {
      projectName: report?.project?.name ?? '',
      fiscalYearLabel: report ? fiscalYearLabel(report.fiscalYear) : '',
      actorName: actor?.displayName ?? 'システム',
      onBehalfOfName: onBehalfOf?.displayName,
      payload: event.payload,
      reminderText,
    };
  }
}
