import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { OrganizationActor } from '../access/actor';
import { Transactions } from '../infra/database/transactions';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { NotificationDelivery } from './notification-delivery';

/**
 * A failed e-mail, and whether what it asked for has been settled since (of a digest: each item settled or gone into a
 * later digest): then there is nothing to resend.
 */
export type FailedDelivery = EmailDelivery & { requestSettled: boolean };

/** E-mails whose every attempt failed: listed for administrators, who can send them again. */
@Injectable()
export class FailedDeliveries {
  constructor(
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly transactions: Transactions,
    private readonly delivery: NotificationDelivery,
    private readonly audit: AuditLog,
  ) {}

  async list(organizationId: string): Promise<FailedDelivery[]> {
    const failed = await this.deliveries.failedOf(organizationId);
    // In the organization's scope, as retry judges: of a digest gathering several municipalities', this one's items.
    const ids = failed.map((delivery) => delivery.id);
    const settled = await this.transactions.run((manager) => this.deliveries.aboutSettledRequests(ids, manager));
    return failed.map((delivery) => Object.assign(delivery, { requestSettled: settled.has(delivery.id) }));
  }

  /**
   * Sends the mail again, in a new round of attempts. Refused (409) when what it asked for has been settled since: sent,
   * it would ask for what is done, and the sending would withhold it anyway; nothing is changed or recorded then.
   */
  async retry(actor: OrganizationActor, deliveryId: string): Promise<FailedDelivery> {
    const retried = await this.transactions.run(async (manager) => {
      const delivery = await this.deliveries.lockFailed(manager, actor.organizationId, deliveryId);
      if (!delivery) throw new NotFoundException('No failed e-mail with this id in this organization.');
      if ((await this.deliveries.aboutSettledRequests([delivery.id], manager)).has(delivery.id))
        throw new ConflictException(
          delivery.digest
            ? 'What this digest told of has been settled or gone into a later digest: there is nothing to resend.'
            : 'What this e-mail asked for has been settled already: there is nothing to resend.',
        );
      delivery.status = DeliveryStatus.Pending;
      delivery.retryRound += 1;
      await this.deliveries.save(manager, delivery);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'notification.retried',
          { type: 'email_delivery', id: delivery.id },
          { lastError: delivery.lastError },
        ),
      );
      return delivery;
    });
    await this.delivery.enqueueEmails([retried]);
    return Object.assign(retried, { requestSettled: false });
  }
}
