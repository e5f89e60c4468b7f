import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { GrantProject } from '../projects/grant-project.entity';
import { ResultReport } from '../reports/report/result-report.entity';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { Membership } from '../users/membership.entity';
import { Role } from '../access/role';
import { User } from '../users/user.entity';
import { Audience } from './notification-catalogue';
import { OutboxEvent } from '../outbox/outbox-event.entity';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}

/** Turns an event's audience into people, as things stand when the event is delivered. */
@Injectable()
export class Recipients {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(event: OutboxEvent, audience: Audience[]): Promise<Recipient[]> {
    const report = event.reportId ? await this.dataSource.getRepository(ResultReport).findOneBy({ id: event.reportId }) : null;
    const project = report ? await this.dataSource.getRepository(GrantProject).findOneBy({ id: report.projectId }) : null;
    const ids = new Set<string>();
    for (const part of audience) for (const id of await this.audienceIds(event, part, report, project)) ids.add(id);
    if (event.actorUserId) ids.delete(event.actorUserId);
    if (ids.size === 0) return [];
    const users = await this.dataSource.getRepository(User).find({ where: { id: In([...ids]), isActive: true }, order: { email: 'ASC' } });
    return users.map((user) => ({ userId: user.id, email: user.email, displayName: user.displayName }));
  }

  private async audienceIds(event: OutboxEvent, audience: Audience, report: ResultReport | null, project: GrantProject | null): Promise<string[]> {
    const payloadId = (key: string) => (typeof event.payload[key] === 'string' ? [event.payload[key] as string] : []);
    switch (audience) {
      case 'planning':
        return this.members(event.organizationId, Role.PlanningDivision);
      case 'owners':
        return project ? this.members(event.organizationId, Role.ProjectOwner, project.departmentId) : [];
      case 'report_experts': {
        if (!report) return [];
        const assignments = await this.dataSource.getRepository(ReviewAssignment).findBy({ reportId: report.id, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
        return assignments.map((assignment) => assignment.expertUserId);
      }
      case 'named_expert':
        return payloadId('expertUserId');
      case 'question_author':
        return payloadId('askedBy');
      case 'proposer':
        return payloadId('proposedBy');
      case 'named_department':
        return typeof event.payload.departmentId === 'string' ? this.members(event.organizationId, Role.ProjectOwner, event.payload.departmentId) : [];
    }
  }

  private async members(organizationId: string, role: Role, departmentId?: string): Promise<string[]> {
    const memberships = await this.dataSource.getRepository(Membership).findBy({ organizationId, role, ...(departmentId ? { departmentId } : {}) });
    return memberships.map((membership) => membership.userId);
  }
}
