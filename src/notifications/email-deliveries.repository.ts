import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { type MailContent } from './mail-content';

export type NewEmailDelivery = Pick<
  EmailDelivery,
  'organizationId' | 'userId' | 'notificationId' | 'toAddress' | 'subject' | 'text' | 'html'
> &
  Partial<Pick<EmailDelivery, 'id' | 'digest' | 'attachments'>>;

/** What an e-mail's job is made of. */
export type QueuedDelivery = Pick<EmailDelivery, 'id' | 'retryRound'>;

/** The notifications (as `n`) a mail under `alias` is about: its own, or a digest's items. */
const aboutMail = (alias: string) => `(n.id = ${alias}.notification_id OR n.digest_delivery_id = ${alias}.id)`;

/**
 * A mail under `alias` about notifications every one of which is settled (対応済み): it asks for nothing now. Nor does a
 * digest left with none, its open items gone into a later digest. Any other mail about none (an invitation) asks.
 */
const aboutSettledOnly = (alias: string) =>
  `(${alias}.digest OR EXISTS (SELECT 1 FROM notifications n WHERE ${aboutMail(alias)}))
   AND NOT EXISTS (SELECT 1 FROM notifications n WHERE ${aboutMail(alias)} AND n.settled_at IS NULL)`;

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

  /**
   * Whether a mail carrying a calendar entry of the assignment (review-calendar.ts) has gone to the user: only the mails
   * of the events about an assignment carry one.
   */
  async calendarEntrySent(userId: string, assignmentId: string): Promise<boolean> {
    const [{ sent }]: { sent: boolean }[] = await this.deliveries.query(
      `SELECT EXISTS (
         SELECT 1 FROM email_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         JOIN notification_outbox o ON o.id = n.outbox_event_id
         WHERE n.user_id = $1 AND o.payload->>'assignmentId' = $2 AND d.status = $3 AND d.attachments <> '[]'::jsonb
       ) AS sent`,
      [userId, assignmentId, DeliveryStatus.Sent],
    );
    return sent;
  }

  /**
   * Still-pending e-mails of the notifications made from the outbox events: each notification's own, or the mail of
   * one bulk action gathering them; not a daily digest, which its own job sends.
   */
  pendingOfEvents(outboxEventIds: string[]): Promise<EmailDelivery[]> {
    return this.deliveries
      .createQueryBuilder('delivery')
      .where('delivery.status = :status AND NOT delivery.digest', { status: DeliveryStatus.Pending })
      .andWhere(
        `delivery.id IN (SELECT d.id FROM notifications n JOIN email_deliveries d ON ${aboutMail('d')}
          WHERE n.outbox_event_id = ANY (:ids))`,
        { ids: outboxEventIds },
      )
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

  /** In one statement: a still-pending mail that asks for nothing now (aboutSettledOnly) is withheld. Whether it was. */
  async withholdIfSettled(deliveryId: string): Promise<boolean> {
    const { affected } = await this.deliveries
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ status: DeliveryStatus.Withheld })
      .where('id = :deliveryId AND status = :pending', { deliveryId, pending: DeliveryStatus.Pending })
      .andWhere(aboutSettledOnly('email_deliveries'))
      .execute();
    return (affected ?? 0) > 0;
  }

  /** A still-pending mail that is not to be sent after all; whether it was still pending. */
  async withhold(deliveryId: string): Promise<boolean> {
    const { affected } = await this.deliveries.update(
      { id: deliveryId, status: DeliveryStatus.Pending },
      { status: DeliveryStatus.Withheld },
    );
    return (affected ?? 0) > 0;
  }

  /** Of the given mails, those that ask for nothing now (aboutSettledOnly); in the caller's transaction if given. */
  async aboutSettledRequests(deliveryIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (deliveryIds.length === 0) return new Set();
    const rows: { id: string }[] = await (manager ?? this.deliveries.manager).query(
      `SELECT d.id FROM email_deliveries d WHERE d.id = ANY($1) AND ${aboutSettledOnly('d')}`,
      [deliveryIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** After the last attempt; only a still-pending e-mail becomes failed. Whether it did, and whether it is a digest. */
  async markFailed(manager: EntityManager, deliveryId: string): Promise<{ digest: boolean } | null> {
    const failed = await manager
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ status: DeliveryStatus.Failed })
      .where('id = :deliveryId AND status = :pending', { deliveryId, pending: DeliveryStatus.Pending })
      .returning(['digest'])
      .execute();
    return (failed.raw as { digest: boolean }[])[0] ?? null;
  }
}
