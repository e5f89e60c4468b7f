import { Injectable } from '@nestjs/common';
import { Role } from '../access/role';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ResultReport } from '../reports/report/result-report.entity';
import { ReportAction, rolesFor } from '../reports/rules/report-workflow';
import { MembershipsRepository } from '../users/memberships.repository';
import { Audience, channelFor } from './notification-catalogue';
import { DeliveryChannel } from './notification-preference.entity';
import { NotificationUsersRepository } from './notification-users.repository';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  /** How they hear of this kind of event: their choice, or the kind's default. */
  channel: DeliveryChannel;
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
    const ids = new Set<string>();
    for (const part of audience) for (const id of await this.audienceIds(event, part, report)) ids.add(id);
    if (event.actorUserId) ids.delete(event.actorUserId);
    if (ids.size === 0) return [];
    const users = await this.users.activeUsersWithChoice([...ids], event.type);
    return users.map(({ user, chosen }) => ({
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      channel: channelFor(event.type, chosen),
    }));
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
        return report?.project
          ? this.memberships.userIdsWithRole(event.organizationId, Role.ProjectOwner, report.project.departmentId)
          : [];
      case 'report_experts':
        return report ? this.reports.assignedExpertIds(report.id) : [];
      case 'named_expert':
        return payloadId('expertUserId');
      case 'question_author':
        return payloadId('askedBy');
      case 'proposer':
        return payloadId('proposedBy');
      case 'named_department':
        return typeof event.payload.departmentId === 'string'
          ? this.memberships.userIdsWithRole(event.organizationId, Role.ProjectOwner, event.payload.departmentId)
          : [];
    }
  }
}
