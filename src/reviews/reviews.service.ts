import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { seesWholeOrganization } from '../auth/actor-scope';
import { OrganizationActor } from '../auth/actor';
import { ReportChanges } from '../reports/report-changes';
import { ReportsRepository } from '../reports/reports.repository';
import { ResultReport } from '../reports/result-report.entity';
import { Role } from '../users/role';
import { ReportAction } from '../workflow/report-workflow';
import { AssignExpertsRequest } from '../workflow/workflow.dto';
import { WorkflowService } from '../workflow/workflow.service';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ACTIVE_ASSIGNMENT_STATUSES, AssignmentStatus, ReviewAssignment } from './review-assignment.entity';
import { AssignmentView, OpinionRequest, OpinionsView, RespondToAssignmentRequest } from './reviews.dto';

/** The external experts' part: assignments, opinions, and questions to the owning department. */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectRepository(ReviewAssignment) private readonly assignments: Repository<ReviewAssignment>,
    @InjectRepository(ReportComment) private readonly comments: Repository<ReportComment>,
    private readonly changes: ReportChanges,
    private readonly reportsRepository: ReportsRepository,
    private readonly workflow: WorkflowService,
  ) {}

  /** Planning and administrators see every assignment of the report; an expert only their own. */
  async listAssignments(actor: OrganizationActor, reportId: string): Promise<ReviewAssignment[]> {
    await this.assertVisible(actor, reportId);
    const where = { organizationId: actor.organizationId, reportId };
    if (seesWholeOrganization(actor)) return this.assignments.find({ where, relations: { expert: true }, order: { createdAt: 'ASC' } });
    if (actor.roles.includes(Role.ExternalExpert)) return this.assignments.find({ where: { ...where, expertUserId: actor.userId }, relations: { expert: true } });
    return [];
  }

  /** The individual opinions side by side, and a starting text for the consolidated one. */
  async opinions(actor: OrganizationActor, reportId: string): Promise<OpinionsView> {
    const active = (await this.listAssignments(actor, reportId)).filter((assignment) => ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status));
    const withOpinion = active.filter((assignment) => assignment.opinionSubmittedAt);
    return {
      opinions: active.map(AssignmentView.from),
      suggestedOpinion: withOpinion.map((assignment) => assignment.opinion).join('\n'),
      allExpertsDone: active.length > 0 && withOpinion.length === active.length,
    };
  }

  async respond(actor: OrganizationActor, reportId: string, assignmentId: string, request: RespondToAssignmentRequest): Promise<ReviewAssignment> {
    await this.changes.run(actor, reportId, { action: ReportAction.RespondToAssignment, auditAction: request.accept ? 'assignment.accepted' : 'assignment.declined', auditDetails: { assignmentId, reason: request.reason } }, async ({ manager, report }) => {
      const assignment = await this.ownAssignment(manager, actor, report, assignmentId);
      if (assignment.status !== AssignmentStatus.Pending) throw new ConflictException('You have already answered this assignment.');
      assignment.status = request.accept ? AssignmentStatus.Accepted : AssignmentStatus.Declined;
      assignment.respondedAt = new Date();
      assignment.declineReason = request.accept ? '' : (request.reason ?? '').trim();
      await manager.save(assignment);
      const events = [this.workflow.event(report, actor, request.accept ? 'assignment.accepted' : 'assignment.declined', { assignmentId })];
      return request.accept ? events : [...events, ...(await this.readyEvent(manager, report, actor))];
    });
    return this.assignments.findOneByOrFail({ id: assignmentId });
  }

  /** Enters or revises the expert's opinion; possible until the planning division closes the review. */
  async enterOpinion(actor: OrganizationActor, reportId: string, assignmentId: string, request: OpinionRequest): Promise<ReviewAssignment> {
    await this.changes.run(actor, reportId, { action: ReportAction.EnterOpinion, auditAction: 'opinion.entered', auditDetails: { assignmentId } }, async ({ manager, report }) => {
      const assignment = await this.ownAssignment(manager, actor, report, assignmentId);
      if (assignment.status !== AssignmentStatus.Accepted) throw new ConflictException('Accept the assignment before entering your opinion.');
      const before = { rating: assignment.rating, opinion: assignment.opinion };
      const firstTime = !assignment.opinionSubmittedAt;
      assignment.rating = request.rating;
      assignment.opinion = request.opinion.trim();
      assignment.opinionSubmittedAt = new Date();
      await manager.save(assignment);
      const entered = this.workflow.event(report, actor, 'opinion.entered', { assignmentId, revised: !firstTime, before, after: { rating: assignment.rating, opinion: assignment.opinion } });
      return firstTime ? [entered, ...(await this.readyEvent(manager, report, actor))] : [entered];
    });
    return this.assignments.findOneByOrFail({ id: assignmentId });
  }

  async askQuestion(actor: OrganizationActor, reportId: string, body: string): Promise<ReportComment> {
    let question!: ReportComment;
    await this.changes.run(actor, reportId, { action: ReportAction.AskQuestion, auditAction: 'question.asked', auditDetails: { body } }, async ({ manager, report }) => {
      question = await this.workflow.addComment(manager, report, actor, CommentKind.Question, body);
      return [this.workflow.event(report, actor, 'question.asked', { commentId: question.id })];
    });
    return question;
  }

  async answerQuestion(actor: OrganizationActor, reportId: string, questionId: string, body: string): Promise<ReportComment> {
    let answer!: ReportComment;
    await this.changes.run(actor, reportId, { action: ReportAction.AnswerQuestion, auditAction: 'question.answered', auditDetails: { questionId, body } }, async ({ manager, report }) => {
      const question = await manager.findOneBy(ReportComment, { id: questionId, reportId: report.id, kind: CommentKind.Question });
      if (!question) throw new NotFoundException('Question not found on this report.');
      answer = await this.workflow.addComment(manager, report, actor, CommentKind.Answer, body, question.id);
      return [this.workflow.event(report, actor, 'question.answered', { commentId: answer.id, questionId, askedBy: question.authorUserId })];
    });
    return answer;
  }

  /** The thread: everything for the owning department and planning; an expert sees their questions and the answers. */
  async listComments(actor: OrganizationActor, reportId: string): Promise<ReportComment[]> {
    await this.assertVisible(actor, reportId);
    const all = await this.comments.find({ where: { organizationId: actor.organizationId, reportId }, order: { createdAt: 'ASC' } });
    const seesAll = seesWholeOrganization(actor) || actor.roles.includes(Role.ProjectOwner);
    if (seesAll) return all;
    const mine = new Set(all.filter((comment) => comment.kind === CommentKind.Question && comment.authorUserId === actor.userId).map((comment) => comment.id));
    return all.filter((comment) => mine.has(comment.id) || (comment.parentId !== null && mine.has(comment.parentId)));
  }

  /** Administrators: add experts to a review under way. */
  async addExperts(actor: OrganizationActor, reportId: string, request: AssignExpertsRequest): Promise<ReviewAssignment[]> {
    let created: ReviewAssignment[] = [];
    await this.changes.run(actor, reportId, { action: ReportAction.ReassignExperts, auditAction: 'assignment.created', auditDetails: { experts: request.experts, dueDate: request.dueDate } }, async ({ manager, report }) => {
      created = await this.workflow.assignExperts(manager, report, actor, request);
      return created.map((assignment) => this.workflow.event(report, actor, 'expert.assigned', { assignmentId: assignment.id, expertUserId: assignment.expertUserId, dueDate: assignment.dueDate }));
    });
    return created;
  }

  /** Administrators: take an expert off a review; their reminders are cancelled by the notification. */
  async removeExpert(actor: OrganizationActor, reportId: string, assignmentId: string, reason: string): Promise<void> {
    await this.changes.run(actor, reportId, { action: ReportAction.ReassignExperts, auditAction: 'assignment.removed', auditDetails: { assignmentId, reason } }, async ({ manager, report }) => {
      const assignment = await manager.findOneBy(ReviewAssignment, { id: assignmentId, reportId: report.id, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
      if (!assignment) throw new NotFoundException('No active assignment with this id on the report.');
      assignment.status = AssignmentStatus.Removed;
      await manager.save(assignment);
      return [this.workflow.event(report, actor, 'assignment.removed', { assignmentId, expertUserId: assignment.expertUserId, reason }), ...(await this.readyEvent(manager, report, actor))];
    });
  }

  private async assertVisible(actor: OrganizationActor, reportId: string): Promise<void> {
    if (!(await this.reportsRepository.isVisible(actor, reportId))) throw new NotFoundException('Report not found.');
  }

  private async ownAssignment(manager: EntityManager, actor: OrganizationActor, report: ResultReport, assignmentId: string): Promise<ReviewAssignment> {
    const assignment = await manager.findOneBy(ReviewAssignment, { id: assignmentId, reportId: report.id });
    if (!assignment || assignment.status === AssignmentStatus.Removed) throw new NotFoundException('Assignment not found on this report.');
    if (assignment.expertUserId !== actor.userId) throw new ForbiddenException('This assignment belongs to another expert.');
    return assignment;
  }

  /** "Ready to evaluate" once every remaining assigned expert has given an opinion. */
  private async readyEvent(manager: EntityManager, report: ResultReport, actor: OrganizationActor) {
    const active = await manager.findBy(ReviewAssignment, { reportId: report.id, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
    const done = active.length > 0 && active.every((assignment) => assignment.status === AssignmentStatus.Accepted && assignment.opinionSubmittedAt);
    return done ? [this.workflow.event(report, actor, 'review.ready')] : [];
  }
}

