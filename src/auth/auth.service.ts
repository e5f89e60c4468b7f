import { BadRequestException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { SESSION_ENDED, SignInRequiredException } from '../access/access.decorators';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { normalizeEmail, UsersService } from '../users/users.service';
import { auditActorOf, auditEvent, AuditLog } from '../audit/audit-log';
import { Actor, AuthenticatedUser, SessionScope } from '../access/actor';
import { LoginThrottle, TooManyAttemptsException } from './login-throttle';
import { PasswordHasher } from '../users/password-hasher';
import { refuseGuessablePassword } from '../users/password-policy';
import { SessionsRepository } from './sessions.repository';
import { type AuditAction } from '../audit/audit-actions';

export interface SignedInSession {
  sessionId: string;
  accessToken: string;
  expiresAt: Date;
  userId: string;
}

export interface TokenPayload {
  sub: string;
  sid: string;
}

export interface ClientInfo {
  ip: string;
  requestId: string;
  userAgent?: string;
}

// One message for unknown account and wrong password: no hint which part was wrong.
const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * The right password of a deactivated account: said plainly, since only someone who knows the password learns it,
 * and the person should ask their administrator rather than retry or reset the password.
 */
export class AccountDeactivatedException extends ForbiddenException {
  constructor() {
    super('This account has been deactivated by an administrator. Ask the administrator of your organization.');
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
  ) {}

  async signIn(email: string, password: string, client: ClientInfo): Promise<SignedInSession> {
    const normalized = normalizeEmail(email);
    // An account's sign-ins are audited where its changes are, in each of its organizations' chains, so that their
    // auditors see their staff's sign-ins, failures and lockouts; an address of no account, in the platform's.
    const audit = (action: AuditAction, userId: string | null, details: Record<string, unknown> = {}) => {
      const origin = { userId, roles: [], requestId: client.requestId, ipAddress: client.ip };
      const recorded = { email: normalized, ...details };
      return userId
        ? this.audit.writeQuietly(action, (manager) =>
            this.users.appendOwnAccountEvent(manager, userId, origin, action, recorded),
          )
        : this.audit.recordQuietly(auditEvent(null, origin, action, undefined, recorded));
    };
    const user = await this.users.findForSignIn(normalized);
    let passwordMatches: boolean;
    try {
      passwordMatches = await this.throttle.attempt({ account: normalized, address: client.ip }, () =>
        this.passwords.verify(user?.passwordHash, password),
      );
    } catch (error) {
      if (error instanceof TooManyAttemptsException) await audit('auth.login_throttled', user?.id ?? null);
      throw error;
    }
    if (!user || !passwordMatches) {
      // The log keeps the real reason; the caller only ever hears INVALID_CREDENTIALS.
      await audit('auth.login_failed', user?.id ?? null, { reason: !user ? 'unknown_account' : 'wrong_password' });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    if (user.deactivatedAt) {
      await audit('auth.login_failed', user.id, { reason: 'deactivated_account' });
      throw new AccountDeactivatedException();
    }
    const session = await this.openSession(user.id, client);
    await audit('auth.login_succeeded', user.id, { sessionId: session.sessionId });
    return session;
  }

  /**
   * Called for every authenticated request: the token must name a live session of an active user. Given the
   * organization the request names, the user's memberships there come with it.
   */
  async resolveSession(payload: TokenPayload, organizationId?: string): Promise<AuthenticatedUser> {
    const session = await this.sessions.findLive(payload.sid, payload.sub, organizationId);
    if (!session || session.userDeactivatedAt)
      // Whose it was, when the row is still there (until the cleanup deletes it): the refusal is audited as theirs.
      throw new SignInRequiredException(
        SESSION_ENDED,
        session?.userId ?? (await this.sessions.ownerOf(payload.sid, payload.sub)),
      );
    const { scopeOrganizationId, scopeReportId, scopeAssignmentId } = session;
    const scope =
      scopeOrganizationId && scopeReportId && scopeAssignmentId
        ? { organizationId: scopeOrganizationId, reportId: scopeReportId, assignmentId: scopeAssignmentId }
        : undefined;
    return {
      userId: session.userId,
      sessionId: session.id,
      ...(scope ? { scope } : {}),
      ...(organizationId ? { memberships: session.memberships } : {}),
    };
  }

  /**
   * Inside the caller's transaction (the use of an expert's one-click link): a session limited to one assignment,
   * lasting no longer than the link. One such session per assignment: an earlier one ends, so a forwarded or stolen
   * link cannot keep a second session alive beside the expert's.
   */
  async openLinkSession(
    manager: EntityManager,
    userId: string,
    scope: SessionScope,
    client: ClientInfo,
    linkExpiresAt: Date,
  ): Promise<SignedInSession> {
    await this.sessions.revokeScopedToAssignment(manager, scope.assignmentId);
    return this.openSession(userId, client, manager, scope, linkExpiresAt);
  }

  /** Inside the caller's transaction (a revoked link, a removed assignment): the assignment's link sessions end. */
  /** Returns how many sessions it ended. */
  endLinkSessions(manager: EntityManager, assignmentId: string): Promise<number> {
    return this.sessions.revokeScopedToAssignment(manager, assignmentId);
  }

  async signOut(actor: Actor): Promise<void> {
    await this.sessions.revoke(actor.sessionId);
    await this.audit.recordQuietly(
      auditEvent(null, auditActorOf(actor), 'auth.logout', undefined, { sessionId: actor.sessionId }),
    );
  }

  /**
   * Changing the password ends every other session of the user. `alsoInTransaction` runs with the change, for what a
   * layer above writes with it (the mail saying so: src/accounts/own-account.service.ts).
   */
  async changePassword(
    user: Actor,
    currentPassword: string,
    newPassword: string,
    alsoInTransaction?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    refuseGuessablePassword('newPassword', newPassword, await this.users.get(user.userId));
    await this.verifyCurrentPassword(user, currentPassword, {
      failed: 'auth.password_change_failed',
      throttled: 'auth.password_change_throttled',
    });
    if (newPassword === currentPassword) {
      throw new BadRequestException({
        message: 'The new password must differ from the current one.',
        details: [{ path: '/newPassword', message: 'must differ from the current password' }],
      });
    }
    const passwordHash = await this.passwords.hash(newPassword);
    await this.transactions.run(async (manager) => {
      const otherSessionsEnded = await this.replacePassword(manager, user.userId, passwordHash, user.sessionId);
      await this.users.appendOwnAccountEvent(manager, user.userId, auditActorOf(user), 'auth.password_changed', {
        otherSessionsEnded,
      });
      await alsoInTransaction?.(manager);
    });
  }

  /**
   * The current password, asked before a change that someone holding a stolen session must not make (a new password,
   * a new address). A wrong one is refused on /currentPassword and recorded as the change's failure; the same counters
   * as sign-in apply, since a wrong current password is one more guess at the same secret.
   */
  async verifyCurrentPassword(
    user: Actor,
    currentPassword: string,
    audited: { failed: AuditAction; throttled: AuditAction },
  ): Promise<void> {
    const account = await this.users.get(user.userId);
    const withHash = await this.users.findForSignIn(account.email);
    let currentMatches: boolean;
    try {
      currentMatches = await this.throttle.attempt(
        { account: normalizeEmail(account.email), address: user.ipAddress },
        () => this.passwords.verify(withHash?.passwordHash, currentPassword),
      );
    } catch (error) {
      if (error instanceof TooManyAttemptsException)
        await this.recordOwnAccountRefusal(user, audited.throttled, { email: account.email });
      throw error;
    }
    if (!currentMatches) {
      await this.recordOwnAccountRefusal(user, audited.failed, { reason: 'wrong_password' });
      throw new BadRequestException({
        message: 'The current password is not correct.',
        details: [{ path: '/currentPassword', message: 'does not match' }],
      });
    }
  }

  /**
   * A change of one's own account refused, told where the change would have been (UsersService.appendOwnAccountEvent):
   * an organization's auditor sees guesses at its staff member's password. An audit outage must not turn the refusal
   * into a server error.
   */
  private recordOwnAccountRefusal(user: Actor, action: AuditAction, details: Record<string, unknown>): Promise<void> {
    return this.audit.writeQuietly(action, (manager) =>
      this.users.appendOwnAccountEvent(manager, user.userId, auditActorOf(user), action, details),
    );
  }

  /**
   * Inside the caller's transaction (a password change or reset): the new password takes effect and the user's
   * sessions end, but for the one kept (the one changing it). Returns how many ended.
   */
  async replacePassword(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
    keptSessionId?: string,
  ): Promise<number> {
    await this.users.setPasswordHash(manager, userId, passwordHash);
    return this.sessions.revokeAllOfUser(manager, userId, keptSessionId);
  }

  /** Inside the caller's transaction (a deactivation): the user is signed out everywhere. */
  async endAllSessions(manager: EntityManager, userId: string): Promise<void> {
    await this.sessions.revokeAllOfUser(manager, userId);
  }

  /** After a password reset: wrong guesses at the old password no longer hold the account back. */
  forgetFailedSignIns(email: string): Promise<void> {
    return this.throttle.forgetAccount(normalizeEmail(email));
  }

  /** Housekeeping for the worker: expired and revoked sessions are of no further use. */
  async purgeEndedSessions(olderThan: Date): Promise<number> {
    return this.sessions.deleteEndedBefore(olderThan);
  }

  private async openSession(
    userId: string,
    client: ClientInfo,
    manager?: EntityManager,
    scope?: SessionScope,
    notAfter?: Date,
  ): Promise<SignedInSession> {
    const ttlMs = Math.min(
      this.config.sessionTtlHours * 3600_000,
      notAfter ? notAfter.getTime() - Date.now() : Number.POSITIVE_INFINITY,
    );
    const expiresAt = new Date(Date.now() + ttlMs);
    const session = await this.sessions.open(
      {
        userId,
        expiresAt,
        ipAddress: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        scopeOrganizationId: scope?.organizationId ?? null,
        scopeReportId: scope?.reportId ?? null,
        scopeAssignmentId: scope?.assignmentId ?? null,
      },
      manager,
    );
    const payload: TokenPayload = { sub: userId, sid: session.id };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: Math.max(1, Math.floor(ttlMs / 1000)) });
    return { sessionId: session.id, accessToken, expiresAt, userId };
  }
}
