import { Injectable } from '@nestjs/common';
import { type Role, ROLE_LABELS } from '../access/role';
import { type LoggedRename } from '../audit/audit-entries.repository';
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
 * the renames it recorded of them, oldest first, and its departments by id under their current names, for the roles
 * its entries grant and take.
 */
export interface LogPeople {
  members: User[];
  formerMembers: Map<string, string>;
  renames: LoggedRename[];
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

  /** Every actor of the log (its filter of people lists them all). */
  async of(organizationId: string): Promise<LogPeople> {
    return this.naming(organizationId, await this.trail.actorIdsOf(organizationId));
  }

  /**
   * The people some of the log's entries name (a report's trail), as `of` names them. Members come with their names:
   * only those who are no longer members are looked up.
   */
  async naming(organizationId: string, userIds: string[]): Promise<LogPeople> {
    const [members, renames, departments] = await Promise.all([
      this.users.listMembers(organizationId),
      this.trail.renamesIn(organizationId),
      this.organizations.listDepartments(organizationId),
    ]);
    const memberIds = new Set(members.map((member) => member.id));
    const formerMembers = await this.users.namesOf(userIds.filter((id) => !memberIds.has(id)));
    return { members, formerMembers, renames, departments: new Map(departments.map(({ id, name }) => [id, name])) };
  }
}

/** Each person's name by id as it is today, a former member's marked as such. */
export function actorNames(people: Pick<LogPeople, 'members' | 'formerMembers'>): Map<string, string> {
  return new Map([...namesToday(people)].map(([id, name]) => [id, markedIfFormer(people, id, name)]));
}

/** An actor's name on one entry of the log, by the entry's id (see actorNamesWhenWritten). */
export type ActorNameOnEntry = (userId: string, entryId: string) => string | undefined;

/**
 * Each actor's name on an entry, as the log's readers show it: the name they had when it was written, with today's
 * beside it where it differs so that the person can still be found (佐藤 花子(現: 田中 花子)), a former member's marked
 * as such; undefined for someone the log's people do not include.
 */
export function actorNamesWhenWritten(people: LogPeople): ActorNameOnEntry {
  const today = namesToday(people);
  const renamesOf = new Map<string, LoggedRename[]>();
  for (const rename of people.renames) renamesOf.set(rename.userId, [...(renamesOf.get(rename.userId) ?? []), rename]);
  return (userId, entryId) => {
    const now = today.get(userId);
    if (now === undefined) return undefined;
    const then = nameWhenWritten(renamesOf.get(userId) ?? [], entryId) ?? now;
    return markedIfFormer(people, userId, then === now ? now : `${then}(現: ${now})`);
  };
}

/**
 * The name someone had when the entry `entryId` was written, by the renames of them the log recorded (oldest first):
 * the name the first rename at or after it changed (a rename's own entry is made under the name it changes), else the
 * one the last rename gave; undefined without renames, as far as the log knows the name has not changed. Read from the
 * log's own renames, hashed in its chain like the entries they name, rather than from a copy of the name in each entry:
 * no entry written so far holds one, and none has to change.
 */
export function nameWhenWritten(renames: LoggedRename[], entryId: string): string | undefined {
  // Ids follow the order entries were written, as the log's readers list them; compared as numbers, not text.
  const written = BigInt(entryId);
  const next = renames.find((rename) => BigInt(rename.entryId) >= written);
  return next ? next.from : renames.at(-1)?.to;
}

function namesToday({ members, formerMembers }: Pick<LogPeople, 'members' | 'formerMembers'>): Map<string, string> {
  return new Map([...members.map((member) => [member.id, member.displayName] as const), ...formerMembers]);
}

function markedIfFormer({ formerMembers }: Pick<LogPeople, 'formerMembers'>, userId: string, name: string): string {
  return formerMembers.has(userId) ? formerMemberName(name) : name;
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
