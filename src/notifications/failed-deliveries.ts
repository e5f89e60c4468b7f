import { Injectable, NotFoundException } from '@nestjs/common';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { OrganizationActor } from '../access/actor';
import { Transactions } from '../infra/database/transactions';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { NotificationDelivery } from './notification-delivery';

/** E-mails whose every attempt failed: listed for administrators, who can send them again. */
@Injectable()
export class FailedDeliveries {
  constructor(
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly transactions: Transactions,
    private readonly delivery: NotificationDelivery,
    private readonly audit: AuditLog,
  ) {}

  list(organizationId: string): Promise<EmailDelivery[]> {
    return this.deliveries.failedOf(organizationId);
  }

  async retry(actor: OrganizationActor, deliveryId: string): Promise<EmailDelivery> {
    const retried = await this.transactions.run(async (manager) => {
      const delivery = await this.deliveries.lockFailed(manager, actor.organizationId, deliveryId);
      if (!delivery) throw new NotFoundException('No failed e-mail with this id in this organization.');
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
    return retried;
  }
}
