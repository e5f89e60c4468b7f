import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail';
import { type User } from './user.entity';
import { UsersService } from './users.service';

/** Someone in an organization's audit log who is no longer a member of it. */
export function formerMemberName(name: string): string {
  return `${name}(元メンバー)`;
}

/** The people an organization's audit log names as actors: its members now, and by name those who have left since. */
export interface LogPeople {
  members: User[];
  formerMembers: Map<string, string>;
}

/** Names for the audit log's readers (its page, its CSV): people who have left stay in the log, and are named there. */
@Injectable()
export class AuditLogPeople {
  constructor(
    private readonly trail: AuditTrail,
    private readonly users: UsersService,
  ) {}

  /** Members come with their names: only those who are no longer members are looked up. */
  async of(organizationId: string): Promise<LogPeople> {
    const [members, actorIds] = await Promise.all([
      this.users.listMembers(organizationId),
      this.trail.actorIdsOf(organizationId),
    ]);
    const memberIds = new Set(members.map((member) => member.id));
    const formerMembers = await this.users.namesOf(actorIds.filter((id) => !memberIds.has(id)));
    return { members, formerMembers };
  }
}

/** Each actor's name by id as the log is read: a member's own, a former member's marked as such. */
export function actorNames({ members, formerMembers }: LogPeople): Map<string, string> {
  return new Map([
    ...members.map((member) => [member.id, member.displayName] as const),
    ...[...formerMembers].map(([id, name]) => [id, formerMemberName(name)] as const),
  ]);
}
