import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fiscalYearLabel } from '../common/era-input';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReportsRepository } from '../reports/report/reports.repository';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { MailContent, renderDigestMail } from './mail-content';
import { toldTogetherTitle } from './notification-catalogue';
import { NotificationUsersRepository } from './notification-users.repository';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** What a mail gathering several notifications says of each. */
export type GatheredNotification = Pick<
  Notification,
  'id' | 'userId' | 'organizationId' | 'reportId' | 'type' | 'title' | 'body' | 'link'
>;

/** One person's digest e-mail: to whom, and what it says. */
export interface DigestContent extends MailContent {
  userId: string;
  toAddress: string;
}

/**
 * The daily digest's wording of what waits for each person, when the digest is written and again when it is sent:
 * an item settled in between, or whose reader has left the organization, asks for nothing, and is left out. The mail
 * of one bulk action's notices (一括公表) is worded and sent so too, at once and titled by the action.
 */
@Injectable()
export class DigestMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly users: NotificationUsersRepository,
    private readonly organizations: OrganizationsService,
    private readonly reports: ReportsRepository,
  ) {}

  /**
   * compose, each person's mail written with it and named by its notices (sent without those settled while it waits),
   * inside the caller's transaction: a digest, or with oneAction the mail of a bulk action.
   */
  async write(
    manager: EntityManager,
    notifications: GatheredNotification[],
    { oneAction = false } = {},
  ): Promise<EmailDelivery[]> {
    const mails: EmailDelivery[] = [];
    if (notifications.length === 0) return mails;
    for (const { userId, toAddress, subject, text, html } of await this.compose(manager, notifications, {
      oneAction,
    })) {
      const items = notifications.filter((notification) => notification.userId === userId);
      const mail = await this.deliveries.add(manager, {
        // Should it fail, its oldest notice's administrators list it: a digest may gather several municipalities'.
        organizationId: items[0].organizationId,
        userId,
        notificationId: null,
        digest: !oneAction,
        toAddress,
        subject,
        text,
        html,
      });
      await this.notifications.markDigested(
        manager,
        items.map((notification) => notification.id),
        mail.id,
      );
      mails.push(mail);
    }
    return mails;
  }

  /**
   * A digest per person of `notifications`, each with their items oldest first; inside the caller's transaction.
   * oneAction: they are the notices of one bulk action, about reports of one year, and so titled.
   */
  async compose(
    manager: EntityManager,
    notifications: GatheredNotification[],
    { oneAction = false } = {},
  ): Promise<DigestContent[]> {
    const byUser = new Map<string, GatheredNotification[]>();
    for (const notification of notifications)
      byUser.set(notification.userId, [...(byUser.get(notification.userId) ?? []), notification]);
    const users = await this.users.findByIds(manager, [...byUser.keys()]);
    // Each item names its municipality: an expert's digest may gather several municipalities' notices.
    const organizations = await this.organizations.findByIds(
      [...new Set(notifications.map((notification) => notification.organizationId))],
      manager,
    );
    const organizationNames = new Map(organizations.map((organization) => [organization.id, organization.name]));
    const year = oneAction ? await this.fiscalYearLabelOf(manager, notifications[0]) : undefined;
    return users.map((user) => {
      const items = byUser.get(user.id)!;
      return {
        userId: user.id,
        toAddress: user.email,
        ...renderDigestMail(
          user.displayName,
          items.map((notification) => ({
            ...notification,
            organizationName: organizationNames.get(notification.organizationId)!,
          })),
          year === undefined ? undefined : toldTogetherTitle(items[0].type, year, items.length),
        ),
      };
    });
  }

  /** The year of the report a notification is about, as its mails name it (R5年度). */
  private async fiscalYearLabelOf(
    manager: EntityManager,
    { organizationId, reportId }: GatheredNotification,
  ): Promise<string> {
    const report = reportId && (await this.reports.titlesOf(organizationId, [reportId], manager)).get(reportId);
    return report ? fiscalYearLabel(report.fiscalYear) : '';
  }

  /**
   * Before a mail is sent: without the items settled since it was written or whose reader has left since
   * (NotificationsRepository.readerLeft), kept so (the record says what was sent); null when that leaves none, and the mail is to be
   * withheld. A failed digest sent again goes with its items still waiting, without those a later digest has taken.
   * A mail about no notification (an invitation) goes as it is.
   */
  async stillDue(delivery: EmailDelivery): Promise<EmailDelivery | null> {
    return this.transactions.run(async (manager) => {
      if (delivery.digest) await this.notifications.takeBackIntoDigest(manager, delivery.id);
      const items = delivery.notificationId
        ? await this.notifications.byIds(manager, [delivery.notificationId])
        : await this.notifications.ofDigest(manager, delivery.id);
      const left = await this.notifications.readerLeft(manager, items);
      const open = items.filter((item) => !item.settledAt && !left.has(item.id));
      if ((items.length > 0 || delivery.digest) && open.length === 0) return null;
      if (open.length === items.length || delivery.notificationId) return delivery;
      // Gathering several notices, and no digest: the mail of one bulk action.
      const [{ subject, text, html }] = await this.compose(manager, open, { oneAction: !delivery.digest });
      await this.deliveries.rewrite(manager, delivery.id, { subject, text, html });
      return Object.assign(delivery, { subject, text, html });
    });
  }
}
