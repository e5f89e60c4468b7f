import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  EntityManager,
  type FindOperator,
  type FindOptionsOrder,
  type FindOptionsWhere,
  IsNull,
  Not,
  Raw,
  Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { keywordCondition, keywordOf } from '../infra/database/list-queries';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Role } from '../access/role';
import { Membership } from './membership.entity';
import { type User } from './user.entity';

export interface MemberFilters {
  /** Words each in the name or the e-mail address (full- and half-width forms alike). */
  q?: string;
  role?: Role;
  departmentId?: string;
  /** In use (true) or stopped (停止中, false). */
  isActive?: boolean;
}

/** The orders the list of an organization's users offers; the first is the default. */
export const MEMBER_SORTS = ['joined', 'name', 'email'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

const MEMBER_ORDER: Record<MemberSort, FindOptionsOrder<Membership>> = {
  joined: { createdAt: 'ASC', id: 'ASC' },
  name: { user: { displayName: 'ASC' }, createdAt: 'ASC', id: 'ASC' },
  email: { user: { email: 'ASC' }, createdAt: 'ASC', id: 'ASC' },
};

/** Queries of who holds which role in which organization. */
@Injectable()
export class MembershipsRepository {
  private readonly scoped: OrganizationScopedRepository<Membership>;

  constructor(@InjectRepository(Membership) private readonly memberships: Repository<Membership>) {
    this.scoped = new OrganizationScopedRepository(memberships);
  }

  /** Inside the caller's transaction, share-locked: see holdingRole. */
  async holdsRole(manager: EntityManager, organizationId: string, userId: string, role: Role): Promise<boolean> {
    return (await this.holdingRole(manager, organizationId, [userId], role)).has(userId);
  }

  /**
   * Which of the users hold the role in the organization with an account in use (not deactivated), in one query.
   * Inside the caller's transaction, share-locked with the account: neither the role nor the account can be taken away
   * until the caller has committed what it gave them (an assignment), and a removal or deactivation under way makes it
   * wait and then find them gone.
   */
  async holdingRole(
    manager: EntityManager,
    organizationId: string,
    userIds: string[],
    role: Role,
  ): Promise<Set<string>> {
    return this.holders(this.holdersQuery(manager, organizationId, userIds, role).setLock('pessimistic_read'));
  }

  /** As holdingRole, as things stand, outside any transaction and without a lock. */
  holdingRoleNow(organizationId: string, userIds: string[], role: Role): Promise<Set<string>> {
    return this.holders(this.holdersQuery(this.memberships.manager, organizationId, userIds, role));
  }

  private holdersQuery(manager: EntityManager, organizationId: string, userIds: string[], role: Role) {
    return manager
      .createQueryBuilder(Membership, 'membership')
      .innerJoin('membership.user', 'user')
      .select('membership.userId', 'userId')
      .where('membership.organizationId = :organizationId', { organizationId })
      .andWhere('membership.userId IN (:...userIds)', { userIds })
      .andWhere('membership.role = :role', { role })
      .andWhere('user.deactivatedAt IS NULL');
  }

  private async holders(query: SelectQueryBuilder<Membership>): Promise<Set<string>> {
    const holders = await query.getRawMany<{ userId: string }>();
    return new Set(holders.map((holder) => holder.userId));
  }

  /** How many people hold the role in the organization with an account in use (not 停止中). */
  countActiveHolders(organizationId: string, role: Role): Promise<number> {
    return this.scoped.count(organizationId, { role, user: { deactivatedAt: IsNull() } });
  }

  /** The exact grant: the role, and for project owners the department. */
  holdsGrant(
    manager: EntityManager,
    grant: Pick<Membership, 'organizationId' | 'userId' | 'role' | 'departmentId'>,
  ): Promise<boolean> {
    return manager.existsBy(Membership, { ...grant, departmentId: grant.departmentId ?? IsNull() });
  }

  isMember(organizationId: string, userId: string): Promise<boolean> {
    return this.scoped.exists(organizationId, { userId });
  }

  /** The account of the organization's member with this address, if any. */
  async memberAccountWithEmail(manager: EntityManager, organizationId: string, email: string): Promise<User | null> {
    const membership = await manager.findOne(Membership, {
      where: { organizationId, user: { email } },
      relations: { user: true },
    });
    return membership?.user ?? null;
  }

  /** The organizations the user holds any role in, the one joined first first. */
  async organizationIdsOf(userId: string, manager?: EntityManager): Promise<string[]> {
    const memberships = await (manager ?? this.memberships.manager).find(Membership, {
      where: { userId },
      select: { organizationId: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
    return [...new Set(memberships.map((membership) => membership.organizationId))];
  }

  /**
   * Inside the caller's transaction: whether the user holds any role in another organization, which its row-level
   * security may hide (migration RolesElsewhere answers across them, only yes or no).
   */
  async holdsRolesElsewhere(manager: EntityManager, organizationId: string, userId: string): Promise<boolean> {
    const [{ elsewhere }] = await manager.query<{ elsewhere: boolean }[]>(
      'SELECT holds_roles_elsewhere($1, $2) AS elsewhere',
      [userId, organizationId],
    );
    return elsewhere;
  }

  /** Every role of the user, in every organization the transaction sees. */
  ofUser(manager: EntityManager, userId: string): Promise<Membership[]> {
    return manager.find(Membership, { where: { userId } });
  }

  ofUserIn(organizationId: string, userId: string): Promise<Membership[]> {
    return this.scoped.find(organizationId, { where: { userId } });
  }

  /**
   * Every membership of the organization with its user and department, of the users that match: a user matches by
   * name or e-mail address, by account state, and by holding a role (and department) here — and then comes with
   * every membership of theirs. In the chosen order of their users (by default the oldest membership first).
   */
  withUsersIn(organizationId: string, filters: MemberFilters = {}, sort: MemberSort = 'joined'): Promise<Membership[]> {
    const user: FindOptionsWhere<User> =
      filters.isActive === undefined ? {} : { deactivatedAt: filters.isActive ? IsNull() : Not(IsNull()) };
    const holding = this.holdingIn(organizationId, filters);
    const base: FindOptionsWhere<Membership> = holding ? { userId: holding } : {};
    const matching = this.matching(filters.q);
    const where = matching
      ? { ...base, user: { ...user, id: matching } }
      : { ...base, ...(filters.isActive === undefined ? {} : { user }) };
    return this.scoped.find(organizationId, {
      relations: { user: true, department: true },
      where,
      order: MEMBER_ORDER[sort],
    });
  }

  /** Users whose name or e-mail address has every word of the search, as a condition on a user's id. */
  private matching(q: string | undefined): FindOperator<string> | null {
    const keyword = keywordOf(q);
    if (!keyword) return null;
    const [condition, parameters] = keywordCondition(keyword, ['matched.display_name', 'matched.email']);
    return Raw((userId) => `${userId} IN (SELECT matched.id FROM users matched WHERE ${condition})`, parameters);
  }

  /** Users holding the role (and the department) in the organization, as a condition on a membership's userId. */
  private holdingIn(organizationId: string, filters: MemberFilters): FindOperator<string> | null {
    if (!filters.role && !filters.departmentId) return null;
    const conditions = ['held.organization_id = :heldIn'];
    const parameters: Record<string, string> = { heldIn: organizationId };
    if (filters.role) {
      conditions.push('held.role = :heldRole');
      parameters.heldRole = filters.role;
    }
    if (filters.departmentId) {
      conditions.push('held.department_id = :heldDepartmentId');
      parameters.heldDepartmentId = filters.departmentId;
    }
    return Raw(
      (userId) => `${userId} IN (SELECT held.user_id FROM memberships held WHERE ${conditions.join(' AND ')})`,
      parameters,
    );
  }

  findIn(organizationId: string, membershipId: string): Promise<Membership | null> {
    return this.scoped.findOne(organizationId, { id: membershipId });
  }

  add(
    manager: EntityManager,
    membership: Pick<Membership, 'organizationId' | 'userId' | 'role' | 'departmentId'>,
  ): Promise<Membership> {
    return manager.save(manager.create(Membership, membership));
  }

  /** The organization's administrator memberships, row-locked: two removals at once cannot both pass the last-one check. */
  lockAdministrators(manager: EntityManager, organizationId: string): Promise<Membership[]> {
    return manager.find(Membership, {
      where: { organizationId, role: Role.Administrator },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The department's project owner roles, row-locked until the caller's transaction ends. */
  lockOwnersOf(manager: EntityManager, organizationId: string, departmentId: string): Promise<Membership[]> {
    return manager.find(Membership, {
      where: { organizationId, role: Role.ProjectOwner, departmentId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Whether the membership was there to remove (a removal sent twice at once finds it gone the second time). */
  async remove(manager: EntityManager, organizationId: string, membershipId: string): Promise<boolean> {
    const { affected } = await manager.delete(Membership, { id: membershipId, organizationId });
    return (affected ?? 0) > 0;
  }

  /** Users holding the role in the organization; for project owners optionally only those of one department. */
  async userIdsWithRole(organizationId: string, role: Role, departmentId?: string): Promise<string[]> {
    const memberships = await this.memberships.findBy({
      organizationId,
      role,
      ...(departmentId ? { departmentId } : {}),
    });
    return memberships.map((membership) => membership.userId);
  }
}
