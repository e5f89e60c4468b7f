import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { AuthService } from '../auth/auth.service';
import { Transactions } from '../infra/database/transactions';
import { ReviewsService } from '../reports/reviews/reviews.service';
import { type User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { EmailChangesRepository } from './email-changes.repository';
import { PasswordResetsService } from './password-resets.service';

/**
 * Deactivating the account of someone who left, and reactivating it. It is a state of the account (sign-in is per
 * account), so an organization's administrator may change it only for people whose every role is in that
 * organization; someone who also works for another municipality leaves this one by losing their roles here.
 * As with taking the expert role (role-revocation.service.ts), an account is not deactivated while it owes an opinion
 * on a report in review: taking the expert off is the review's own step, with its notifications and alternates.
 */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly resets: PasswordResetsService,
    private readonly changes: EmailChangesRepository,
    private readonly reviews: ReviewsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  /**
   * No more sign-in, sessions, reset links or pending change of address (its link must not change the address of an
   * account reactivated later); the account, its roles and its history stay. Refused (ExpertStillAskedException,
   * naming the reports) while the person is still asked for an opinion here.
   */
  async deactivate(actor: OrganizationActor, userId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const user = await this.deactivatable(manager, actor, userId);
      const now = new Date();
      await this.users.setDeactivatedAt(manager, user.id, now);
      await this.auth.endAllSessions(manager, user.id);
      await this.resets.endOpenLinks(manager, user.id);
      await this.changes.endOpenOf(manager, user.id, now);
      await this.audit.append(
        manager,
        actorEvent(actor, 'user.deactivated', { type: 'user', id: user.id }, { email: user.email }),
      );
    });
  }

  /** Before the confirmation page: refuses as the deactivation would, so the administrator is told before confirming. */
  async assertDeactivatable(actor: OrganizationActor, userId: string): Promise<void> {
    await this.transactions.run((manager) => this.deactivatable(manager, actor, userId));
  }

  /** The person can sign in again with their password (or ask for a reset link). */
  async reactivate(actor: OrganizationActor, userId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const user = await this.lockOwnAccount(manager, actor, userId);
      if (!user.deactivatedAt) throw new ConflictException('This account is not deactivated.');
      await this.users.setDeactivatedAt(manager, user.id, null);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'user.reactivated',
          { type: 'user', id: user.id },
          { email: user.email, deactivatedAt: user.deactivatedAt.toISOString() },
        ),
      );
    });
  }

  /** Inside the caller's transaction: the account, row-locked, unless something refuses its deactivation. */
  private async deactivatable(manager: EntityManager, actor: OrganizationActor, userId: string): Promise<User> {
    const user = await this.lockOwnAccount(manager, actor, userId);
    if (user.deactivatedAt) throw new ConflictException('This account is deactivated already.');
    if (user.id === actor.userId)
      throw new ConflictException('You cannot deactivate your own account; ask another administrator.');
    await this.users.keepAnotherAdministrator(manager, actor.organizationId, user.id);
    await this.reviews.assertNoOpinionAwaited(actor.organizationId, user.id, manager);
    return user;
  }

  /**
   * Inside the caller's transaction: the account, row-locked, or 404 or 409 unless the user is a member whose roles
   * are all in the actor's organization. Asked under the lock, which every step giving a role to an account takes
   * first (accepting an invitation, create-admin): no role elsewhere comes between the answer and the change.
   */
  private async lockOwnAccount(manager: EntityManager, actor: OrganizationActor, userId: string): Promise<User> {
    if (!(await this.users.organizationIdsOf(userId, manager)).includes(actor.organizationId))
      throw new NotFoundException('User not found in this organization.');
    const user = await this.users.lockAccount(manager, userId);
    // Row-level security hides other organizations' roles here: a database function tells only whether there are any.
    if (await this.users.holdsRolesElsewhere(manager, actor.organizationId, userId))
      throw new ConflictException(
        'This person also holds roles in another organization: remove their roles here instead of deactivating the account.',
      );
    return user;
  }
}
