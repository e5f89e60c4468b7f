import { Injectable } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { InvitationsService } from '../invitations/invitations.service';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderInvitationMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';

/** Where the invitee answers: the page that tells an existing account from a new person. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/invitations/${token}`;
}

/**
 * Turns an invitation.created event into the invitation e-mail. The token is made here, in the transaction that
 * writes the mail, so it exists only in the mail and as a hash: never in the outbox. Idempotent: a repeated event
 * finds the token issued and only sends the mail it wrote, if still pending.
 */
@Injectable()
export class InvitationMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly invitations: InvitationsService,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const invitationId = event.payload.invitationId;
    if (typeof invitationId !== 'string') return 0;
    const deliveryId = deterministicUuid(`invitation:${event.id}`);
    await this.transactions.run(async (manager) => {
      const issued = await this.invitations.issueToken(manager, invitationId);
      if (!issued) return;
      const { invitation, organizationName, inviterName, grants } = issued.details;
      await this.deliveries.add(manager, {
        id: deliveryId,
        organizationId: invitation.organizationId,
        userId: null,
        notificationId: null,
        toAddress: invitation.email,
        ...renderInvitationMail({
          email: invitation.email,
          organizationName,
          inviterName,
          roles: grants.map((grant) =>
            grant.departmentName ? `${grant.roleLabel}(${grant.departmentName})` : grant.roleLabel,
          ),
          expiresAt: invitation.expiresAt,
          link: invitationLink(this.config.baseUrl, issued.token),
          resent: event.payload.resent === true,
        }),
      });
    });
    const mail = await this.deliveries.findById(deliveryId);
    if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
    return mail ? 1 : 0;
  }
}
