import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALL_ROLES, Role } from '../access/role';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ResultReport } from '../reports/report/result-report.entity';
import { ReportAction, rolesFor } from '../reports/rules/report-workflow';
import { MembershipsRepository } from '../users/memberships.repository';
import { Audience, AUDIENCE_ROLES, channelFor, NOTIFICATION_KINDS } from './notification-catalogue';
import { Notification } from './notification.entity';
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

  /**
   * Of the people an event names (or a report's assignments list), those who still hold the audience's role in the
   * organization: someone who has left since could not open what the notice leads to.
   */
  private async stillHolding(event: OutboxEvent, audience: Audience, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    return [...(await this.memberships.holdingRoleNow(event.organizationId, userIds, AUDIENCE_ROLES[audience]))];
  }

  /**
   * Of the notifications, those whose reader has left since they were written: their account is deactivated, or they
   * hold none of the roles its kind reaches in its organization. A mail of theirs still waiting asks them for nothing.
   */
  async readerLeft(manager: EntityManager, notifications: Notification[]): Promise<Set<string>> {
    const held = await this.memberships.rolesInUse(manager, [
      ...new Set(notifications.map((notification) => notification.userId)),
    ]);
    const holds = (notification: Notification, role: Role) =>
      held.some(
        (membership) =>
          membership.userId === notification.userId &&
          membership.organizationId === notification.organizationId &&
          membership.role === role,
      );
    return new Set(
      notifications
        .filter((notification) => {
          // A kind no longer in the catalogue: any role here will do.
          const roles =
            NOTIFICATION_KINDS[notification.type]?.audience.map((part) => AUDIENCE_ROLES[part]) ?? ALL_ROLES;
          return !roles.some((role) => holds(notification, role));
        })
        .map((notification) => notification.id),
    );
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
        return report ? this.stillHolding(event, audience, await this.reports.assignedExpertIds(report.id)) : [];
      case 'named_expert':
        return this.stillHolding(event, audience, payloadId('expertUserId'));
      case 'question_author':
        return this.stillHolding(event, audience, payloadId('askedBy'));
      case 'proposer':
        return this.stillHolding(event, audience, payloadId('proposedBy'));
      case 'named_department':
        return typeof event.payload.departmentId === 'string'
          ? this.memberships.userIdsWithRole(event.organizationId, Role.ProjectOwner, event.payload.departmentId)
          : [];
    }
  }
}
