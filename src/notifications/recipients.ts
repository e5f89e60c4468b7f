import { Injectable } from '@nestjs/common';
import { Role } from '../access/role';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ResultReport } from '../reports/report/result-report.entity';
import { ReportAction, rolesFor } from '../reports/rules/report-workflow';
import { MembershipsRepository } from '../users/memberships.repository';
import { Audience, AUDIENCE_ROLES, channelFor } from './notification-catalogue';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationUsersRepository } from './notification-users.repository';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  /** How they hear of this kind of event: their choice, or the kind's default. */
  channel: DeliveryChannel;
  /** The roles they are told for: of the event's audiences, those they were found in. */
  roles: Role[];
  /** The department whose project owners the event's audience names, if any. */
  departmentId: string | null;
}

/** The department whose project owners an audience is: the report's project's, or the one the event names. */
function departmentOf(event: OutboxEvent, audience: Audience, report: ResultReport | null): string | null {
  if (audience === 'owners') return report?.project?.departmentId ?? null;
  if (audience === 'named_department')
    return typeof event.payload.departmentId === 'string' ? event.payload.departmentId : null;
  return null;
}

/** Turns an event's audience into people and their channels, as things stand when the event is delivered. */
@Injectable()
export class Recipients {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly users: NotificationUsersRepository,
  ) {}

  /** With the event's report (and its project), read by the caller. */
  async resolve(event: OutboxEvent, audience: Audience[], report: ResultReport | null): Promise<Recipient[]> {
    const rolesById = new Map<string, Set<Role>>();
    for (const part of audience)
      for (const id of await this.audienceIds(event, part, report))
        rolesById.set(id, (rolesById.get(id) ?? new Set()).add(AUDIENCE_ROLES[part]));
    if (event.actorUserId) rolesById.delete(event.actorUserId);
    if (rolesById.size === 0) return [];
    const departmentId = audience.map((part) => departmentOf(event, part, report)).find((id) => id !== null) ?? null;
    const users = await this.users.activeUsersWithChoice([...rolesById.keys()], event.type);
    return users.map(({ user, chosen }) => ({
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      channel: channelFor(event.type, chosen),
      roles: [...rolesById.get(user.id)!],
      departmentId,
    }));
  }

  /**
   * Of the people an event names (or a report's assignments list), those who still hold the audience's role in the
   * organization: someone who has left since could not open what the notice leads to.
   */
  private async stillHolding(event: OutboxEvent, audience: Audience, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    return [...(await this.memberships.holdingRoleNow(event.organizationId, userIds, AUDIENCE_ROLES[audience]))];
  }

  private async audienceIds(event: OutboxEvent, audience: Audience, report: ResultReport | null): Promise<string[]> {
    const payloadId = (key: string) => (typeof event.payload[key] === 'string' ? [event.payload[key]] : []);
    switch (audience) {
      case 'planning':
        return this.memberships.userIdsWithRole(event.organizationId, Role.PlanningDivision);
      case 'approvers': {
        // Four-eyes (report-workflow.ts, not_the_proposer): whoever proposed cannot approve, so is not asked to.
        const proposer = payloadId('proposedBy');
        const ids = await Promise.all(
          rolesFor(ReportAction.ApprovePolicy).map((role) =>
            this.memberships.userIdsWithRole(event.organizationId, role),
          ),
        );
        return ids.flat().filter((id) => !proposer.includes(id));
      }
      case 'owners':
      case 'named_department': {
        const departmentId = departmentOf(event, audience, report);
        return departmentId
          ? this.memberships.userIdsWithRole(event.organizationId, Role.ProjectOwner, departmentId)
          : [];
      }
      case 'report_experts':
        return report ? this.stillHolding(event, audience, await this.reports.assignedExpertIds(report.id)) : [];
      case 'named_expert':
        return this.stillHolding(event, audience, payloadId('expertUserId'));
      case 'question_author': {
        // An author taken off the report since (removed, dismissed) could not open it to read the answer.
        const assigned = report ? await this.reports.assignedExpertIds(report.id) : [];
        const authors = payloadId('askedBy').filter((id) => assigned.includes(id));
        return this.stillHolding(event, audience, authors);
      }
      case 'proposer':
        return this.stillHolding(event, audience, payloadId('proposedBy'));
    }
  }
}
