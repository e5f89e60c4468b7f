import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { AuthService } from '../auth/auth.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { UsersService } from '../users/users.service';

/** The outbox event whose delivery writes the mail saying the password was changed (src/notifications/account-mail.ts). */
export const PASSWORD_CHANGED_EVENT = 'account.password_changed';

/**
 * What the signed-in person changes about their own account (アカウント設定) that someone else could have changed with a
 * stolen session: each change is mailed to the account's address. The name is the users domain's (UsersService.renameOwn).
 */
@Injectable()
export class OwnAccountService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly outbox: OutboxRepository,
  ) {}

  /** With the current password (throttled as sign-in is); the other sessions end and the owner gets a mail. */
  changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    return this.auth.changePassword(actor, currentPassword, newPassword, (manager) =>
      this.mail(manager, actor.userId, PASSWORD_CHANGED_EVENT, { changedAt: new Date().toISOString() }),
    );
  }

  /**
   * Inside the caller's transaction: the mail is written with the change. It is filed (and retried, if it fails) under
   * the organization the person joined first, as a reset mail is; someone in none gets none.
   */
  private async mail(
    manager: EntityManager,
    userId: string,
    type: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const [organizationId] = await this.users.organizationIdsOf(userId, manager);
    if (!organizationId) return;
    await this.outbox.enqueue(manager, [
      { organizationId, type, actorUserId: userId, payload: { userId, ...payload } },
    ]);
  }
}
