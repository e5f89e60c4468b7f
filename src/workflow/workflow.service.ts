import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrganizationActor } from '../auth/actor';
import { NotificationRequest } from '../notifications/outbox';
import { ReportChanges } from '../reports/report-changes';
import { ReportView } from '../reports/report-view';
import { ReportsService } from '../reports/reports.service';
import { ResultReport } from '../reports/result-report.entity';
import { CommentKind, ReportComment } from '../reviews/report-comment.entity';
import { AssignmentStatus, ReviewAssignment } from '../reviews/review-assignment.entity';
import { Membership } from '../users/membership.entity';
import { Role } from '../users/role';
import { todayInJapan } from './dates';
import { ReportAction } from './report-workflow';
import { AssignExpertsRequest, EvaluateRequest, ProposePolicyRequest } from './workflow.dto';

/**
 * The transitions of the yearly report. Each is one call of ReportChanges.run, which enforces the rules
 * of report-workflow.ts and writes the audit entry and notification requests with the change.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly changes: ReportChanges,
    private readonly reports: ReportsService,
  ) {}

  submit(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Submit, 'report.submitted', async ({ report }) => [this.event(report, actor, 'report.submitted')]);
  }

  withdraw(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Withdraw, 'report.withdrawn', async ({ report }) => [this.event(report, actor, 'report.withdrawn')]);
  }

  /** 差戻し: back to draft, with the planning division's reason on the report's thread. */
  returnToDraft(actor: OrganizationActor, reportId: string, comment: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Return, 'report.returned', async ({ manager, report }) => {
      await this.addComment(manager, report, actor, CommentKind.Return, comment);
      return [this.event(report, actor, 'report.returned', { comment })];
    }, { comment });
  }

  /** Accepts a submission and asks one or more external experts of the organization for their opinion. */
  accept(actor: OrganizationActor, reportId: string, request: AssignExpertsRequest): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Accept, 'report.accepted', async ({ manager, report }) => {
      const assignments = await this.assignExperts(manager, report, actor, request);
      return assignments.map((assignment) => this.event(report, actor, 'expert.assigned', { assignmentId: assignment.id, expertUserId: assignment.expertUserId, dueDate: assignment.dueDate }));
    }, { experts: request.experts, dueDate: request.dueDate });
  }

  /** Closes the expert review with the panel's consolidated rating and opinion (⑦). */
  evaluate(actor: OrganizationActor, reportId: string, request: EvaluateRequest): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Evaluate, 'report.evaluated', async ({ report }) => {
      report.panelRating = request.rating;
      report.panelOpinion = request.opinion.trim();
      return [this.event(report, actor, 'report.evaluated')];
    });
  }

  /** 方針案 (⑧): awaits approval by another planning user. */
  propose(actor: OrganizationActor, reportId: string, request: ProposePolicyRequest): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.ProposePolicy, 'policy.proposed', async ({ report }) => {
      report.policyDecision = request.decision;
      report.policyReason = request.reason.trim();
      report.proposedBy = actor.userId;
      report.proposedAt = new Date();
      return [this.event(report, actor, 'proposal.awaiting_approval', { proposedBy: actor.userId })];
    });
  }

  approve(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.ApprovePolicy, 'policy.approved', async ({ report }) => {
      report.approvedBy = actor.userId;
      report.approvedAt = new Date();
      return [this.event(report, actor, 'report.decided', { decision: report.policyDecision })];
    });
  }

  /** The approver sends the proposal back for rework; the next proposal starts the four-eyes check anew. */
  sendBack(actor: OrganizationActor, reportId: string, comment: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.SendBackProposal, 'policy.sent_back', async ({ report }) => {
      const proposedBy = report.proposedBy;
      report.proposedBy = null;
      report.proposedAt = null;
      return [this.event(report, actor, 'proposal.sent_back', { comment, proposedBy })];
    }, { comment });
  }

  /** 公表: the final version, without (案). */
  publish(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Publish, 'report.published', async ({ report }) => {
      report.publishedAt = new Date();
      return [this.event(report, actor, 'report.published')];
    });
  }

  /** Administrators only, with a reason: a decided report goes back to evaluation so its policy can be redone. */
  reopen(actor: OrganizationActor, reportId: string, reason: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Reopen, 'report.reopened', async ({ report }) => {
      report.proposedBy = null;
      report.proposedAt = null;
      report.approvedBy = null;
      report.approvedAt = null;
      return [this.event(report, actor, 'report.reopened', { reason })];
    }, { reason });
  }

  /** New assignments, validated: each must be an external expert of this organization, due today or later. */
  async assignExperts(manager: EntityManager, report: ResultReport, actor: OrganizationActor, request: AssignExpertsRequest): Promise<ReviewAssignment[]> {
    if (request.dueDate < todayInJapan()) {
      throw new BadRequestException({ message: 'The due date has already passed.', details: [{ path: '/dueDate', message: 'dueDate must be today or later' }] });
    }
    const experts = [...new Set(request.experts)];
    for (const [index, expertUserId] of experts.entries()) {
      const isExpert = await manager.existsBy(Membership, { organizationId: report.organizationId, userId: expertUserId, role: Role.ExternalExpert });
      if (!isExpert) {
        throw new BadRequestException({ message: 'Only external experts of this organization can be assigned.', details: [{ path: `/experts/${index}`, message: 'not an external expert (外部有識者) of this organization' }] });
      }
      const alreadyAssigned = await manager.findOne(ReviewAssignment, { where: { reportId: report.id, expertUserId }, order: { createdAt: 'DESC' } });
      if (alreadyAssigned && alreadyAssigned.status !== AssignmentStatus.Removed) {
        throw new BadRequestException({ message: 'This expert is already assigned to the report.', details: [{ path: `/experts/${index}`, message: 'already assigned' }] });
      }
    }
    return manager.save(
      experts.map((expertUserId) =>
        manager.create(ReviewAssignment, { organizationId: report.organizationId, reportId: report.id, expertUserId, dueDate: request.dueDate, assignedBy: actor.userId }),
      ),
    );
  }

  event(report: ResultReport, actor: OrganizationActor, type: string, payload: Record<string, unknown> = {}): NotificationRequest {
    return { organizationId: report.organizationId, type, reportId: report.id, actorUserId: actor.userId, payload };
  }

  async addComment(manager: EntityManager, report: ResultReport, actor: OrganizationActor, kind: CommentKind, body: string, parentId: string | null = null): Promise<ReportComment> {
    return manager.save(manager.create(ReportComment, { organizationId: report.organizationId, reportId: report.id, kind, parentId, authorUserId: actor.userId, body: body.trim() }));
  }

  private async transition(
    actor: OrganizationActor,
    reportId: string,
    action: ReportAction,
    auditAction: string,
    change: Parameters<ReportChanges['run']>[3],
    auditDetails?: Record<string, unknown>,
  ): Promise<ReportView> {
    await this.changes.run(actor, reportId, { action, auditAction, auditDetails }, change);
    return this.reports.get(actor, reportId);
  }
}
