import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { normalizeEmail, UsersService } from '../users/users.service';
import { auditActorOf, AuditLog } from '../audit/audit-log';
import { Actor, AuthenticatedUser } from '../access/actor';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from '../users/password-hasher';
import { Session } from './session.entity';

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

// One message for unknown account, wrong password and disabled account: no hint which part was wrong.
const INVALID_CREDENTIALS = 'Invalid email or password.';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async signIn(email: string, password: string, client: ClientInfo): Promise<SignedInSession> {
    const normalized = normalizeEmail(email);
    const audit = (action: string, userId: string | null, details: Record<string, unknown> = {}) =>
      this.audit.recordQuietly({ organizationId: null, actor: { userId, roles: [], requestId: client.requestId, ipAddress: client.ip }, action, details: { email: normalized, ...details } });
    try {
      await this.throttle.assertAllowed(normalized, client.ip);
    } catch (error) {
      await audit('auth.login_throttled', null);
      throw error;
    }
    const user = await this.users.findForSignIn(normalized);
    const passwordMatches = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !user.isActive || !passwordMatches) {
      await this.throttle.recordFailure(normalized, client.ip);
      // The log keeps the real reason; the caller only ever hears INVALID_CREDENTIALS.
      await audit('auth.login_failed', user?.id ?? null, { reason: !user ? 'unknown_account' : !user.isActive ? 'inactive_account' : 'wrong_password' });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.throttle.clear(normalized, client.ip);
    const session = await this.openSession(user.id, client);
    await audit('auth.login_succeeded', user.id, { sessionId: session.sessionId });
    return session;
  }

  /** Called for every authenticated request: the token must name a live session of an active user. */
  async resolveSession(payload: TokenPayload): Promise<AuthenticatedUser> {
    const session = await this.sessions.findOne({
      where: { id: payload.sid, userId: payload.sub, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { user: true },
    });
    if (!session || !session.user?.isActive) throw new UnauthorizedException('Your session has ended. Please sign in again.');
    return { userId: session.userId, sessionId: session.id };
  }

  async signOut(actor: Actor): Promise<void> {
    await this.sessions.update({ id: actor.sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.audit.recordQuietly({ organizationId: null, actor: auditActorOf(actor), action: 'auth.logout', details: { sessionId: actor.sessionId } });
  }

  /** Changing the password ends every other session of the user. */
  async changePassword(user: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.users.get(user.userId);
    const withHash = await this.users.findForSignIn(account.email);
    if (!(await this.passwords.verify(withHash?.passwordHash, currentPassword))) {
      throw new BadRequestException({ message: 'The current password is not correct.', details: [{ path: '/currentPassword', message: 'does not match' }] });
    }
    if (newPassword === currentPassword) {
      throw new BadRequestException({ message: 'The new password must differ from the current one.', details: [{ path: '/newPassword', message: 'must differ from the current password' }] });
    }
    await this.users.setPasswordHash(user.userId, await this.passwords.hash(newPassword));
    await this.sessions.update({ userId: user.userId, id: Not(user.sessionId), revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.audit.recordQuietly({ organizationId: null, actor: auditActorOf(user), action: 'auth.password_changed' });
  }

  /** Housekeeping for the worker: expired and revoked sessions are of no further use. */
  async purgeEndedSessions(olderThan: Date): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(olderThan) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(olderThan) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }

  private async openSession(userId: string, client: ClientInfo): Promise<SignedInSession> {
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    const session = await this.sessions.save(
      this.sessions.create({ userId, expiresAt, ipAddress: client.ip, userAgent: client.userAgent?.slice(0, 500) ?? null, revokedAt: null }),
    );
    const payload: TokenPayload = { sub: userId, sid: session.id };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.sessionTtlHours * 3600 });
    return { sessionId: session.id, accessToken, expiresAt, userId };
  }
}
