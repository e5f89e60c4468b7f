import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { type MailContent } from './mail-content';
import { Notification } from './notification.entity';

export type NewEmailDelivery = Pick<
  EmailDelivery,
  'organizationId' | 'userId' | 'notificationId' | 'toAddress' | 'subject' | 'text' | 'html'
> &
  Partial<Pick<EmailDelivery, 'id' | 'attachments'>>;

/** What an e-mail's job is made of. */
export type QueuedDelivery = Pick<EmailDelivery, 'id' | 'retryRound'>;

/** The only place that queries e-mail deliveries. */
@Injectable()
export class EmailDeliveriesRepository {
  constructor(@InjectRepository(EmailDelivery) private readonly deliveries: Repository<EmailDelivery>) {}

  findById(deliveryId: string): Promise<EmailDelivery | null> {
    return this.deliveries.findOneBy({ id: deliveryId });
  }

  /** The organization's failed e-mails, most recently failed first. */
  failedOf(organizationId: string): Promise<EmailDelivery[]> {
    return this.deliveries.find({
      where: { organizationId, status: DeliveryStatus.Failed },
      order: { updatedAt: 'DESC' },
      take: 500,
    });
  }

  /** A failed e-mail of the organization, locked for an administrator's retry. */
  lockFailed(manager: EntityManager, organizationId: string, deliveryId: string): Promise<EmailDelivery | null> {
    return manager.findOne(EmailDelivery, {
      where: { id: deliveryId, organizationId, status: DeliveryStatus.Failed },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Still-pending e-mails of the notifications made from one outbox event. */
  pendingOfEvent(outboxEventId: string): Promise<EmailDelivery[]> {
    return this.deliveries
      .createQueryBuilder('delivery')
      .innerJoin(Notification, 'notification', 'notification.id = delivery.notificationId')
      .where('notification.outboxEventId = :id AND delivery.status = :status', {
        id: outboxEventId,
        status: DeliveryStatus.Pending,
      })
      .getMany();
  }

  add(manager: EntityManager, delivery: NewEmailDelivery): Promise<EmailDelivery> {
    return manager.save(manager.create(EmailDelivery, delivery));
  }

  /** Several in one statement; returns what their jobs need. */
  async addAll(manager: EntityManager, deliveries: NewEmailDelivery[]): Promise<QueuedDelivery[]> {
    if (deliveries.length === 0) return [];
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(EmailDelivery)
      .values(deliveries)
      .returning(['id', 'retryRound'])
      .execute();
    return (inserted.raw as { id: string; retry_round: number }[]).map((row) => ({
      id: row.id,
      retryRound: row.retry_round,
    }));
  }

  save(manager: EntityManager, delivery: EmailDelivery): Promise<EmailDelivery> {
    return manager.save(delivery);
  }

  /** What a still-pending mail will say, written anew (a digest without the items settled since). */
  async rewrite(manager: EntityManager, deliveryId: string, content: MailContent): Promise<void> {
    await manager.update(EmailDelivery, { id: deliveryId, status: DeliveryStatus.Pending }, content);
  }

  async markSent(deliveryId: string, messageId: string, attempts: number): Promise<void> {
    await this.deliveries.update(
      { id: deliveryId },
      { status: DeliveryStatus.Sent, sentAt: new Date(), messageId, attempts, lastError: null },
    );
  }

  async recordFailedAttempt(deliveryId: string, attempts: number, lastError: string): Promise<void> {
    await this.deliveries.update({ id: deliveryId }, { attempts, lastError });
  }

  /**
   * In one statement: a still-pending mail about notifications (its own, or a digest's items) every one of which is
   * settled is withheld. Returns whether it was; a mail about none (an invitation, a digest written before digests
   * kept their items) never is.
   */
  async withholdIfSettled(deliveryId: string): Promise<boolean> {
    const about = `(n.id = email_deliveries.notification_id OR n.digest_delivery_id = email_deliveries.id)`;
    const { affected } = await this.deliveries
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ status: DeliveryStatus.Withheld })
      .where('id = :deliveryId AND status = :pending', { deliveryId, pending: DeliveryStatus.Pending })
      .andWhere(`EXISTS (SELECT 1 FROM notifications n WHERE ${about})`)
      .andWhere(`NOT EXISTS (SELECT 1 FROM notifications n WHERE ${about} AND n.settled_at IS NULL)`)
      .execute();
    return (affected ?? 0) > 0;
  }

  /** After the last attempt; only a still-pending e-mail becomes failed. */
  async markFailed(deliveryId: string): Promise<void> {
    await this.deliveries.update({ id: deliveryId, status: DeliveryStatus.Pending }, { status: DeliveryStatus.Failed });
  }
}
