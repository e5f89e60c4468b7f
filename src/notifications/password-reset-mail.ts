import { Injectable } from '@nestjs/common';
import { PasswordResetsService } from '../accounts/password-resets.service';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderPasswordResetMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';

/** Where the link leads: the page that asks for the new password. */
export function passwordResetLink(baseUrl: string, token: string): string {
  return `${baseUrl}/password-reset/${token}`;
}

/**
 * Turns a password_reset.requested event into the reset e-mail, as InvitationMail does for invitations: the token is
 * made in the transaction that writes the mail, so it exists only in the mail and as a hash. Idempotent.
 */
@Injectable()
export class PasswordResetMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly resets: PasswordResetsService,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const resetId = event.payload.passwordResetId;
    if (typeof resetId !== 'string') return 0;
    const deliveryId = deterministicUuid(`password-reset:${event.id}`);
    await this.transactions.run(async (manager) => {
      const issued = await this.resets.issueToken(manager, resetId);
      if (!issued) return;
      await this.deliveries.add(manager, {
        id: deliveryId,
        organizationId: event.organizationId,
        userId: issued.reset.userId,
        notificationId: null,
        toAddress: issued.account.email,
        ...renderPasswordResetMail({
          email: issued.account.email,
          displayName: issued.account.displayName,
          sentByAdministrator: issued.sentByAdministrator,
          expiresAt: issued.reset.expiresAt,
          link: passwordResetLink(this.config.baseUrl, issued.token),
        }),
      });
    });
    const mail = await this.deliveries.findById(deliveryId);
    if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
    return mail ? 1 : 0;
  }
}
