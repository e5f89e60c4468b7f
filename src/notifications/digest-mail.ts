import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { MailContent, renderDigestMail } from './mail-content';
import { NotificationUsersRepository } from './notification-users.repository';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

/** One person's digest e-mail: to whom, and what it says. */
export interface DigestContent extends MailContent {
  userId: string;
  toAddress: string;
}

/**
 * The daily digest's wording of what waits for each person, when the digest is written and again when it is sent:
 * an item settled in between, or whose reader has left the organization, asks for nothing, and is left out.
 */
@Injectable()
export class DigestMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly users: NotificationUsersRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  /** A digest per person of `notifications`, each with their items oldest first; inside the caller's transaction. */
  async compose(manager: EntityManager, notifications: Notification[]): Promise<DigestContent[]> {
    const byUser = new Map<string, Notification[]>();
    for (const notification of notifications)
      byUser.set(notification.userId, [...(byUser.get(notification.userId) ?? []), notification]);
    const users = await this.users.findByIds(manager, [...byUser.keys()]);
    // Each item names its municipality: an expert's digest may gather several municipalities' notices.
    const organizations = await this.organizations.findByIds(
      [...new Set(notifications.map((notification) => notification.organizationId))],
      manager,
    );
    const organizationNames = new Map(organizations.map((organization) => [organization.id, organization.name]));
    return users.map((user) => ({
      userId: user.id,
      toAddress: user.email,
      ...renderDigestMail(
        user.displayName,
        byUser.get(user.id)!.map((notification) => ({
          ...notification,
          organizationName: organizationNames.get(notification.organizationId)!,
        })),
      ),
    }));
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
      const [{ subject, text, html }] = await this.compose(manager, open);
      await this.deliveries.rewrite(manager, delivery.id, { subject, text, html });
      return Object.assign(delivery, { subject, text, html });
    });
  }
}
