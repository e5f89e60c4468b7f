import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { fiscalYearLabel } from '../common/era-input';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { reminderKindOfEvent } from '../reports/reviews/reminder-templates';
import { ReminderTemplatesRepository } from '../reports/reviews/reminder-templates.repository';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderNotificationMail } from './mail-content';
import { channelFor, MessageContext, NOTIFICATION_KINDS } from './notification-catalogue';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationUsersRepository } from './notification-users.repository';
import { NotificationsRepository } from './notifications.repository';
import { EMAIL_DELIVERIES_QUEUE } from './queues';
import { Recipients } from './recipients';
import { ExpertLinks } from './expert-links';
import { reviewCalendarAttachments } from './review-calendar';

export interface EmailJob {
  deliveryId: string;
}

/** Where a notification points: the report's page in the web app. */
export function reportLink(baseUrl: string, organizationId: string, reportId: string | null): string {
  return reportId ? `${baseUrl}/o/${organizationId}/reports/${reportId}` : `${baseUrl}/`;
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
    private readonly preferences: NotificationPreferencesRepository,
    private readonly reports: ReportsRepository,
    private readonly users: NotificationUsersRepository,
    private readonly recipients: Recipients,
    private readonly expertLinks: ExpertLinks,
    private readonly config: AppConfig,
    private readonly reminderTemplates: ReminderTemplatesRepository,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const kind = NOTIFICATION_KINDS[event.type];
    if (!kind) return 0;
    const context = await this.context(event);
    const item = {
      title: kind.subject(context),
      body: kind.message(context),
      link: reportLink(this.config.baseUrl, event.organizationId, event.reportId),
    };
    const people = await this.recipients.resolve(event, kind.audience);
    if (people.length === 0) return 0;

    const told = await this.transactions.run(async (manager) => {
      const preferences = await this.preferences.forEvent(
        manager,
        people.map((person) => person.userId),
        event.type,
      );
      let count = 0;
      for (const person of people) {
        const channel = channelFor(
          event.type,
          preferences.find((preference) => preference.userId === person.userId)?.channel,
        );
        if (channel === DeliveryChannel.Off) continue;
        count++;
        const notificationId = await this.notifications.addOnce(manager, {
          outboxEventId: event.id,
          organizationId: event.organizationId,
          userId: person.userId,
          type: event.type,
          reportId: event.reportId,
          ...item,
          pendingDigest: channel === DeliveryChannel.DailyDigest,
        });
        if (!notificationId || channel !== DeliveryChannel.ImmediateEmail) continue;
        await this.deliveries.add(manager, {
          organizationId: event.organizationId,
          userId: person.userId,
          notificationId,
          toAddress: person.email,
          // The expert's mail about their own assignment carries their one-click link instead of the report's.
          ...renderNotificationMail(
            person.displayName,
            await this.expertLinks.mailItem(manager, event, person.userId, item),
          ),
          attachments: reviewCalendarAttachments(event, person, {
            projectName: context.projectName,
            link: item.link,
            baseUrl: this.config.baseUrl,
            mailFrom: this.config.mailFrom,
          }),
        });
      }
      return count;
    });

    // Also picks up mails of an earlier run that crashed between commit and enqueue.
    await this.enqueueEmails(await this.deliveries.pendingOfEvent(event.id));
    return told;
  }

  async enqueueEmails(deliveries: EmailDelivery[]): Promise<void> {
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

  private async context(event: OutboxEvent): Promise<MessageContext> {
    const report = event.reportId ? await this.reports.findWithProject(event.reportId) : null;
    const actor = event.actorUserId ? await this.users.findById(event.actorUserId) : null;
    const reminder = reminderKindOfEvent(event.type);
    return {
      projectName: report?.project?.name ?? '',
      fiscalYearLabel: report ? fiscalYearLabel(report.fiscalYear) : '',
      actorName: actor?.displayName ?? 'システム',
      payload: event.payload,
      reminderText: reminder ? await this.reminderTemplates.textOf(event.organizationId, reminder) : undefined,
    };
  }
}
