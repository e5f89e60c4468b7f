import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { AuditActor, auditActorOf } from '../audit/audit-log';
import { AuthService } from '../auth/auth.service';
import { newSecretToken, SECRET_TOKEN_PATTERN, secretTokenHash } from '../common/secret-token';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { isUniqueViolation } from '../infra/database/unique-violation';
import { OutboxRepository } from '../outbox/outbox.repository';
import { User, USER_EMAIL_UNIQUE } from '../users/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { lockWithAccount } from './account-links';
import { EmailChange } from './email-change.entity';
import { type EmailChangeLinkKind, EmailChangeLinkUnusableException, usableEmailChange } from './email-change-link';
import { EmailChangesRepository } from './email-changes.repository';
import { PasswordResetsService } from './password-resets.service';

/** The outbox event whose delivery writes the mail saying the password was changed (src/notifications/account-mail.ts). */
export const PASSWORD_CHANGED_EVENT = 'account.password_changed';
/** The outbox event whose delivery writes the link to the new address and the notice to the old one. */
export const EMAIL_CHANGE_REQUESTED_EVENT = 'account.email_change_requested';

const MINUTE_MS = 60_000;

/** The address asked for is another account's: said the same whether the check or the database's constraint found it. */
class AddressTakenException extends ConflictException {
  constructor() {
    super({
      message: 'This address is the address of another account. Use another address.',
      details: [{ path: '/email', message: 'is the address of another account' }],
    });
  }
}

/** A change of address waiting for its link to be opened, as its pages show it. */
export interface PendingEmailChange {
  newEmail: string;
  expiresAt: Date;
}

/**
 * What the two mails of a change of address say; each token exists only here and in its mail: the one confirming in
 * the mail to the new address, the one cancelling in the notice to the old.
 */
export interface IssuedEmailChange {
  token: string;
  cancelToken: string;
  change: EmailChange;
  account: Pick<User, 'id' | 'email' | 'displayName'>;
}

/**
 * What the signed-in person changes about their own account (アカウント設定) that someone else could have changed with a
 * stolen session: each change is mailed to the account's address, and audited in each organization of the person
 * (UsersService.appendOwnAccountEvent). The name is the users domain's (UsersService.renameOwn).
 */
@Injectable()
export class OwnAccountService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly outbox: OutboxRepository,
    private readonly changes: EmailChangesRepository,
    private readonly resets: PasswordResetsService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /**
   * With the current password (throttled as sign-in is); the other sessions end and the owner gets a mail. The reset
   * links still open end too, as with any new password: one asked for before must not undo the password chosen now.
   */
  changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    return this.auth.changePassword(actor, currentPassword, newPassword, async (manager) => {
      await this.resets.endOpenLinks(manager, actor.userId);
      await this.mail(manager, actor.userId, PASSWORD_CHANGED_EVENT, { changedAt: new Date().toISOString() });
    });
  }

  /**
   * A new address for the account, once a link mailed to it is opened (as long as a reset link lasts); until then the
   * account keeps its address, which is told of the request. An earlier request still open ends. An address another
   * account has is refused, as an invitation to it would be answered. The current password is asked first, checked and
   * throttled as for a new password, since whoever has the address can then reset the password.
   */
  async requestEmailChange(actor: Actor, email: string, currentPassword: string): Promise<EmailChange> {
    const newEmail = normalizeEmail(email);
    await this.auth.verifyCurrentPassword(actor, currentPassword, {
      failed: 'user.email_change_refused',
      throttled: 'user.email_change_throttled',
    });
    return this.transactions.run(async (manager) => {
      const account = await this.users.lockAccount(manager, actor.userId);
      if (account.email === newEmail)
        throw new BadRequestException({
          message: 'This is the address of your account already.',
          details: [{ path: '/email', message: 'must differ from the current address' }],
        });
      await this.refuseTakenAddress(manager, newEmail);
      const now = new Date();
      await this.changes.endOpenOf(manager, account.id, now);
      const change = await this.changes.add(manager, {
        userId: account.id,
        newEmail,
        expiresAt: new Date(now.getTime() + this.config.passwordResetTtlMinutes * MINUTE_MS),
      });
      const mailed = await this.mail(manager, account.id, EMAIL_CHANGE_REQUESTED_EVENT, { emailChangeId: change.id });
      if (!mailed)
        throw new ConflictException(
          'An account that holds no role in any organization cannot change its address: ask an administrator.',
        );
      await this.users.appendOwnAccountEvent(manager, account.id, auditActorOf(actor), 'user.email_change_requested', {
        from: account.email,
        to: newEmail,
        emailChangeId: change.id,
        expiresAt: change.expiresAt.toISOString(),
      });
      return change;
    });
  }

  /**
   * Inside the caller's transaction (the one writing the mails): a fresh token for a change still waiting for its
   * mail. Null when the mails were written already (a repeated delivery), or the change cannot be made any more.
   */
  async issueEmailChangeToken(manager: EntityManager, changeId: string): Promise<IssuedEmailChange | null> {
    const { link: change, account } = await lockWithAccount(manager, this.users, this.changes, { id: changeId });
    if (!change || change.tokenHash || change.usedAt || change.expiresAt <= new Date()) return null;
    if (!account || account.deactivatedAt) return null;
    const token = newSecretToken();
    const cancelToken = newSecretToken();
    change.tokenHash = secretTokenHash(token);
    change.cancelTokenHash = secretTokenHash(cancelToken);
    await this.changes.save(manager, change);
    return { token, cancelToken, change, account };
  }

  /** The change behind a link of the kind that can still be used (for the page that asks to confirm or cancel it). */
  async openEmailChange(token: string, kind: EmailChangeLinkKind = 'confirm'): Promise<PendingEmailChange> {
    const tokenHash = this.hashOf(token, kind);
    const change =
      kind === 'confirm'
        ? await this.changes.findByTokenHash(tokenHash)
        : await this.changes.findByCancelTokenHash(tokenHash);
    const usable = usableEmailChange(change, change?.user, new Date(), kind);
    return { newEmail: usable.newEmail, expiresAt: usable.expiresAt };
  }

  /**
   * The owner of the old address stops a change they did not ask for, with the link in the notice (no session needed:
   * they hold the account's mailbox). The confirmation link mailed to the new address ends with it.
   */
  async cancelEmailChange(token: string, origin: AuditActor): Promise<void> {
    const cancelTokenHash = this.hashOf(token, 'cancel');
    await this.transactions.run(async (manager) => {
      const { link: change, account } = await lockWithAccount(manager, this.users, this.changes, { cancelTokenHash });
      usableEmailChange(change, account, new Date(), 'cancel');
      await this.endCancelled(manager, change!, { ...origin, userId: account!.id }, 'notice_link');
    });
  }

  /**
   * The holder of the new address confirms: the account signs in with it from now on. The reset links mailed to the
   * old address end with it; the sessions stay (the person is the same).
   */
  async confirmEmailChange(token: string, origin: AuditActor): Promise<void> {
    const tokenHash = this.hashOf(token);
    await this.transactions.run(async (manager) => {
      const { link: change, account } = await lockWithAccount(manager, this.users, this.changes, { tokenHash });
      usableEmailChange(change, account);
      await this.refuseTakenAddress(manager, change!.newEmail);
      const now = new Date();
      try {
        await this.users.setEmail(manager, account!.id, change!.newEmail);
      } catch (error) {
        // Another account confirmed the address after the check above and before this write.
        if (isUniqueViolation(error, USER_EMAIL_UNIQUE)) throw new AddressTakenException();
        throw error;
      }
      await this.changes.endOpenOf(manager, account!.id, now);
      await this.resets.endOpenLinks(manager, account!.id);
      await this.users.appendOwnAccountEvent(
        manager,
        account!.id,
        { ...origin, userId: account!.id },
        'user.email_changed',
        { from: account!.email, to: change!.newEmail, emailChangeId: change!.id },
      );
    });
  }

  /** The signed-in person's change of address still waiting for its link, if any (for アカウント設定). */
  async pendingEmailChange(actor: Actor): Promise<PendingEmailChange | null> {
    const change = await this.changes.findOpenOf(actor.userId, new Date());
    return change && { newEmail: change.newEmail, expiresAt: change.expiresAt };
  }

  /** The signed-in person takes back the change they asked for: its links end and the address stays. */
  async cancelOwnEmailChange(actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.users.lockAccount(manager, actor.userId);
      const change = await this.changes.lockOpenOf(manager, actor.userId, new Date());
      if (!change)
        throw new ConflictException(
          'No change of address is waiting to be cancelled: it was confirmed or cancelled, or it has expired.',
        );
      await this.endCancelled(manager, change, auditActorOf(actor), 'account_page');
    });
  }

  /** Inside the caller's transaction: the change ends unused, audited with who cancelled it (`by`) and how. */
  private async endCancelled(
    manager: EntityManager,
    change: EmailChange,
    by: AuditActor,
    via: 'notice_link' | 'account_page',
  ): Promise<void> {
    change.usedAt = new Date();
    await this.changes.save(manager, change);
    await this.users.appendOwnAccountEvent(manager, change.userId, by, 'user.email_change_cancelled', {
      to: change.newEmail,
      emailChangeId: change.id,
      via,
    });
  }

  /**
   * An address is one account's: another's is refused (taken meanwhile, at confirmation). The other account is read,
   * not locked: a step locks no account but its own, or two accounts asking for each other's address at once would
   * each hold its own row and wait for the other's (a deadlock). One taking the address meanwhile is the unique
   * constraint's to refuse (confirmEmailChange).
   */
  private async refuseTakenAddress(manager: EntityManager, email: string): Promise<void> {
    if (await this.users.findByEmail(email, manager)) throw new AddressTakenException();
  }

  /**
   * Inside the caller's transaction: the mail is written with the change. It is filed (and retried, if it fails) under
   * the organization the person joined first, as a reset mail is; someone in none gets none (returns false).
   */
  private async mail(
    manager: EntityManager,
    userId: string,
    type: string,
    payload: Record<string, unknown>,
  ): Promise<boolean> {
    const [organizationId] = await this.users.organizationIdsOf(userId, manager);
    if (!organizationId) return false;
    await this.outbox.enqueue(manager, [
      { organizationId, type, actorUserId: userId, payload: { userId, ...payload } },
    ]);
    return true;
  }

  private hashOf(token: string, kind: EmailChangeLinkKind = 'confirm'): string {
    if (!SECRET_TOKEN_PATTERN.test(token)) throw new EmailChangeLinkUnusableException('unknown', kind);
    return secretTokenHash(token);
  }
}
