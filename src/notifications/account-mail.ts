import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EMAIL_CHANGE_REQUESTED_EVENT,
  OwnAccountService,
  PASSWORD_CHANGED_EVENT,
} from '../accounts/own-account.service';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { UsersRepository } from '../users/users.repository';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository, type NewEmailDelivery } from './email-deliveries.repository';
import { renderEmailChangeLinkMail, renderEmailChangeNoticeMail, renderPasswordChangedMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';

/** The account events (src/accounts/own-account.service.ts) that are mailed to the account's own addresses. */
export const ACCOUNT_MAIL_EVENTS: readonly string[] = [PASSWORD_CHANGED_EVENT, EMAIL_CHANGE_REQUESTED_EVENT];

/** Where the holder of the new address confirms it. */
export function emailChangeLink(baseUrl: string, token: string): string {
  return `${baseUrl}/account/email/${token}`;
}

/** Where the holder of the old address stops it. */
function emailChangeCancelLink(baseUrl: string, token: string): string {
  return `${baseUrl}/account/email-cancel/${token}`;
}

/**
 * Turns an account event into mails to the account's owner, whatever their notification settings: they are about
 * the account itself, as a reset mail is. Idempotent: a repeated event sends the mails it wrote, if still pending.
 */
@Injectable()
export class AccountMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly account: OwnAccountService,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const ids = [deterministicUuid(`account:${event.id}`), deterministicUuid(`account:${event.id}:notice`)];
    if (!(await this.deliveries.findById(ids[0])))
      await this.transactions.run(async (manager) => {
        const mails = await this.write(manager, event);
        for (const [index, mail] of mails.entries()) await this.deliveries.add(manager, { ...mail, id: ids[index] });
      });
    let sent = 0;
    for (const id of ids) {
      const mail = await this.deliveries.findById(id);
      if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
      if (mail) sent++;
    }
    return sent;
  }

  /** The event's mails, in the order of their ids; none when there is nothing to tell any more. */
  private async write(manager: EntityManager, event: OutboxEvent): Promise<NewEmailDelivery[]> {
    const { userId, changedAt, emailChangeId } = event.payload;
    const mail = (userId: string, toAddress: string, content: Pick<NewEmailDelivery, 'subject' | 'text' | 'html'>) => ({
      organizationId: event.organizationId,
      userId,
      notificationId: null,
      toAddress,
      ...content,
    });
    if (event.type === EMAIL_CHANGE_REQUESTED_EVENT && typeof emailChangeId === 'string') {
      const issued = await this.account.issueEmailChangeToken(manager, emailChangeId);
      if (!issued) return [];
      const facts = {
        displayName: issued.account.displayName,
        oldEmail: issued.account.email,
        newEmail: issued.change.newEmail,
        expiresAt: issued.change.expiresAt,
      };
      return [
        mail(
          issued.account.id,
          issued.change.newEmail,
          renderEmailChangeLinkMail({ ...facts, link: emailChangeLink(this.config.baseUrl, issued.token) }),
        ),
        mail(
          issued.account.id,
          issued.account.email,
          renderEmailChangeNoticeMail({
            ...facts,
            cancelLink: emailChangeCancelLink(this.config.baseUrl, issued.cancelToken),
            accountLink: `${this.config.baseUrl}/account`,
          }),
        ),
      ];
    }
    if (event.type !== PASSWORD_CHANGED_EVENT || typeof userId !== 'string' || typeof changedAt !== 'string') return [];
    const account = await this.users.lock(manager, userId);
    // A deactivated account gets no mail (the administrator stopped it meanwhile).
    if (!account || account.deactivatedAt) return [];
    return [
      mail(
        account.id,
        account.email,
        renderPasswordChangedMail({
          displayName: account.displayName,
          changedAt: new Date(changedAt),
          passwordResetLink: `${this.config.baseUrl}/password-reset`,
        }),
      ),
    ];
  }
}
