import { Injectable } from '@nestjs/common';
import { type Role, ROLE_LABELS } from '../access/role';
import { AuditTrail } from '../audit/audit-trail';
import { OrganizationsService } from '../organizations/organizations.service';
import { type User } from './user.entity';
import { UsersService } from './users.service';

/** Someone in an organization's audit log who is no longer a member of it. */
export function formerMemberName(name: string): string {
  return `${name}(元メンバー)`;
}

/**
 * The people an organization's audit log names as actors (its members now, and by name those who have left since),
 * and its departments by id under their current names, for the roles its entries grant and take.
 */
export interface LogPeople {
  members: User[];
  formerMembers: Map<string, string>;
  departments: Map<string, string>;
}

/** Names for the audit log's readers (its page, its CSV): people who have left stay in the log, and are named there. */
@Injectable()
export class AuditLogPeople {
  constructor(
    private readonly trail: AuditTrail,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
  ) {}

  /** Members come with their names: only those who are no longer members are looked up. */
  async of(organizationId: string): Promise<LogPeople> {
    const [members, actorIds, departments] = await Promise.all([
      this.users.listMembers(organizationId),
      this.trail.actorIdsOf(organizationId),
      this.organizations.listDepartments(organizationId),
    ]);
    const memberIds = new Set(members.map((member) => member.id));
    const formerMembers = await this.users.namesOf(actorIds.filter((id) => !memberIds.has(id)));
    return { members, formerMembers, departments: new Map(departments.map(({ id, name }) => [id, name])) };
  }
}

/** Each actor's name by id as the log is read: a member's own, a former member's marked as such. */
export function actorNames({
  members,
  formerMembers,
}: Pick<LogPeople, 'members' | 'formerMembers'>): Map<string, string> {
  return new Map([
    ...members.map((member) => [member.id, member.displayName] as const),
    ...[...formerMembers].map(([id, name]) => [id, formerMemberName(name)] as const),
  ]);
}

/** A role an entry granted, took or offered, as 利用者と役割 shows it: 事業担当課(産業振興課). */
export interface LoggedRole {
  role: string;
  departmentId?: string | null;
}

/**
 * The role in Japanese, with its department's current name; a department no longer there is said to be deleted
 * rather than shown as an id nobody can read.
 */
export function loggedRoleText({ role, departmentId }: LoggedRole, departments: Map<string, string>): string {
  const label = ROLE_LABELS[role as Role] ?? role;
  if (!departmentId) return label;
  return `${label}(${departments.get(departmentId) ?? '削除された部署'})`;
}

/** The roles an entry's details name (a membership's one, an invitation's grants), as loggedRoleText writes them. */
export function loggedRolesText(details: Record<string, unknown>, departments: Map<string, string>): string {
  const roles: LoggedRole[] = Array.isArray(details.grants)
    ? (details.grants as LoggedRole[])
    : typeof details.role === 'string'
      ? [details as unknown as LoggedRole]
      : [];
  return roles.map((role) => loggedRoleText(role, departments)).join('、');
}
