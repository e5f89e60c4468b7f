import { Processor, WorkerHost } from '@nestjs/bullmq';
import { processorOptions } from '../infra/queue/queue.module';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderDigestMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';
import { NotificationUsersRepository } from './notification-users.repository';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { NOTIFICATION_DIGESTS_QUEUE } from './queues';

/** Once a day: each person who chose the digest gets one e-mail with what is waiting for them. */
@Processor(NOTIFICATION_DIGESTS_QUEUE, processorOptions())
export class DigestProcessor extends WorkerHost {
  constructor(
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly users: NotificationUsersRepository,
    private readonly delivery: NotificationDelivery,
    private readonly organizations: OrganizationsService,
  ) {
    super();
  }

  async process(): Promise<{ digests: number }> {
    const created = await this.transactions.run(async (manager) => {
      const waiting = await this.notifications.lockAwaitingDigest(manager);
      if (waiting.length === 0) return [];
      const byUser = new Map<string, Notification[]>();
      for (const notification of waiting)
        byUser.set(notification.userId, [...(byUser.get(notification.userId) ?? []), notification]);
      const users = await this.users.findByIds(manager, [...byUser.keys()]);
      // Each item names its municipality: an expert's digest may gather several municipalities' notices.
      const organizations = await this.organizations.findByIds(
        [...new Set(waiting.map((notification) => notification.organizationId))],
        manager,
      );
      const organizationNames = new Map(organizations.map((organization) => [organization.id, organization.name]));
      const deliveries: EmailDelivery[] = [];
      for (const user of users) {
        const items = byUser.get(user.id)!.map((notification) => ({
          ...notification,
          organizationName: organizationNames.get(notification.organizationId)!,
        }));
        deliveries.push(
          await this.deliveries.add(manager, {
            organizationId: null,
            userId: user.id,
            notificationId: null,
            toAddress: user.email,
            ...renderDigestMail(user.displayName, items),
          }),
        );
      }
      await this.notifications.clearAwaitingDigest(
        manager,
        waiting.map((notification) => notification.id),
      );
      return deliveries;
    });
    await this.delivery.enqueueEmails(created);
    return { digests: created.length };
  }
}
