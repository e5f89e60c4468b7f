import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { Transactions } from '../infra/database/transactions';
import { processorOptions } from '../infra/queue/queue.module';
import { DigestMail } from './digest-mail';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { Mailer } from './mailer';
import { EmailJob } from './notification-delivery';
import { NotificationsRepository } from './notifications.repository';
import { EMAIL_DELIVERIES_QUEUE } from './queues';

/**
 * Sends one e-mail; retried with exponential backoff; after the last attempt it is marked failed for administrators
 * (a digest's open items also wait again for the next digest).
 * A mail about a request settled while it waited (or retried) is withheld: it would ask for what is already done. So is
 * a digest whose every item was settled; one with some left goes without the others. Likewise for a reader who has left
 * the organization (or whose account was deactivated) meanwhile: the mail would lead to a page closed to them.
 * Delivery is at least once: a worker stopped between the SMTP server's acceptance and `markSent` sends again, under the
 * same Message-ID, which mail clients use to show it once.
 */
@Processor(EMAIL_DELIVERIES_QUEUE, processorOptions(4))
export class EmailDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(EmailDeliveryProcessor.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly digests: DigestMail,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  async process(job: Job<EmailJob>): Promise<string> {
    const found = await this.deliveries.findById(job.data.deliveryId);
    if (!found || found.status === DeliveryStatus.Sent) return 'already sent';
    if (await this.deliveries.withholdIfSettled(found.id)) {
      this.logger.log(
        `Mail ${found.id} withheld: ${found.notificationId ? `notification ${found.notificationId} was` : 'every item of the digest was'} settled before it was sent`,
      );
      return 'withheld';
    }
    const delivery = await this.digests.stillDue(found);
    if (!delivery) {
      if (await this.deliveries.withhold(found.id)) this.logger.log(`Mail ${found.id} withheld: its reader has left`);
      return 'withheld';
    }
    try {
      const messageId = await this.mailer.send(
        delivery.toAddress,
        delivery,
        `<${delivery.id}.${delivery.retryRound}@kpi-verification>`,
        delivery.attachments,
      );
      await this.deliveries.markSent(delivery.id, messageId, delivery.attempts + 1);
      return 'sent';
    } catch (error) {
      await this.deliveries.recordFailedAttempt(
        delivery.id,
        delivery.attempts + 1,
        (error as Error).message.slice(0, 1000),
      );
      throw error;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<EmailJob>): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { deliveryId } = job.data;
    await this.transactions.run(async (manager) => {
      // What a digest told of and is still open goes into the next digest, unless an administrator sends this one again
      // first: its reader hears of it either way. Any other mail, one bulk action's too, waits for that resend.
      if ((await this.deliveries.markFailed(manager, deliveryId))?.digest)
        await this.notifications.backToDigest(manager, deliveryId);
    });
  }
}
