import { Processor, WorkerHost } from '@nestjs/bullmq';
import { processorOptions } from '../infra/queue/queue.module';
import { Transactions } from '../infra/database/transactions';
import { DigestMail } from './digest-mail';
import { NotificationDelivery } from './notification-delivery';
import { NotificationsRepository } from './notifications.repository';
import { NOTIFICATION_DIGESTS_QUEUE } from './queues';

/** Once a day: each person who chose the digest gets one e-mail with what is waiting for them. */
@Processor(NOTIFICATION_DIGESTS_QUEUE, processorOptions())
export class DigestProcessor extends WorkerHost {
  constructor(
    private readonly transactions: Transactions,
    private readonly notifications: NotificationsRepository,
    private readonly digests: DigestMail,
    private readonly delivery: NotificationDelivery,
  ) {
    super();
  }

  async process(): Promise<{ digests: number }> {
    const created = await this.transactions.run(async (manager) => {
      const awaiting = await this.notifications.lockAwaitingDigest(manager);
      // Someone who has left the organization, or the role it was addressed to them for, is not mailed it.
      const left = await this.notifications.readerLeft(manager, awaiting);
      await this.notifications.dropFromDigest(manager, [...left]);
      const waiting = awaiting.filter((notification) => !left.has(notification.id));
      if (waiting.length === 0) return [];
      // Oldest first, as they were read.
      return this.digests.write(manager, waiting);
    });
    await this.delivery.enqueueEmails(created);
    return { digests: created.length };
  }
}
