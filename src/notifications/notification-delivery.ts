import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobsOptions, Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { fiscalYearLabel } from '../common/era-input';
import { AppConfig } from '../infra/config/app-config';
import { GrantProject } from '../projects/grant-project.entity';
import { ResultReport } from '../reports/report/result-report.entity';
import { User } from '../users/user.entity';
import { EmailDelivery } from './email-delivery.entity';
import { renderNotificationMail } from './mail-content';
import { MessageContext, NOTIFICATION_KINDS } from './notification-catalogue';
import { Notification } from './notification.entity';
import { DeliveryChannel, NotificationPreference } from './notification-preference.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { EMAIL_DELIVERIES_QUEUE } from './queues';
import { Recipients } from './recipients';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(EMAIL_DELIVERIES_QUEUE) private readonly emails: Queue<EmailJob>,
    private readonly recipients: Recipients,
    private readonly config: AppConfig,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const kind = NOTIFICATION_KINDS[event.type];
    if (!kind) return 0;
    const context = await this.context(event);
    const item = { title: kind.subject(context), body: kind.message(context), link: reportLink(this.config.baseUrl, event.organizationId, event.reportId) };
    const people = await this.recipients.resolve(event, kind.audience);
    if (people.length === 0) return 0;

    await this.dataSource.transaction(async (manager) => {
      const preferences = await manager.findBy(NotificationPreference, { userId: In(people.map((person) => person.userId)), eventType: event.type });
      for (const person of people) {
        const channel = preferences.find((preference) => preference.userId === person.userId)?.channel ?? DeliveryChannel.ImmediateEmail;
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(Notification)
          .values({ outboxEventId: event.id, organizationId: event.organizationId, userId: person.userId, type: event.type, reportId: event.reportId, ...item, pendingDigest: channel === DeliveryChannel.DailyDigest })
          .orIgnore()
          .returning(['id'])
          .execute();
        const notificationId = (inserted.raw as { id: string }[])[0]?.id;
        if (!notificationId || channel !== DeliveryChannel.ImmediateEmail) continue;
        await manager.insert(EmailDelivery, { organizationId: event.organizationId, userId: person.userId, notificationId, toAddress: person.email, ...renderNotificationMail(person.displayName, item) });
      }
    });

    // Also picks up mails of an earlier run that crashed between commit and enqueue.
    const pending = await this.dataSource
      .getRepository(EmailDelivery)
      .createQueryBuilder('delivery')
      .innerJoin(Notification, 'notification', 'notification.id = delivery.notificationId')
      .where('notification.outboxEventId = :id AND delivery.status = :status', { id: event.id, status: 'pending' })
      .getMany();
    await this.enqueueEmails(pending);
    return people.length;
  }

  async enqueueEmails(deliveries: EmailDelivery[]): Promise<void> {
    await this.emails.addBulk(deliveries.map((delivery) => ({ name: 'send', data: { deliveryId: delivery.id }, opts: this.emailJobOptions(delivery) })));
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
    const report = event.reportId ? await this.dataSource.getRepository(ResultReport).findOneBy({ id: event.reportId }) : null;
    const project = report ? await this.dataSource.getRepository(GrantProject).findOneBy({ id: report.projectId }) : null;
    const actor = event.actorUserId ? await this.dataSource.getRepository(User).findOneBy({ id: event.actorUserId }) : null;
    return {
      projectName: project?.name ?? '',
      fiscalYearLabel: report ? fiscalYearLabel(report.fiscalYear) : '',
      actorName: actor?.displayName ?? 'システム',
      payload: event.payload,
    };
  }
}
