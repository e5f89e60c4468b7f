import { Injectable } from '@nestjs/common';
import { PASSWORD_CHANGED_EVENT } from '../accounts/own-account.service';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { UsersRepository } from '../users/users.repository';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderPasswordChangedMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';

/** The account events (src/accounts/own-account.service.ts) that are mailed to the account's own address. */
export const ACCOUNT_MAIL_EVENTS: readonly string[] = [PASSWORD_CHANGED_EVENT];

/**
 * Turns an account event into a mail to the account's owner, whatever their notification settings: it is about the
 * account itself, as a reset mail is. Idempotent: a repeated event sends the mail it wrote, if still pending.
 */
@Injectable()
export class AccountMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const { userId, changedAt } = event.payload;
    if (typeof userId !== 'string' || typeof changedAt !== 'string') return 0;
    const deliveryId = deterministicUuid(`account:${event.id}`);
    if (!(await this.deliveries.findById(deliveryId))) {
      const account = await this.users.findById(userId);
      // A deactivated account gets no mail (the administrator stopped it meanwhile).
      if (!account || account.deactivatedAt) return 0;
      await this.transactions.run((manager) =>
        this.deliveries.add(manager, {
          id: deliveryId,
          organizationId: event.organizationId,
          userId: account.id,
          notificationId: null,
          toAddress: account.email,
          ...renderPasswordChangedMail({
            displayName: account.displayName,
            changedAt: new Date(changedAt),
            passwordResetLink: `${this.config.baseUrl}/password-reset`,
          }),
        }),
      );
    }
    const mail = await this.deliveries.findById(deliveryId);
    if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
    return mail ? 1 : 0;
  }
}
