import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditActorOf, AuditLog } from '../audit/audit-log';
import { OrganizationActor } from '../access/actor';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { NotificationDelivery } from './notification-delivery';

/** E-mails whose every attempt failed: listed for administrators, who can send them again. */
@Injectable()
export class FailedDeliveries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: NotificationDelivery,
    private readonly audit: AuditLog,
  ) {}

  list(organizationId: string): Promise<EmailDelivery[]> {
    return this.dataSource.getRepository(EmailDelivery).find({ where: { organizationId, status: DeliveryStatus.Failed }, order: { updatedAt: 'DESC' }, take: 500 });
  }

  async retry(actor: OrganizationActor, deliveryId: string): Promise<EmailDelivery> {
    const retried = await this.dataSource.transaction(async (manager) => {
      const delivery = await manager.findOne(EmailDelivery, { where: { id: deliveryId, organizationId: actor.organizationId, status: DeliveryStatus.Failed }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw new NotFoundException('No failed e-mail with this id in this organization.');
      delivery.status = DeliveryStatus.Pending;
      delivery.retryRound += 1;
      await manager.save(delivery);
      await this.audit.append(manager, { organizationId: actor.organizationId, actor: auditActorOf(actor), action: 'notification.retried', entityType: 'email_delivery', entityId: delivery.id, details: { lastError: delivery.lastError } });
      return delivery;
    });
    await this.delivery.enqueueEmails([retried]);
    return retried;
  }
}
