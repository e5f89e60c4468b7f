import { ConflictException, HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditActor, auditEvent, AuditLog } from '../audit/audit-log';
import { AuthService } from '../auth/auth.service';
import { newSecretToken, SECRET_TOKEN_PATTERN, secretTokenHash } from '../common/secret-token';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { AttemptCounters } from '../infra/redis/attempt-counters';
import { OutboxRepository } from '../outbox/outbox.repository';
import { PasswordHasher } from '../users/password-hasher';
import { refuseGuessablePassword } from '../users/password-policy';
import { User } from '../users/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { lockWithAccount } from './account-links';
import { ResetLinkUnusableException, usableReset } from './password-reset-link';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetsRepository } from './password-resets.repository';

/** The outbox event whose delivery writes the reset e-mail (src/notifications/password-reset-mail.ts). */
export const PASSWORD_RESET_REQUESTED_EVENT = 'password_reset.requested';

const MINUTE_MS = 60_000;

export class TooManyResetRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        message: `Too many password reset requests for this address or from this client. Try again in ${retryAfterSeconds} seconds.`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** What the reset mail says and where its link goes; the token exists only here and in the mail. */
export interface IssuedReset {
  token: string;
  reset: PasswordReset;
  account: Pick<User, 'email' | 'displayName'>;
  sentByAdministrator: boolean;
}

/**
 * Setting a new password through a single-use, expiring link mailed to the account's address: asked for by the person
 * (パスワードを忘れた場合, the same answer for every address) or sent by an administrator of their organization. Using it
 * ends every session of the account and every other open link.
 */
@Injectable()
export class PasswordResetsService {
  private readonly logger = new Logger(PasswordResetsService.name);

  constructor(
    private readonly resets: PasswordResetsRepository,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly passwords: PasswordHasher,
    private readonly counters: AttemptCounters,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  /**
   * Someone asks for a link to the address. Nothing in the outcome says whether it has an account: an unknown or
   * deactivated address is only audited. Throttled per address and per client address, known or not.
   */
  async request(email: string, origin: AuditActor): Promise<void> {
    const address = normalizeEmail(email);
    await this.throttle(address, origin);
    const user = await this.users.findForSignIn(address);
    const refused = (reason: string) =>
      this.audit.recordQuietly(
        auditEvent(null, origin, 'auth.password_reset_refused', undefined, { email: address, reason }),
      );
    if (!user) return refused('unknown_account');
    if (user.deactivatedAt) return refused('deactivated_account');
    const sent = await this.transactions.run(async (manager) => {
      // The mail is filed (and retried, if it fails) under the organization the person joined first.
      const [organizationId] = await this.users.organizationIdsOf(user.id, manager);
      if (!organizationId) return false;
      const reset = await this.issue(manager, organizationId, user.id, null);
      // Asked by anyone who knows the address: in the account's organizations' chains, by no one.
      await this.users.appendOwnAccountEvent(
        manager,
        user.id,
        { ...origin, userId: null },
        'auth.password_reset_requested',
        { email: address, passwordResetId: reset.id, expiresAt: reset.expiresAt.toISOString() },
      );
      return true;
    });
    if (!sent) await refused('no_organization');
  }

  /** An administrator sends a member of their organization a link (the member's address only ever gets it). */
  async sendByAdministrator(actor: OrganizationActor, userId: string): Promise<PasswordReset> {
    return this.transactions.run(async (manager) => {
      const user = await this.memberAccount(manager, actor.organizationId, userId);
      if (user.deactivatedAt)
        throw new ConflictException('This account is deactivated: reactivate it before sending a password reset link.');
      const reset = await this.issue(manager, actor.organizationId, user.id, actor.userId);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'user.password_reset_sent',
          { type: 'user', id: user.id },
          { email: user.email, passwordResetId: reset.id, expiresAt: reset.expiresAt.toISOString() },
        ),
      );
      return reset;
    });
  }

  /**
   * Inside the caller's transaction (the one writing the mail): a fresh token for a reset still waiting for its mail.
   * Null when the mail was written already (a repeated delivery), or the link cannot be used any more.
   */
  async issueToken(manager: EntityManager, resetId: string): Promise<IssuedReset | null> {
    const { link: reset, account } = await lockWithAccount(manager, this.users, this.resets, { id: resetId });
    if (!reset || reset.tokenHash || reset.usedAt || reset.expiresAt <= new Date()) return null;
    if (!account || account.deactivatedAt) return null;
    const token = newSecretToken();
    reset.tokenHash = secretTokenHash(token);
    await this.resets.save(manager, reset);
    return { token, reset, account, sentByAdministrator: reset.requestedById !== null };
  }

  /** The account behind a link that can still be used (for the page that asks for the new password). */
  async open(token: string): Promise<{ email: string; displayName: string; expiresAt: Date }> {
    const reset = await this.resets.findByTokenHash(this.hashOf(token));
    const usable = usableReset(reset, reset?.user);
    return { email: reset!.user!.email, displayName: reset!.user!.displayName, expiresAt: usable.expiresAt };
  }

  /** Sets the new password once: the link, every other open link and every session of the account end with it. */
  async complete(token: string, newPassword: string, origin: AuditActor): Promise<void> {
    const tokenHash = this.hashOf(token);
    // Refuse a dead link before judging the password and spending a hash on it; the change checks again under the lock.
    refuseGuessablePassword('password', newPassword, await this.open(token));
    const passwordHash = await this.passwords.hash(newPassword);
    const email = await this.transactions.run(async (manager) => {
      const { link: reset, account } = await lockWithAccount(manager, this.users, this.resets, { tokenHash });
      usableReset(reset, account);
      const now = new Date();
      await this.auth.replacePassword(manager, account!.id, passwordHash);
      await this.resets.endOpenOf(manager, account!.id, now);
      await this.users.appendOwnAccountEvent(
        manager,
        account!.id,
        { ...origin, userId: account!.id },
        'auth.password_reset',
        {
          passwordResetId: reset!.id,
          sentByAdministrator: reset!.requestedById !== null,
        },
      );
      return account!.email;
    });
    await this.auth.forgetFailedSignIns(email);
  }

  /**
   * Inside the caller's transaction (a deactivation, a new password or address): no link of the account works any more.
   */
  endOpenLinks(manager: EntityManager, userId: string): Promise<void> {
    return this.resets.endOpenOf(manager, userId, new Date());
  }

  private async issue(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    requestedById: string | null,
  ): Promise<PasswordReset> {
    const reset = await this.resets.add(manager, {
      userId,
      requestedById,
      expiresAt: new Date(Date.now() + this.config.passwordResetTtlMinutes * MINUTE_MS),
    });
    await this.outbox.enqueue(manager, [
      {
        organizationId,
        type: PASSWORD_RESET_REQUESTED_EVENT,
        actorUserId: requestedById ?? undefined,
        payload: { passwordResetId: reset.id },
      },
    ]);
    return reset;
  }

  /** The account of someone holding a role in the organization, row-locked. */
  private async memberAccount(manager: EntityManager, organizationId: string, userId: string): Promise<User> {
    const organizations = await this.users.organizationIdsOf(userId, manager);
    if (!organizations.includes(organizationId)) throw new NotFoundException('User not found in this organization.');
    return this.users.lockAccount(manager, userId);
  }

  private async throttle(address: string, origin: AuditActor): Promise<void> {
    const client = origin.ipAddress || 'unknown';
    let wait: number;
    try {
      wait = await this.counters.admit(
        [
          { key: `password-reset-requests:address:${address}`, limit: this.config.passwordResetMaxRequests },
          { key: `password-reset-requests:client:${client}`, limit: this.config.passwordResetMaxRequestsPerIp },
        ],
        this.config.passwordResetWindowSeconds,
      );
    } catch (error) {
      // As for sign-in: an outage of Redis (visible in /health) must not stop people getting back in.
      this.logger.warn(`Password reset throttling unavailable: ${(error as Error).message}`);
      return;
    }
    if (wait > 0) {
      await this.audit.recordQuietly(
        auditEvent(null, origin, 'auth.password_reset_throttled', undefined, { email: address }),
      );
      throw new TooManyResetRequestsException(wait);
    }
  }

  private hashOf(token: string): string {
    if (!SECRET_TOKEN_PATTERN.test(token)) throw new ResetLinkUnusableException('unknown');
    return secretTokenHash(token);
  }
}
