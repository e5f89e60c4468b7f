import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { PasswordHasher } from './password-hasher';
import { AuditActor, AuditLog } from '../audit/audit-log';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Department } from '../organizations/department.entity';
import { Membership } from './membership.entity';
import { Role } from '../access/role';
import { User } from './user.entity';

export interface RoleGrant {
  role: Role;
  departmentId?: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  password?: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  private readonly memberships: OrganizationScopedRepository<Membership>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Membership) membershipRepository: Repository<Membership>,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
  ) {
    this.memberships = new OrganizationScopedRepository(membershipRepository);
  }

  /** With the password hash, which is otherwise never selected. */
  findForSignIn(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normalizeEmail(email) })
      .getOne();
  }

  async get(userId: string): Promise<User> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw new NotFoundException('User not found.');
    return user;
  }

  async getWithMemberships(userId: string): Promise<User> {
    const user = await this.users.findOne({
      where: { id: userId },
      relations: { memberships: { organization: true, department: true } },
      order: { memberships: { createdAt: 'ASC' } },
    });
    if (!user) throw new NotFoundException('User not found.');
    return user;
  }

  membershipsIn(organizationId: string, userId: string): Promise<Membership[]> {
    return this.memberships.find(organizationId, { where: { userId } });
  }

  async listMembers(organizationId: string): Promise<User[]> {
    const memberships = await this.memberships.find(organizationId, { relations: { user: true, department: true }, order: { createdAt: 'ASC' } });
    const byUser = new Map<string, User>();
    for (const membership of memberships) {
      const user = byUser.get(membership.userId) ?? Object.assign(membership.user!, { memberships: [] });
      user.memberships!.push(membership);
      byUser.set(membership.userId, user);
    }
    return [...byUser.values()];
  }

  /**
   * Adds people to an organization. An existing account (an expert already on another
   * municipality's panel) is reused; a new one needs an initial password.
   */
  async addMember(organizationId: string, person: NewUser, grants: RoleGrant[], by: AuditActor): Promise<User> {
    const passwordHash = person.password ? await this.passwords.hash(person.password) : undefined;
    const userId = await this.dataSource.transaction(async (manager) => {
      const email = normalizeEmail(person.email);
      let user = await manager.findOneBy(User, { email });
      if (!user) {
        if (!passwordHash) throw new BadRequestException({ message: 'A new user needs an initial password.', details: [{ path: '/password', message: 'password is required for a new user' }] });
        user = await manager.save(manager.create(User, { email, displayName: person.displayName.trim(), passwordHash }));
        await this.audit.append(manager, { organizationId, actor: by, action: 'user.created', entityType: 'user', entityId: user.id, details: { email } });
      }
      for (const grant of grants) await this.grant(manager, organizationId, user.id, grant, by);
      return user.id;
    });
    return this.getWithMemberships(userId);
  }

  /** Only for people already in this organization; others are added by e-mail through addMember. */
  async grantRole(organizationId: string, userId: string, grant: RoleGrant, by: AuditActor): Promise<Membership> {
    if (!(await this.memberships.exists(organizationId, { userId }))) throw new NotFoundException('User not found in this organization.');
    return this.dataSource.transaction((manager) => this.grant(manager, organizationId, userId, grant, by));
  }

  async revokeMembership(organizationId: string, membershipId: string, by: AuditActor): Promise<void> {
    const membership = await this.memberships.findOne(organizationId, { id: membershipId });
    if (!membership) throw new NotFoundException('Membership not found in this organization.');
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(Membership, { id: membership.id, organizationId });
      await this.audit.append(manager, {
        organizationId,
        actor: by,
        action: 'membership.revoked',
        entityType: 'user',
        entityId: membership.userId,
        details: { role: membership.role, departmentId: membership.departmentId },
      });
    });
  }

  isAdministratorAnywhere(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(Membership).existsBy({ userId, role: Role.Administrator });
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  async countUsers(): Promise<number> {
    return this.users.count();
  }

  private async grant(manager: EntityManager, organizationId: string, userId: string, grant: RoleGrant, by: AuditActor): Promise<Membership> {
    const departmentId = grant.role === Role.ProjectOwner ? grant.departmentId ?? null : null;
    if (grant.role === Role.ProjectOwner) {
      if (!departmentId) {
        throw new BadRequestException({ message: 'A project owner must belong to a department.', details: [{ path: '/departmentId', message: 'departmentId is required for the project_owner role' }] });
      }
      const department = await manager.findOneBy(Department, { id: departmentId, organizationId });
      if (!department) throw new NotFoundException('Department not found in this organization.');
    }
    const duplicate = await manager.existsBy(Membership, { userId, organizationId, role: grant.role, departmentId: departmentId ?? IsNull() });
    if (duplicate) throw new ConflictException('The user already holds this role here.');
    const membership = await manager.save(manager.create(Membership, { userId, organizationId, role: grant.role, departmentId }));
    await this.audit.append(manager, { organizationId, actor: by, action: 'membership.granted', entityType: 'user', entityId: userId, details: { role: grant.role, departmentId } });
    return membership;
  }
}
