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
import { DigestMail, type GatheredNotification } from './digest-mail';
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
import { type NewNotification, NotificationsRepository } from './notifications.repository';
import { EMAIL_DELIVERIES_QUEUE } from './queues';
import { Recipient, Recipients } from './recipients';
import { ExpertLinks } from './expert-links';
import { reviewCalendarAttachments } from './review-calendar';

export interface EmailJob {
  deliveryId: string;
}

/** What one event tells whom, worked out before anything is written (NotificationDelivery.tell). */
interface Told {
  event: OutboxEvent;
  settles: EventMatch[];
  /** Each person's inbox row. */
  notifications: NewNotification[];
  /** Those mailed at once. */
  mailed: Recipient[];
  item: MailItem;
  projectName: string;
}

/** Where a notification points: the page its kind leads to (the report's, unless the catalogue says otherwise). */
export function notificationLink(
  baseUrl: string,
  event: Pick<OutboxEvent, 'type' | 'organizationId' | 'reportId' | 'payload'>,
): string {
  return `${baseUrl}${notificationPage(event.type, event)}`;
}

/**
 * Turns outbox events into inbox notifications and e-mails. Idempotent: the unique (event, recipient) inbox row, and
 * the e-mail written only with a new one, make a second run of the same events a no-op.
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
    private readonly digests: DigestMail,
  ) {}

  /**
   * retry: this event's job ran before, so that run may have committed mails without enqueueing them.
   * With the event's notifications, the requests it settles are settled (the catalogue's settledBy), in one transaction.
   */
  deliver(event: OutboxEvent, { retry }: { retry: boolean }): Promise<number> {
    return this.deliverTogether([event], { retry });
  }

  /**
   * The events of one action (一括公表: a report's each) in one transaction, as `deliver` one: an inbox row per event
   * and person, but one mail per person, listing their notices when they are several (DigestMail). Returns how many
   * notices were written.
   */
  async deliverTogether(events: OutboxEvent[], { retry }: { retry: boolean }): Promise<number> {
    const told: Told[] = [];
    for (const event of events) told.push(await this.tell(event));
    const mailing = told.find((one) => one.mailed.length > 0);
    // Read before the transaction, which queries on its own connection only.
    const organizationName = mailing ? (await this.organizations.get(mailing.event.organizationId)).name : '';
    const { mails, repeated } =
      mailing || told.some((one) => one.settles.length > 0)
        ? await this.transactions.run((manager) => this.write(manager, told, organizationName))
        : await this.inboxRowsAlone(told);

    // An earlier run may have committed its mails and crashed before enqueueing them: only if the job ran before or
    // some inbox rows were there already. Then every still-pending mail of the events is enqueued, not just this run's.
    await this.enqueueEmails(
      retry || repeated ? await this.deliveries.pendingOfEvents(events.map((event) => event.id)) : mails,
    );
    return told.reduce((sum, one) => sum + one.notifications.length, 0);
  }

  /**
   * In the caller's transaction: the requests the events settle, their inbox rows, and each person's mail: that of
   * their notification, or one gathering theirs when they are several. The mails written, and whether some inbox rows
   * were there already (a repeated run).
   */
  private async write(
    manager: EntityManager,
    told: Told[],
    organizationName: string,
  ): Promise<{ mails: QueuedDelivery[]; repeated: boolean }> {
    let repeated = false;
    const byPerson = new Map<string, { person: Recipient; told: Told; notification: GatheredNotification }[]>();
    for (const one of told) {
      await this.notifications.settle(manager, one.event, one.settles);
      if (one.notifications.length === 0) continue;
      const added = await this.notifications.addOnceEach(one.notifications, manager);
      if (added.size < one.notifications.length) repeated = true;
      const { organizationId, reportId, type } = one.event;
      for (const person of one.mailed) {
        const id = added.get(person.userId);
        if (!id) continue;
        const notification = { id, userId: person.userId, organizationId, reportId, type, ...one.item };
        byPerson.set(person.userId, [...(byPerson.get(person.userId) ?? []), { person, told: one, notification }]);
      }
    }
    const single: NewEmailDelivery[] = [];
    const gathered: GatheredNotification[] = [];
    for (const notices of byPerson.values()) {
      const [{ person, told: one, notification }] = notices;
      if (notices.length === 1) single.push(await this.mail(manager, one, person, notification.id, organizationName));
      else gathered.push(...notices.map((notice) => notice.notification));
    }
    // Several notices of one person (a bulk action's) go in one mail worded as a digest of them, sent at once; they
    // carry no expert's link or calendar entry: only the events about an assignment do, and no bulk action tells of
    // those together.
    return {
      mails: [
        ...(await this.deliveries.addAll(manager, single)),
        ...(await this.digests.write(manager, gathered, { oneAction: true })),
      ],
      repeated,
    };
  }

  /** Inbox rows alone: one statement per event, each atomic without a transaction. Whether some were there already. */
  private async inboxRowsAlone(told: Told[]): Promise<{ mails: QueuedDelivery[]; repeated: boolean }> {
    let repeated = false;
    for (const { notifications } of told)
      if (notifications.length > 0 && (await this.notifications.addOnceEach(notifications)).size < notifications.length)
        repeated = true;
    return { mails: [], repeated };
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

  /**
   * What the event tells whom, read before anything is written: the requests it settles, and for each person told
   * their inbox row, and their mail unless they chose otherwise. A request delivered after what settles it (events run
   * side by side) is kept as a record, but asks no one. An event that tells no one (a deleted draft, everyone turned it
   * off) may still settle requests.
   */
  private async tell(event: OutboxEvent): Promise<Told> {
    const kind = NOTIFICATION_KINDS[event.type];
    const settles = requestsSettledBy(event);
    const nobody = {
      event,
      settles,
      notifications: [],
      mailed: [],
      item: { title: '', body: '', link: '' },
      projectName: '',
    };
    if (!kind) return nobody;
    const report = event.reportId ? await this.reports.findWithProject(event.reportId) : null;
    const people = (await this.recipients.resolve(event, kind.audience, report)).filter(
      (person) => person.channel !== DeliveryChannel.Off,
    );
    if (people.length === 0) return nobody;
    const settledAlready = await this.outbox.happenedSince(event, settlersOf(event));
    const context = await this.context(event, report);
    const item = {
      title: kind.subject(context),
      body: kind.message(context),
      link: notificationLink(this.config.baseUrl, event),
    };
    const now = new Date();
    return {
      event,
      settles,
      item,
      projectName: context.projectName,
      notifications: people.map((person) => ({
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
      })),
      mailed: settledAlready ? [] : people.filter((person) => person.channel === DeliveryChannel.ImmediateEmail),
    };
  }

  /** The mail of one notification; in the transaction that writes it. */
  private async mail(
    manager: EntityManager,
    { event, item, projectName }: Told,
    person: Recipient,
    notificationId: string,
    organizationName: string,
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
