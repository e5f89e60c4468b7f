import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SESSION_ENDED, SignInRequiredException } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role, ROLE_LABELS } from '../access/role';
import { actorEvent, AuditActor, auditEvent, AuditLog } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { isUniqueViolation } from '../infra/database/unique-violation';
import { currentSuccessorOf } from '../organizations/department-succession';
import type { Department } from '../organizations/department.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { PasswordHasher } from '../users/password-hasher';
import { type User, USER_EMAIL_UNIQUE } from '../users/user.entity';
import { normalizeEmail, RoleGrant, UsersService } from '../users/users.service';
import { Invitation } from './invitation.entity';
import {
  invitationStatus,
  InvitationUnusableException,
  isUnanswered,
  replacedLinkRefusal,
  usable,
} from './invitation-status';
import { newSecretToken, SECRET_TOKEN_PATTERN, secretTokenHash } from '../common/secret-token';
import { InvitationsRepository } from './invitations.repository';
import { type AuditAction } from '../audit/audit-actions';

/** The outbox event whose delivery writes the invitation e-mail (src/notifications/invitation-mail.ts). */
export const INVITATION_CREATED_EVENT = 'invitation.created';

const DAY_MS = 86_400_000;

export interface DescribedGrant {
  role: Role;
  roleLabel: string;
  departmentId: string | null;
  departmentName: string | null;
  /** Its department was retired (廃止). */
  departmentRetired: boolean;
  /** …with nobody to carry on its work: the role cannot be given (a successor's would be given instead). */
  departmentGone: boolean;
  /** …and where its work went: the department accepting gives the role in. */
  successorName: string | null;
}

/** An invitation as people read it: who invites, to which organization, for which roles. */
export interface InvitationDetails {
  invitation: Invitation;
  organizationName: string;
  inviterName: string | null;
  grants: DescribedGrant[];
}

/** The link's invitation, and whether its address has an account, in use or deactivated. */
type OpenedInvitation = InvitationDetails & { account: 'none' | 'active' | 'deactivated' };

/**
 * Memberships by consent. An administrator names an e-mail address and the roles; the address gets a link, and only
 * the person who opens it and accepts becomes a member (an existing account signed in, or a new one made then). The
 * answer to the administrator never says whether the address has an account.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly passwords: PasswordHasher,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async invite(actor: OrganizationActor, email: string, grants: RoleGrant[]): Promise<Invitation> {
    const address = normalizeEmail(email);
    const organizationId = actor.organizationId;
    return this.transactions.run(async (manager) => {
      const checked = await this.users.checkGrants(manager, organizationId, grants);
      await this.assertNotMember(manager, organizationId, address);
      const now = new Date();
      await this.invitations.lockAddress(manager, organizationId, address);
      if (await this.invitations.hasOpen(manager, organizationId, address, now))
        throw new ConflictException('An invitation to this address is still open; revoke it first to invite again.');
      const invitation = await this.invitations.add(manager, {
        organizationId,
        email: address,
        grants: checked.map((grant) => ({ role: grant.role, departmentId: grant.departmentId ?? null })),
        invitedById: actor.userId,
        expiresAt: this.expiryFrom(now),
      });
      await this.enqueueMail(manager, actor, invitation);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'invitation.created',
          { type: 'invitation', id: invitation.id },
          { email: address, grants: invitation.grants, expiresAt: invitation.expiresAt.toISOString() },
        ),
      );
      return invitation;
    });
  }

  /** The organization's invitations, newest first, each with its roles by name. */
  async list(organizationId: string): Promise<InvitationDetails[]> {
    const [invitations, organization, departments] = await Promise.all([
      this.invitations.listIn(organizationId),
      this.organizations.get(organizationId),
      this.organizations.listDepartments(organizationId),
    ]);
    return invitations.map((invitation) => this.describe(invitation, organization.name, departments));
  }

  /** An unanswered invitation (expired ones too, so they leave the list) is withdrawn; its link stops working. */
  async revoke(actor: OrganizationActor, invitationId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const invitation = await this.lockUnanswered(manager, actor, invitationId, 'revoked');
      invitation.revokedAt = new Date();
      await this.invitations.save(manager, invitation);
      await this.audit.append(
        manager,
        actorEvent(actor, 'invitation.revoked', { type: 'invitation', id: invitation.id }, { email: invitation.email }),
      );
    });
  }

  /**
   * An unanswered invitation (expired ones too) mailed again with a fresh link and expiry. The stored hash is cleared
   * at once, so the earlier link stops working now (kept among the replaced ones, so that it is told to open the
   * newest mail); the mail's delivery issues the new token (issueToken), as for the first mail. Refused as inviting is
   * when the address has joined since or has another open invitation, and when a department it gives a role in was
   * retired with no successor (its link could not be accepted).
   */
  async resend(actor: OrganizationActor, invitationId: string): Promise<Invitation> {
    return this.transactions.run(async (manager) => {
      const invitation = await this.lockUnanswered(manager, actor, invitationId, 'sent again');
      const { organizationId, email } = invitation;
      await this.assertNotMember(manager, organizationId, email);
      const now = new Date();
      await this.invitations.lockAddress(manager, organizationId, email);
      if (await this.invitations.hasOpen(manager, organizationId, email, now, invitation.id))
        throw new ConflictException('Another invitation to this address is open; send that one again instead.');
      const departments = await this.organizations.listDepartments(organizationId, manager);
      if (!isAcceptable(this.describe(invitation, '', departments)))
        throw new ConflictException(
          'A department this invitation gives a role in was retired with no successor, so it cannot be accepted; revoke it and invite again with a current department.',
        );
      if (invitation.tokenHash) invitation.replacedTokenHashes.push(invitation.tokenHash);
      invitation.tokenHash = null;
      invitation.expiresAt = this.expiryFrom(now);
      await this.invitations.save(manager, invitation);
      await this.enqueueMail(manager, actor, invitation, { resent: true });
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'invitation.resent',
          { type: 'invitation', id: invitation.id },
          { email, expiresAt: invitation.expiresAt.toISOString() },
        ),
      );
      return invitation;
    });
  }

  /**
   * Inside the caller's transaction (the one writing the mail): a fresh token for an invitation still waiting for
   * its mail. Null when the mail was written already (a repeated delivery) or the invitation was revoked meanwhile.
   */
  async issueToken(
    manager: EntityManager,
    invitationId: string,
  ): Promise<{ token: string; details: InvitationDetails } | null> {
    const invitation = await this.invitations.lockById(manager, invitationId);
    if (!invitation || invitation.tokenHash || invitationStatus(invitation) !== 'pending') return null;
    const token = newSecretToken();
    invitation.tokenHash = secretTokenHash(token);
    await this.invitations.save(manager, invitation);
    const described = (await this.invitations.findWithSender(manager, invitationId))!;
    const departments = await this.organizations.listDepartments(invitation.organizationId, manager);
    return { token, details: this.describe(described, described.organization!.name, departments) };
  }

  /**
   * What the link offers, and whether the address has an account, in use or deactivated (only the link's holder learns
   * that): a deactivated account joins as a new person does, with a new password (see register). Also when it cannot
   * be accepted: the link may still decline it.
   */
  async open(token: string): Promise<OpenedInvitation> {
    const tokenHash = this.hashOf(token);
    const invitation = await this.usableBy(tokenHash, await this.invitations.findByTokenHash(tokenHash));
    const [departments, user] = await Promise.all([
      this.organizations.listDepartments(invitation.organizationId),
      this.users.findByEmail(invitation.email),
    ]);
    return {
      ...this.describe(invitation, invitation.organization!.name, departments),
      account: !user ? 'none' : user.deactivatedAt ? 'deactivated' : 'active',
    };
  }

  /**
   * The link opened to accept it: refused as accepting is (410, department_retired) when a department it gives a role
   * in is gone, so that it is said before anyone chooses a password for a role that cannot be given.
   */
  async openToAccept(token: string): Promise<OpenedInvitation> {
    const opened = await this.open(token);
    assertAcceptable(opened);
    return opened;
  }

  /** The signed-in account of the invited address joins with the invited roles. */
  accept(token: string, userId: string, by: AuditActor): Promise<Invitation> {
    const lockAccount = (manager: EntityManager) => this.users.lockAccount(manager, userId);
    return this.answer(token, lockAccount, async (manager, invitation, user) => {
      // Deactivated while this waited for the account: refused as its ended session would be a moment later.
      if (user.deactivatedAt) throw new SignInRequiredException(SESSION_ENDED, user.id);
      if (user.email !== invitation.email)
        throw new ForbiddenException(
          'This invitation is for another e-mail address: sign in with the account of the invited address to accept it.',
        );
      await this.assertAcceptableIn(manager, invitation);
      await this.users.grantMissing(manager, invitation.organizationId, user.id, invitation.grants, by);
      await this.markAccepted(manager, invitation, by, { userId: user.id });
      return invitation;
    });
  }

  /**
   * Someone without an account accepts: the account and the memberships are made together. The owner of a deactivated
   * account (someone who left another municipality) does the same: the link proves the address as for a new account,
   * the account comes back with the new name and password, and the roles it kept elsewhere end (reenableDeactivated).
   */
  async register(
    token: string,
    person: { displayName: string; password: string },
    origin: AuditActor,
  ): Promise<{ invitation: Invitation; userId: string }> {
    // Refuse a dead link before spending a password hash on it; the answer below checks again under the lock.
    const tokenHash = this.hashOf(token);
    const { email } = await this.usableBy(tokenHash, await this.invitations.findByTokenHash(tokenHash));
    const passwordHash = await this.passwords.hash(person.password);
    const lockAccount = (manager: EntityManager) => this.users.lockAccountByEmail(manager, email);
    return this.answer(token, lockAccount, async (manager, invitation, existing) => {
      await this.assertAcceptableIn(manager, invitation);
      if (existing && !existing.deactivatedAt) throw new AddressHasAccountException();
      if (existing) return this.rejoin(manager, invitation, existing, { ...person, passwordHash }, origin);
      const user = await this.users
        .createAccount(
          manager,
          invitation.organizationId,
          { email: invitation.email, displayName: person.displayName, passwordHash },
          origin,
        )
        .catch((error: unknown) => {
          // An account made for the address since the look above (another invitation's, a change of address).
          throw isUniqueViolation(error, USER_EMAIL_UNIQUE) ? new AddressHasAccountException() : error;
        });
      const by = { ...origin, userId: user.id };
      await this.users.grantMissing(manager, invitation.organizationId, user.id, invitation.grants, by);
      await this.markAccepted(manager, invitation, by, { userId: user.id, newAccount: true });
      return { invitation, userId: user.id };
    });
  }

  private async rejoin(
    manager: EntityManager,
    invitation: Invitation,
    user: User,
    person: { displayName: string; passwordHash: string },
    origin: AuditActor,
  ): Promise<{ invitation: Invitation; userId: string }> {
    const by = { ...origin, userId: user.id };
    await this.users.reenableDeactivated(manager, user, person, by);
    await this.audit.append(
      manager,
      auditEvent(
        invitation.organizationId,
        by,
        'user.reactivated',
        { type: 'user', id: user.id },
        { email: user.email, deactivatedAt: user.deactivatedAt!.toISOString(), invitationId: invitation.id },
      ),
    );
    await this.users.grantMissing(manager, invitation.organizationId, user.id, invitation.grants, by);
    await this.markAccepted(manager, invitation, by, { userId: user.id, reactivatedAccount: true });
    return { invitation, userId: user.id };
  }

  /**
   * Whoever holds the link may turn the offer down; nothing else changes. One that cannot be accepted (its department
   * retired with no successor) may be declined too, so that it leaves the organization's open invitations.
   */
  decline(token: string, by: AuditActor): Promise<Invitation> {
    const changesNoAccount = () => Promise.resolve(null);
    return this.answer(token, changesNoAccount, async (manager, invitation) => {
      invitation.declinedAt = new Date();
      await this.record(manager, invitation, by, 'invitation.declined');
      return invitation;
    });
  }

  /**
   * Runs an answer on the link's invitation, locked, once: a second answer finds it answered and is refused. The
   * account the answer changes is locked first (`lockAccount`), then the invitation, read again under its lock: every
   * step on an account locks the account's row before the rows that go with it (src/accounts/account-links.ts), so
   * that an answer and another step on the account at once (a deactivation, a change of address, an answer to another
   * invitation) wait for each other instead of deadlocking.
   */
  private answer<A, T>(
    token: string,
    lockAccount: (manager: EntityManager) => Promise<A>,
    work: (manager: EntityManager, invitation: Invitation, account: A) => Promise<T>,
  ): Promise<T> {
    const tokenHash = this.hashOf(token);
    return this.transactions.run(async (manager) => {
      const account = await lockAccount(manager);
      return work(
        manager,
        await this.usableBy(tokenHash, await this.invitations.lockByTokenHash(manager, tokenHash)),
        account,
      );
    });
  }

  /**
   * The link's invitation if it can still be answered. A link no invitation has now may be an earlier mail's, replaced
   * when its invitation was sent again: refused as such (410) rather than as unknown.
   */
  private async usableBy(tokenHash: string, found: Invitation | null): Promise<Invitation> {
    if (!found) {
      const replaced = await this.invitations.findByReplacedTokenHash(tokenHash);
      if (replaced) throw replacedLinkRefusal(replaced);
    }
    return usable(found);
  }

  /** Both refusals are about what the administrator already sees on the users page, not about accounts elsewhere. */
  private async assertNotMember(manager: EntityManager, organizationId: string, address: string): Promise<void> {
    const member = await this.users.memberAccountByEmail(manager, organizationId, address);
    if (member?.deactivatedAt)
      throw new ConflictException(
        'This address belongs to a member of this organization whose account is deactivated; reactivate it from the list of users.',
      );
    if (member)
      throw new ConflictException(
        'This address belongs to a member of this organization already; give them the role from the list of users.',
      );
  }

  /** The organization's invitation, locked, if it still waits for an answer (expired ones too); `step` names the refusal. */
  private async lockUnanswered(
    manager: EntityManager,
    actor: OrganizationActor,
    invitationId: string,
    step: string,
  ): Promise<Invitation> {
    const invitation = await this.invitations.lockIn(manager, actor.organizationId, invitationId);
    if (!invitation) throw new NotFoundException('Invitation not found in this organization.');
    const status = invitationStatus(invitation);
    if (!isUnanswered(status))
      throw new ConflictException(
        `This invitation was ${status} already: only an invitation still waiting for an answer can be ${step}.`,
      );
    return invitation;
  }

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.invitationTtlDays * DAY_MS);
  }

  /**
   * The invitation mail, written by its delivery (src/notifications/invitation-mail.ts), which issues the link's token;
   * one sent again says so, as its earlier mail's link no longer works.
   */
  private async enqueueMail(
    manager: EntityManager,
    actor: OrganizationActor,
    invitation: Invitation,
    { resent = false } = {},
  ): Promise<void> {
    await this.outbox.enqueue(manager, [
      {
        organizationId: invitation.organizationId,
        type: INVITATION_CREATED_EVENT,
        actorUserId: actor.userId,
        payload: { invitationId: invitation.id, resent },
      },
    ]);
  }

  /**
   * Accepted, in the answer's transaction; the organization's other unanswered invitations to the address are
   * superseded with it. All of them, not only those for roles the account now holds: a member's roles change on the
   * list of users (a member is not invited, see invite), so an older link must not give roles later.
   */
  private async markAccepted(
    manager: EntityManager,
    invitation: Invitation,
    by: AuditActor,
    details: Record<string, unknown>,
  ): Promise<void> {
    const now = new Date();
    invitation.acceptedAt = now;
    await this.record(manager, invitation, by, 'invitation.accepted', details);
    for (const other of await this.invitations.lockUnansweredBesides(manager, invitation)) {
      other.supersededAt = now;
      await this.record(manager, other, by, 'invitation.superseded', { acceptedInvitationId: invitation.id });
    }
  }

  private async record(
    manager: EntityManager,
    invitation: Invitation,
    by: AuditActor,
    action: AuditAction,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.invitations.save(manager, invitation);
    await this.audit.append(
      manager,
      auditEvent(
        invitation.organizationId,
        by,
        action,
        { type: 'invitation', id: invitation.id },
        {
          email: invitation.email,
          ...details,
        },
      ),
    );
  }

  private hashOf(token: string): string {
    if (!SECRET_TOKEN_PATTERN.test(token)) throw new InvitationUnusableException('unknown');
    return secretTokenHash(token);
  }

  /** Inside the answer's transaction: refused when a department it gives a role in is gone (see describe). */
  private async assertAcceptableIn(manager: EntityManager, invitation: Invitation): Promise<void> {
    const departments = await this.organizations.listDepartments(invitation.organizationId, manager);
    assertAcceptable(this.describe(invitation, '', departments));
  }

  private describe(invitation: Invitation, organizationName: string, departments: Department[]): InvitationDetails {
    const byId = new Map(departments.map((department) => [department.id, department]));
    return {
      invitation,
      organizationName,
      inviterName: invitation.invitedBy?.displayName ?? null,
      grants: invitation.grants.map((grant) => {
        const department = grant.departmentId ? byId.get(grant.departmentId) : undefined;
        const successor = department?.retiredAt ? currentSuccessorOf(departments, department.id) : null;
        return {
          ...grant,
          roleLabel: ROLE_LABELS[grant.role],
          departmentName: department?.name ?? null,
          departmentRetired: Boolean(department?.retiredAt),
          departmentGone: Boolean(department?.retiredAt) && !successor,
          successorName: successor?.name ?? null,
        };
      }),
    };
  }
}

/** The invited address has an account in use: its owner accepts signed in, not with a new account. */
class AddressHasAccountException extends ConflictException {
  constructor() {
    super('This address has an account already: sign in with it and accept the invitation there.');
  }
}

/** An invitation whose department was retired with no successor gives a role nowhere: only a new one can. */
function assertAcceptable(details: InvitationDetails): void {
  if (!isAcceptable(details)) throw new InvitationUnusableException('department_retired');
}

/** Whether every role it offers can still be given (see DescribedGrant.departmentGone). */
export function isAcceptable(details: Pick<InvitationDetails, 'grants'>): boolean {
  return !details.grants.some((grant) => grant.departmentGone);
}
