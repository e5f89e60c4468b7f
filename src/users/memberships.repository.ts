import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Role } from '../access/role';
import { Membership } from './membership.entity';

/** Queries of who holds which role in which organization. */
@Injectable()
export class MembershipsRepository {
  private readonly scoped: OrganizationScopedRepository<Membership>;

  constructor(@InjectRepository(Membership) private readonly memberships: Repository<Membership>) {
    this.scoped = new OrganizationScopedRepository(memberships);
  }

  holdsRole(organizationId: string, userId: string, role: Role, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.memberships.manager).existsBy(Membership, { organizationId, userId, role });
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

  hasMemberWithEmail(manager: EntityManager, organizationId: string, email: string): Promise<boolean> {
    return manager.exists(Membership, { where: { organizationId, user: { email } } });
  }

  ofUserIn(organizationId: string, userId: string): Promise<Membership[]> {
    return this.scoped.find(organizationId, { where: { userId } });
  }

  /** Every membership of the organization with its user and department, oldest first. */
  withUsersIn(organizationId: string): Promise<Membership[]> {
    return this.scoped.find(organizationId, {
      relations: { user: true, department: true },
      order: { createdAt: 'ASC' },
    });
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

  async remove(manager: EntityManager, organizationId: string, membershipId: string): Promise<void> {
    await manager.delete(Membership, { id: membershipId, organizationId });
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
