import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { storedDisplayName } from './display-name';
import { PasswordHasher } from './password-hasher';
import { Actor } from '../access/actor';
import { type AuditAction } from '../audit/audit-actions';
import { AuditActor, auditActorOf, auditEvent, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { DepartmentsRepository } from '../organizations/departments.repository';
import { currentSuccessorOf } from '../organizations/department-succession';
import { retiredDepartment } from '../organizations/organizations.service';
import { Membership } from './membership.entity';
import { type MemberFilters, type MemberSort, MembershipsRepository } from './memberships.repository';
import { Role } from '../access/role';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export interface RoleGrant {
  role: Role;
  departmentId?: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
}

function membershipNotFound(): NotFoundException {
  return new NotFoundException('Membership not found in this organization.');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly departments: DepartmentsRepository,
    private readonly transactions: Transactions,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  /** With the password hash, which is otherwise never selected. */
  findForSignIn(email: string): Promise<User | null> {
    return this.users.findWithPasswordHash(normalizeEmail(email));
  }

  async get(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException('User not found.');
    return user;
  }

  async getWithMemberships(userId: string): Promise<User> {
    const user = await this.users.findWithMemberships(userId);
    if (!user) throw new NotFoundException('User not found.');
    return user;
  }

  /** Display names by user id, whether they are members anywhere now or not (see UsersRepository.namesOf). */
  namesOf(userIds: string[]): Promise<Map<string, string>> {
    return this.users.namesOf(userIds);
  }

  membershipsIn(organizationId: string, userId: string): Promise<Membership[]> {
    return this.memberships.ofUserIn(organizationId, userId);
  }

  /** How many people hold the role in the organization with an account in use. */
  countActiveHolders(organizationId: string, role: Role): Promise<number> {
    return this.memberships.countActiveHolders(organizationId, role);
  }

  /** The organization's users, each with their memberships here; those that match, in the chosen order. */
  async listMembers(organizationId: string, filters: MemberFilters = {}, sort?: MemberSort): Promise<User[]> {
    const memberships = await this.memberships.withUsersIn(organizationId, filters, sort);
    const byUser = new Map<string, User>();
    for (const membership of memberships) {
      const user = byUser.get(membership.userId) ?? Object.assign(membership.user!, { memberships: [] });
      user.memberships!.push(membership);
      byUser.set(membership.userId, user);
    }
    return [...byUser.values()];
  }

  /**
   * For the system itself (the first administrator, the demo data): adds people to an organization, reusing an
   * existing account. People an administrator adds are invited instead and join only by accepting.
   */
  async addMember(organizationId: string, person: NewUser, grants: RoleGrant[], by: AuditActor): Promise<User> {
    const passwordHash = await this.passwords.hash(person.password);
    const userId = await this.transactions.run((manager) =>
      this.addMemberIn(
        manager,
        organizationId,
        { email: person.email, displayName: person.displayName, passwordHash },
        grants,
        by,
      ),
    );
    return this.getWithMemberships(userId);
  }

  /**
   * Inside the caller's transaction (a new municipality's, for its first administrator): addMember, the password
   * hashed already. Returns the user's id. An existing account is row-locked first, as by every step that gives it a
   * role, so that a deactivation at the same moment sees the role (src/accounts/account-status.service.ts).
   */
  async addMemberIn(
    manager: EntityManager,
    organizationId: string,
    person: Pick<User, 'email' | 'displayName' | 'passwordHash'>,
    grants: RoleGrant[],
    by: AuditActor,
  ): Promise<string> {
    const email = normalizeEmail(person.email);
    const user =
      (await this.lockAccountByEmail(manager, email)) ??
      (await this.createAccount(manager, organizationId, { ...person, email }, by));
    for (const grant of grants) await this.grant(manager, organizationId, user.id, grant, by);
    return user.id;
  }

  /** Inside the caller's transaction: a new account, audited in the organization it is created for. */
  async createAccount(
    manager: EntityManager,
    organizationId: string,
    person: Pick<User, 'email' | 'displayName' | 'passwordHash'>,
    by: AuditActor,
  ): Promise<User> {
    const email = normalizeEmail(person.email);
    const user = await this.users.add(manager, {
      email,
      displayName: storedDisplayName(person.displayName),
      passwordHash: person.passwordHash,
    });
    await this.audit.append(
      manager,
      auditEvent(organizationId, by, 'user.created', { type: 'user', id: user.id }, { email }),
    );
    return user;
  }

  /** The account of the address, if there is one; inside the caller's transaction if given one, not locked. */
  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findByEmail(manager ?? null, normalizeEmail(email));
  }

  /**
   * Inside the caller's transaction: the account of the address, row-locked, if there is one. None either when the
   * account found changed its address while this waited for its lock: the address is not its any more.
   */
  async lockAccountByEmail(manager: EntityManager, email: string): Promise<User | null> {
    const address = normalizeEmail(email);
    const found = await this.users.findByEmail(manager, address);
    const account = found && (await this.lockAccount(manager, found.id));
    return account?.email === address ? account : null;
  }

  /** The account of the organization's member with this address, if any (deactivated ones too). */
  memberAccountByEmail(manager: EntityManager, organizationId: string, email: string): Promise<User | null> {
    return this.memberships.memberAccountWithEmail(manager, organizationId, normalizeEmail(email));
  }

  /**
   * The grants as they would be stored (a department only for project owners), each checked against the
   * organization: what an invitation promises must be grantable.
   */
  async checkGrants(manager: EntityManager, organizationId: string, grants: RoleGrant[]): Promise<RoleGrant[]> {
    const checked: RoleGrant[] = [];
    for (const grant of grants) {
      const departmentId = await this.departmentOf(manager, organizationId, grant);
      if (!checked.some((other) => other.role === grant.role && other.departmentId === departmentId))
        checked.push({ role: grant.role, departmentId });
    }
    return checked;
  }

  /**
   * Inside the caller's transaction: those of the grants the user does not hold yet (accepting an invitation). A
   * department retired since the invitation was sent is the department that carries on its work now.
   */
  async grantMissing(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    invited: RoleGrant[],
    by: AuditActor,
  ): Promise<void> {
    const departments = await this.departments.listByName(organizationId, manager);
    const grants = invited.map((grant) => ({
      ...grant,
      departmentId: grant.departmentId
        ? (currentSuccessorOf(departments, grant.departmentId)?.id ?? grant.departmentId)
        : grant.departmentId,
    }));
    for (const grant of grants) {
      const departmentId = grant.role === Role.ProjectOwner ? (grant.departmentId ?? null) : null;
      const held = await this.memberships.holdsGrant(manager, {
        userId,
        organizationId,
        role: grant.role,
        departmentId,
      });
      if (!held) await this.grant(manager, organizationId, userId, grant, by);
    }
  }

  /** Only for people already in this organization; others are invited (src/invitations) and join by accepting. */
  async grantRole(organizationId: string, userId: string, grant: RoleGrant, by: AuditActor): Promise<Membership> {
    if (!(await this.memberships.isMember(organizationId, userId)))
      throw new NotFoundException(
        'User not found in this organization. Someone who holds no role here (any more) joins by invitation: POST …/users.',
      );
    return this.transactions.run((manager) => this.grant(manager, organizationId, userId, grant, by));
  }

  async membershipIn(organizationId: string, membershipId: string): Promise<Membership> {
    const membership = await this.memberships.findIn(organizationId, membershipId);
    if (!membership) throw membershipNotFound();
    return membership;
  }

  /**
   * `stillRevocable` runs in the transaction once the role is removed (its row locked until commit): a layer above
   * refuses there when the role still has work in hand (src/accounts/role-revocation.service.ts).
   */
  async revokeMembership(
    organizationId: string,
    membershipId: string,
    by: AuditActor,
    stillRevocable?: (manager: EntityManager, membership: Membership) => Promise<void>,
  ): Promise<void> {
    const membership = await this.membershipIn(organizationId, membershipId);
    await this.transactions.run(async (manager) => {
      if (membership.role === Role.Administrator)
        await this.keepAnotherAdministrator(manager, organizationId, membership.userId);
      // Removed meanwhile by a request sent at the same time: that one answered and audited it.
      if (!(await this.memberships.remove(manager, organizationId, membership.id))) throw membershipNotFound();
      await stillRevocable?.(manager, membership);
      const details = { membershipId: membership.id, role: membership.role, departmentId: membership.departmentId };
      await this.audit.append(
        manager,
        auditEvent(organizationId, by, 'membership.revoked', { type: 'user', id: membership.userId }, details),
      );
    });
  }

  /**
   * Inside the caller's transaction, with the organization's administrator roles locked (two removals at once cannot
   * both pass): refuses when no administrator other than the user would be left who can still sign in.
   */
  async keepAnotherAdministrator(manager: EntityManager, organizationId: string, userId: string): Promise<void> {
    const administrators = await this.memberships.lockAdministrators(manager, organizationId);
    const others = administrators.map((administrator) => administrator.userId).filter((id) => id !== userId);
    if ((await this.users.countActive(manager, others)) === 0)
      throw new ConflictException(
        'これはこの団体の最後のシステム管理者です。先に別の人をシステム管理者にしてください ' +
          '(the last administrator of the organization cannot be removed; make someone else administrator first).',
      );
  }

  /**
   * The signed-in person names themselves (アカウント設定). Every page and record reads the name from the account, so it
   * shows there at once; the log keeps the name it had. Nothing is written when the name stays the same.
   */
  async renameOwn(actor: Actor, displayName: string): Promise<User> {
    const name = storedDisplayName(displayName);
    if (!name)
      throw new BadRequestException({
        message: 'The name must not be empty.',
        details: [{ path: '/displayName', message: 'displayName is required' }],
      });
    await this.transactions.run(async (manager) => {
      const account = await this.lockAccount(manager, actor.userId);
      if (account.displayName === name) return;
      await this.users.setDisplayName(manager, account.id, name);
      await this.appendOwnAccountEvent(manager, account.id, auditActorOf(actor), 'user.renamed', {
        from: account.displayName,
        to: name,
      });
    });
    return this.get(actor.userId);
  }

  /**
   * Inside the caller's transaction, outside any organization's scope (アカウント設定 is): what happened to the person's
   * own account, in the chain of each organization they are a member of, with their roles there, so that its auditor
   * sees a staff member's name, password or address change, sign-ins and reset requests; in the platform's chain for
   * someone in none (a platform administrator). The account is the same in each organization, so each is told.
   */
  async appendOwnAccountEvent(
    manager: EntityManager,
    userId: string,
    origin: AuditActor,
    action: AuditAction,
    details: Record<string, unknown>,
  ): Promise<void> {
    const rolesIn = new Map<string, Set<Role>>();
    for (const { organizationId, role } of await this.memberships.ofUser(manager, userId))
      rolesIn.set(organizationId, (rolesIn.get(organizationId) ?? new Set<Role>()).add(role));
    const account = { type: 'user', id: userId };
    // The account's roles are the actor's only when the actor is the account (not someone asking for its reset).
    const events = [...rolesIn].map(([organizationId, roles]) =>
      auditEvent(
        organizationId,
        origin.userId === userId ? { ...origin, roles: [...roles] } : origin,
        action,
        account,
        details,
      ),
    );
    await this.audit.appendAll(manager, events.length ? events : [auditEvent(null, origin, action, account, details)]);
  }

  /** Inside the caller's transaction (a confirmed change of address): the address to sign in with from now on. */
  setEmail(manager: EntityManager, userId: string, email: string): Promise<void> {
    return this.users.setEmail(manager, userId, normalizeEmail(email));
  }

  /** Inside the caller's transaction (a password change or reset, which also ends sessions). */
  async setPasswordHash(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await this.users.setPasswordHash(manager, userId, passwordHash);
  }

  /** Inside the caller's transaction: the account, row-locked. */
  async lockAccount(manager: EntityManager, userId: string): Promise<User> {
    const user = await this.users.lock(manager, userId);
    if (!user) throw new NotFoundException('User not found.');
    return user;
  }

  /**
   * Inside the caller's transaction, outside any organization's scope (the answer to an invitation): a deactivated
   * account comes back in use with the name and password its owner set, and every role it kept ends, each audited in
   * its organization, so that no role comes back that its administrator did not give anew.
   */
  async reenableDeactivated(
    manager: EntityManager,
    user: User,
    person: Pick<User, 'displayName' | 'passwordHash'>,
    by: AuditActor,
  ): Promise<void> {
    for (const membership of await this.memberships.ofUser(manager, user.id)) {
      await this.memberships.remove(manager, membership.organizationId, membership.id);
      const details = {
        membershipId: membership.id,
        role: membership.role,
        departmentId: membership.departmentId,
        reason: 'deactivated_account_joined_by_invitation',
      };
      await this.audit.append(
        manager,
        auditEvent(membership.organizationId, by, 'membership.revoked', { type: 'user', id: user.id }, details),
      );
    }
    await this.users.setDisplayName(manager, user.id, storedDisplayName(person.displayName));
    await this.users.setPasswordHash(manager, user.id, person.passwordHash);
    await this.users.setDeactivatedAt(manager, user.id, null);
  }

  /** Inside the caller's transaction: the department's project owner roles, row-locked. */
  lockOwnersOf(manager: EntityManager, organizationId: string, departmentId: string): Promise<Membership[]> {
    return this.memberships.lockOwnersOf(manager, organizationId, departmentId);
  }

  /**
   * Inside the caller's transaction (a department's retirement): each owner role of the department becomes the same
   * role in the successor, audited as the role ended and the new one given; someone who holds the successor's already
   * only loses the old one. Answers the roles given.
   */
  async moveOwnersIn(
    manager: EntityManager,
    organizationId: string,
    owners: Membership[],
    successorId: string,
    by: AuditActor,
  ): Promise<Membership[]> {
    const given: Membership[] = [];
    for (const owner of owners) {
      await this.memberships.remove(manager, organizationId, owner.id);
      const revoked = { membershipId: owner.id, role: owner.role, departmentId: owner.departmentId };
      await this.audit.append(
        manager,
        auditEvent(
          organizationId,
          by,
          'membership.revoked',
          { type: 'user', id: owner.userId },
          {
            ...revoked,
            reason: 'department_retired',
          },
        ),
      );
      const grant = { userId: owner.userId, organizationId, role: owner.role, departmentId: successorId };
      if (await this.memberships.holdsGrant(manager, grant)) continue;
      const membership = await this.memberships.add(manager, grant);
      await this.audit.append(
        manager,
        auditEvent(
          organizationId,
          by,
          'membership.granted',
          { type: 'user', id: owner.userId },
          { membershipId: membership.id, role: owner.role, departmentId: successorId, reason: 'department_retired' },
        ),
      );
      given.push(membership);
    }
    return given;
  }

  /** Inside the caller's transaction: deactivates (a time) or reactivates (null) the account; nothing else changes. */
  setDeactivatedAt(manager: EntityManager, userId: string, deactivatedAt: Date | null): Promise<void> {
    return this.users.setDeactivatedAt(manager, userId, deactivatedAt);
  }

  /** Inside the caller's transaction: whether the user holds any role in another organization than this one. */
  holdsRolesElsewhere(manager: EntityManager, organizationId: string, userId: string): Promise<boolean> {
    return this.memberships.holdsRolesElsewhere(manager, organizationId, userId);
  }

  /**
   * The organizations the user holds any role in, the one joined first first. In an organization's transaction
   * row-level security shows only that organization's; without a manager, all of them.
   */
  organizationIdsOf(userId: string, manager?: EntityManager): Promise<string[]> {
    return this.memberships.organizationIdsOf(userId, manager);
  }

  async countUsers(): Promise<number> {
    return this.users.count();
  }

  private async grant(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    grant: RoleGrant,
    by: AuditActor,
  ): Promise<Membership> {
    const departmentId = await this.departmentOf(manager, organizationId, grant);
    const duplicate = await this.memberships.holdsGrant(manager, {
      userId,
      organizationId,
      role: grant.role,
      departmentId,
    });
    if (duplicate) throw new ConflictException('The user already holds this role here.');
    const membership = await this.memberships.add(manager, { userId, organizationId, role: grant.role, departmentId });
    await this.audit.append(
      manager,
      auditEvent(
        organizationId,
        by,
        'membership.granted',
        { type: 'user', id: userId },
        { membershipId: membership.id, role: grant.role, departmentId },
      ),
    );
    return membership;
  }

  /** Project owners are bound to one of the organization's departments; other roles to none. */
  private async departmentOf(manager: EntityManager, organizationId: string, grant: RoleGrant): Promise<string | null> {
    if (grant.role !== Role.ProjectOwner) return null;
    if (!grant.departmentId) {
      throw new BadRequestException({
        message: 'A project owner must belong to a department.',
        details: [{ path: '/departmentId', message: 'departmentId is required for the project_owner role' }],
      });
    }
    const department = await this.departments.findIn(organizationId, grant.departmentId, manager);
    if (!department) throw new NotFoundException('Department not found in this organization.');
    if (department.retiredAt)
      throw retiredDepartment(department, await this.departments.listByName(organizationId, manager));
    return grant.departmentId;
  }
}
