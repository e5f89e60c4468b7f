import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ownsDepartment, seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { todayInJapan } from '../../common/dates';
import { NotificationRequest } from '../../outbox/outbox.repository';
import { MembershipsRepository } from '../../users/memberships.repository';
import { ReportChanges, reportNotification } from '../changes/report-changes';
import { ReportReader } from '../report/report-reader';
import { ResultReport } from '../report/result-report.entity';
import { ACTIVE_ASSIGNMENT_STATUSES, AssignmentStatus } from '../rules/assignment-status';
import { ReportAction } from '../rules/report-workflow';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ReviewAssignment } from './review-assignment.entity';
import {
  AssignExpertsRequest,
  AssignmentView,
  OpinionRequest,
  OpinionsView,
  RespondToAssignmentRequest,
} from './reviews.dto';
import { ReviewsRepository } from './reviews.repository';

/** The external experts' part: assignments, opinions, and questions to the owning department. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly changes: ReportChanges,
    private readonly reader: ReportReader,
  ) {}

  /** Planning and administrators see every assignment of the report; an expert only their own. */
  async listAssignments(actor: OrganizationActor, reportId: string): Promise<ReviewAssignment[]> {
    await this.reader.assertVisible(actor, reportId);
    if (seesWholeOrganization(actor)) return this.reviews.assignmentsOf(actor.organizationId, reportId);
    if (actor.roles.includes(Role.ExternalExpert))
      return this.reviews.assignmentsOf(actor.organizationId, reportId, actor.userId);
    return [];
  }

  /** The individual opinions side by side, and a starting text for the consolidated one. */
  async opinions(actor: OrganizationActor, reportId: string): Promise<OpinionsView> {
    const active = (await this.listAssignments(actor, reportId)).filter((assignment) =>
      ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status),
    );
    const withOpinion = active.filter((assignment) => assignment.opinionSubmittedAt);
    return {
      opinions: active.map(AssignmentView.from),
      suggestedOpinion: withOpinion.map((assignment) => assignment.opinion).join('\n'),
      allExpertsDone: active.length > 0 && withOpinion.length === active.length,
    };
  }

  async respond(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: RespondToAssignmentRequest,
  ): Promise<ReviewAssignment> {
    await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.RespondToAssignment,
        auditAction: request.accept ? 'assignment.accepted' : 'assignment.declined',
        auditDetails: { assignmentId, reason: request.reason },
      },
      async ({ manager, report }) => {
        const assignment = await this.ownAssignment(manager, actor, report, assignmentId);
        if (assignment.status !== AssignmentStatus.Pending)
          throw new ConflictException('You have already answered this assignment.');
        assignment.status = request.accept ? AssignmentStatus.Accepted : AssignmentStatus.Declined;
        assignment.respondedAt = new Date();
        assignment.declineReason = request.accept ? '' : (request.reason ?? '').trim();
        await this.reviews.saveAssignment(manager, assignment);
        const events = [
          reportNotification(report, actor, request.accept ? 'assignment.accepted' : 'assignment.declined', {
            assignmentId,
          }),
        ];
        return request.accept ? events : [...events, ...(await this.readyEvent(manager, report, actor))];
      },
    );
    return this.reviews.getAssignment(assignmentId);
  }

  /** Enters or revises the expert's opinion; possible until the planning division closes the review. */
  async enterOpinion(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: OpinionRequest,
  ): Promise<ReviewAssignment> {
    await this.changes.run(
      actor,
      reportId,
      { action: ReportAction.EnterOpinion, auditAction: 'opinion.entered', auditDetails: { assignmentId } },
      async ({ manager, report }) => {
        const assignment = await this.ownAssignment(manager, actor, report, assignmentId);
        if (assignment.status !== AssignmentStatus.Accepted)
          throw new ConflictException('Accept the assignment before entering your opinion.');
        const before = { rating: assignment.rating, opinion: assignment.opinion };
        const firstTime = !assignment.opinionSubmittedAt;
        assignment.rating = request.rating;
        assignment.opinion = request.opinion.trim();
        assignment.opinionSubmittedAt = new Date();
        await this.reviews.saveAssignment(manager, assignment);
        const entered = reportNotification(report, actor, 'opinion.entered', {
          assignmentId,
          revised: !firstTime,
          before,
          after: { rating: assignment.rating, opinion: assignment.opinion },
        });
        return firstTime ? [entered, ...(await this.readyEvent(manager, report, actor))] : [entered];
      },
    );
    return this.reviews.getAssignment(assignmentId);
  }

  async askQuestion(actor: OrganizationActor, reportId: string, body: string): Promise<ReportComment> {
    let question!: ReportComment;
    await this.changes.run(
      actor,
      reportId,
      { action: ReportAction.AskQuestion, auditAction: 'question.asked', auditDetails: { body } },
      async ({ manager, report }) => {
        question = await this.addComment(manager, report, actor, CommentKind.Question, body);
        return [reportNotification(report, actor, 'question.asked', { commentId: question.id })];
      },
    );
    return question;
  }

  async answerQuestion(
    actor: OrganizationActor,
    reportId: string,
    questionId: string,
    body: string,
  ): Promise<ReportComment> {
    let answer!: ReportComment;
    await this.changes.run(
      actor,
      reportId,
      { action: ReportAction.AnswerQuestion, auditAction: 'question.answered', auditDetails: { questionId, body } },
      async ({ manager, report }) => {
        const question = await this.reviews.findQuestion(manager, report.id, questionId);
        if (!question) throw new NotFoundException('Question not found on this report.');
        answer = await this.addComment(manager, report, actor, CommentKind.Answer, body, question.id);
        return [
          reportNotification(report, actor, 'question.answered', {
            commentId: answer.id,
            questionId,
            askedBy: question.authorUserId,
          }),
        ];
      },
    );
    return answer;
  }

  /** The thread: everything for the owning department and planning; an expert sees their questions and the answers. */
  async listComments(actor: OrganizationActor, reportId: string): Promise<ReportComment[]> {
    const [, project] = await this.reader.loadVisible(actor, reportId);
    const all = await this.reviews.commentsOf(actor.organizationId, reportId);
    // An owner role counts for its own department's reports only: an expert who owns another department's
    // projects still sees just their own questions here.
    const seesAll = seesWholeOrganization(actor) || ownsDepartment(actor, project.departmentId);
    if (seesAll) return all;
    const mine = new Set(
      all
        .filter((comment) => comment.kind === CommentKind.Question && comment.authorUserId === actor.userId)
        .map((comment) => comment.id),
    );
    return all.filter((comment) => mine.has(comment.id) || (comment.parentId !== null && mine.has(comment.parentId)));
  }

  /** Administrators: add experts to a review under way. */
  async addExperts(
    actor: OrganizationActor,
    reportId: string,
    request: AssignExpertsRequest,
  ): Promise<ReviewAssignment[]> {
    let created: ReviewAssignment[] = [];
    await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.ReassignExperts,
        auditAction: 'assignment.created',
        auditDetails: { experts: request.experts, dueDate: request.dueDate },
      },
      async ({ manager, report }) => {
        created = await this.assignExperts(manager, report, actor, request);
        return this.assignedEvents(report, actor, created);
      },
    );
    return created;
  }

  /** Administrators: take an expert off a review; their reminders are cancelled by the notification. */
  async removeExpert(actor: OrganizationActor, reportId: string, assignmentId: string, reason: string): Promise<void> {
    await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.ReassignExperts,
        auditAction: 'assignment.removed',
        auditDetails: { assignmentId, reason },
      },
      async ({ manager, report }) => {
        const assignment = await this.reviews.findActiveAssignment(manager, report.id, assignmentId);
        if (!assignment) throw new NotFoundException('No active assignment with this id on the report.');
        assignment.status = AssignmentStatus.Removed;
        await this.reviews.saveAssignment(manager, assignment);
        return [
          reportNotification(report, actor, 'assignment.removed', {
            assignmentId,
            expertUserId: assignment.expertUserId,
            reason,
          }),
          ...(await this.readyEvent(manager, report, actor)),
        ];
      },
    );
  }

  /** New assignments inside a report change, validated: each must be an external expert of this organization, due today or later. */
  async assignExperts(
    manager: EntityManager,
    report: ResultReport,
    actor: OrganizationActor,
    request: AssignExpertsRequest,
  ): Promise<ReviewAssignment[]> {
    if (request.dueDate < todayInJapan()) {
      throw new BadRequestException({
        message: 'The due date has already passed.',
        details: [{ path: '/dueDate', message: 'dueDate must be today or later' }],
      });
    }
    const experts = [...new Set(request.experts)];
    for (const [index, expertUserId] of experts.entries()) {
      if (!(await this.memberships.holdsRole(report.organizationId, expertUserId, Role.ExternalExpert, manager))) {
        throw new BadRequestException({
          message: 'Only external experts of this organization can be assigned.',
          details: [{ path: `/experts/${index}`, message: 'not an external expert (外部有識者) of this organization' }],
        });
      }
      const alreadyAssigned = await this.reviews.latestAssignmentOf(manager, report.id, expertUserId);
      if (alreadyAssigned && alreadyAssigned.status !== AssignmentStatus.Removed) {
        throw new BadRequestException({
          message: 'This expert is already assigned to the report.',
          details: [{ path: `/experts/${index}`, message: 'already assigned' }],
        });
      }
    }
    return this.reviews.createAssignments(
      manager,
      experts.map((expertUserId) => ({
        organizationId: report.organizationId,
        reportId: report.id,
        expertUserId,
        dueDate: request.dueDate,
        assignedBy: actor.userId,
      })),
    );
  }

  assignedEvents(
    report: ResultReport,
    actor: OrganizationActor,
    assignments: ReviewAssignment[],
  ): NotificationRequest[] {
    return assignments.map((assignment) =>
      reportNotification(report, actor, 'expert.assigned', {
        assignmentId: assignment.id,
        expertUserId: assignment.expertUserId,
        dueDate: assignment.dueDate,
      }),
    );
  }

  addComment(
    manager: EntityManager,
    report: ResultReport,
    actor: OrganizationActor,
    kind: CommentKind,
    body: string,
    parentId: string | null = null,
  ): Promise<ReportComment> {
    return this.reviews.addComment(manager, {
      organizationId: report.organizationId,
      reportId: report.id,
      kind,
      parentId,
      authorUserId: actor.userId,
      body: body.trim(),
    });
  }

  private async ownAssignment(
    manager: EntityManager,
    actor: OrganizationActor,
    report: ResultReport,
    assignmentId: string,
  ): Promise<ReviewAssignment> {
    const assignment = await this.reviews.findAssignment(manager, report.id, assignmentId);
    if (!assignment || assignment.status === AssignmentStatus.Removed)
      throw new NotFoundException('Assignment not found on this report.');
    if (assignment.expertUserId !== actor.userId)
      throw new ForbiddenException('This assignment belongs to another expert.');
    return assignment;
  }

  /** "Ready to evaluate" once every remaining assigned expert has given an opinion. */
  private async readyEvent(
    manager: EntityManager,
    report: ResultReport,
    actor: OrganizationActor,
  ): Promise<NotificationRequest[]> {
    const active = await this.reviews.activeAssignments(manager, report.id);
    const done =
      active.length > 0 &&
      active.every((assignment) => assignment.status === AssignmentStatus.Accepted && assignment.opinionSubmittedAt);
    return done ? [reportNotification(report, actor, 'review.ready')] : [];
  }
}
