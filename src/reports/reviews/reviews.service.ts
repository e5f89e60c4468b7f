import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isDeepStrictEqual } from 'node:util';
import { ownsDepartment, seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { daysBetween, todayInJapan } from '../../common/dates';
import { NotificationRequest } from '../../outbox/outbox.repository';
import { MembershipsRepository } from '../../users/memberships.repository';
import {
  type ChangeContext,
  type ChangeRequest,
  NO_CHANGE,
  type ReportChange,
  ReportChanges,
  reportNotification,
} from '../changes/report-changes';
import { ReportReader } from '../report/report-reader';
import { ResultReport } from '../report/result-report.entity';
import { ConflictOfInterest, DeclineReason } from '../rules/assignment-answer';
import {
  ACTIVE_ASSIGNMENT_STATUSES,
  ASSIGNMENT_STATUS_LABELS,
  AssignmentStatus,
  DISMISSIBLE_ASSIGNMENT_STATUSES,
  REOPENABLE_ASSIGNMENT_STATUSES,
} from '../rules/assignment-status';
import { ReportAction } from '../rules/report-workflow';
import { CommentKind, ReportComment } from './report-comment.entity';
import { reminderRequest } from './reminder-templates';
import { ReviewAssignment } from './review-assignment.entity';
import {
  AssignExpertsRequest,
  AssignmentView,
  OpinionRequest,
  OpinionsView,
  OpinionText,
  ReopenAssignmentRequest,
  RespondToAssignmentRequest,
} from './reviews.dto';
import { type AwaitedReport, type ExpertStatistics, ReviewsRepository } from './reviews.repository';

/**
 * 409 for taking the expert role from someone still asked for opinions: they could no longer give them, and the
 * review would wait for them. The reports are named, for the administrator to have them taken off first.
 */
export class ExpertStillAskedException extends ConflictException {
  constructor(readonly reports: AwaitedReport[]) {
    super({
      message:
        'This person is still asked for opinions on reports in expert review; take them off those reviews first.',
      details: reports,
    });
  }
}

/**
 * 今すぐ催促 refuses a reminder this soon after the last one (sent at once or on its day): two planners, or a client
 * retrying, would otherwise mail the expert twice.
 */
export const REMINDER_SPACING_MINUTES = 10;

/** Whether an expert was reminded too recently for 今すぐ催促 to send another. */
export function remindedRecently(assignment: { lastRemindedAt: Date | null }, now = new Date()): boolean {
  return (
    assignment.lastRemindedAt !== null &&
    now.getTime() - assignment.lastRemindedAt.getTime() < REMINDER_SPACING_MINUTES * 60_000
  );
}

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

  /**
   * Whether the report was once put to the caller for an opinion and no longer opens for them (they declined, were
   * taken off or dismissed): for a link they were sent then. Says nothing of a report they never had.
   */
  async noLongerOpen(actor: OrganizationActor, reportId: string): Promise<boolean> {
    return (
      (await this.reviews.hasBeenAssigned(actor.organizationId, reportId, actor.userId)) &&
      !(await this.reader.isVisible(actor, reportId))
    );
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

  /**
   * Refuses (ExpertStillAskedException) while the expert owes an opinion on a report in review here: before their
   * role is taken away; in the caller's transaction, once the role is gone, so no assignment made meanwhile slips by.
   */
  async assertNoOpinionAwaited(organizationId: string, expertUserId: string, manager?: EntityManager): Promise<void> {
    const awaited = await this.reviews.awaitedReportsOf(organizationId, expertUserId, manager);
    if (awaited.length > 0) throw new ExpertStillAskedException(awaited);
  }

  /**
   * The expert answers: accepting declares any conflict of interest (a declared one is shown to planning, who decide);
   * declining says why and may suggest someone else.
   */
  async respond(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: RespondToAssignmentRequest,
  ): Promise<ReviewAssignment> {
    const answer = normalizedAnswer(request);
    return this.changeAssignment(
      actor,
      reportId,
      assignmentId,
      {
        action: ReportAction.RespondToAssignment,
        auditAction: request.accept ? 'assignment.accepted' : 'assignment.declined',
        auditDetails: { assignmentId, ...answer },
      },
      async ({ manager, report }) => {
        const assignment = await this.ownAssignment(manager, actor, report, assignmentId);
        if (assignment.status !== AssignmentStatus.Pending)
          throw new ConflictException('You have already answered this assignment.');
        Object.assign(assignment, answer, {
          status: request.accept ? AssignmentStatus.Accepted : AssignmentStatus.Declined,
          respondedAt: new Date(),
        });
        if (!request.accept)
          return this.stopCounting(manager, report, actor, assignment, 'assignment.declined', {
            assignmentId,
            expertUserId: assignment.expertUserId,
            dueDate: assignment.dueDate,
            declineReasonKind: answer.declineReasonKind,
            reason: answer.declineReason,
            suggestedExpert: answer.suggestedExpert,
          });
        await this.reviews.saveAssignment(manager, assignment);
        return [
          reportNotification(report, actor, 'assignment.accepted', {
            assignmentId,
            conflictOfInterest: answer.conflictOfInterest,
            conflictOfInterestDetails: answer.conflictOfInterestDetails,
          }),
        ];
      },
    );
  }

  /**
   * 未回答で解除: planning closes the assignment of an expert who has not answered, or accepted but gave no opinion.
   * It stops counting (reminders stop on the notification) and the expert is told, politely. Given the status the
   * planning division read (`statusRead`), an expert who answered since is not dismissed: an answer keeps the report's
   * version, so only the assignment itself can tell.
   */
  async dismiss(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    note: string,
    statusRead?: AssignmentStatus,
  ): Promise<ReviewAssignment> {
    const trimmed = note.trim();
    return this.changeAssignment(
      actor,
      reportId,
      assignmentId,
      {
        action: ReportAction.DismissExpert,
        auditAction: 'assignment.dismissed',
        auditDetails: { assignmentId, note: trimmed },
      },
      async ({ manager, report }) => {
        const assignment = await this.assignmentOfReport(manager, report, assignmentId);
        const refusal = dismissalRefusal(assignment, statusRead);
        if (refusal) throw new ConflictException(refusal);
        Object.assign(assignment, {
          status: AssignmentStatus.Dismissed,
          dismissalNote: trimmed,
          dismissedAt: new Date(),
        });
        return this.stopCounting(manager, report, actor, assignment, 'assignment.dismissed', {
          assignmentId,
          expertUserId: assignment.expertUserId,
          dueDate: assignment.dueDate,
          note: trimmed,
        });
      },
    );
  }

  /**
   * Asks a declined or dismissed expert again: the assignment is pending once more, due on the date given, or on its
   * old due date while that has not passed. The earlier answer stays in the audit log.
   */
  async reopen(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: ReopenAssignmentRequest,
  ): Promise<ReviewAssignment> {
    return this.changeAssignment(
      actor,
      reportId,
      assignmentId,
      {
        action: ReportAction.ReopenAssignment,
        auditAction: 'assignment.reopened',
        auditDetails: { assignmentId },
      },
      async ({ manager, report, recordDetails }) => {
        const assignment = await this.assignmentOfReport(manager, report, assignmentId);
        if (!REOPENABLE_ASSIGNMENT_STATUSES.includes(assignment.status))
          throw new ConflictException(
            `Only a declined or dismissed assignment can be reopened; this one is ${ASSIGNMENT_STATUS_LABELS[assignment.status]} (${assignment.status}).`,
          );
        const dueDate = reopenedDueDate(assignment.dueDate, request.dueDate);
        // What the reopening changes: the answer (declined or dismissed) and the due date it had.
        recordDetails({
          expertUserId: assignment.expertUserId,
          dueDate,
          previous: { status: assignment.status, dueDate: assignment.dueDate },
        });
        if (
          !(await this.memberships.holdsRole(
            manager,
            report.organizationId,
            assignment.expertUserId,
            Role.ExternalExpert,
          ))
        )
          throw new ConflictException('This person is no longer an external expert of the organization.');
        Object.assign(assignment, {
          status: AssignmentStatus.Pending,
          dueDate,
          respondedAt: null,
          declineReason: '',
          declineReasonKind: null,
          suggestedExpert: null,
          conflictOfInterest: null,
          conflictOfInterestDetails: '',
          dismissalNote: '',
          dismissedAt: null,
        });
        await this.reviews.saveAssignment(manager, assignment);
        return [
          reportNotification(report, actor, 'assignment.reopened', {
            assignmentId,
            expertUserId: assignment.expertUserId,
            dueDate,
          }),
        ];
      },
    );
  }

  /** The fiscal years whose reports the organization has asked experts about, for choosing a year's statistics. */
  fiscalYearsAsked(actor: OrganizationActor): Promise<number[]> {
    return this.reviews.fiscalYearsAsked(actor.organizationId);
  }

  /** Each expert of the organization with how they have answered, in one fiscal year or in all. */
  expertStatistics(actor: OrganizationActor, fiscalYear?: number): Promise<ExpertStatistics[]> {
    return this.reviews.expertStatistics(actor.organizationId, fiscalYear ?? null, todayInJapan());
  }

  /** Enters or revises the expert's opinion; possible until the planning division closes the review. */
  async enterOpinion(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: OpinionRequest,
  ): Promise<ReviewAssignment> {
    return this.changeAssignment(
      actor,
      reportId,
      assignmentId,
      { action: ReportAction.EnterOpinion, auditAction: 'opinion.entered', auditDetails: { assignmentId } },
      async (context) => {
        const assignment = await this.ownAssignment(context.manager, actor, context.report, assignmentId);
        if (assignment.status !== AssignmentStatus.Accepted)
          throw new ConflictException('Accept the assignment before entering your opinion.');
        return this.saveOpinion(context, actor, assignment, request, {});
      },
    );
  }

  /**
   * 外部評価委員会: the planning division records the opinion an expert gave at the panel's meeting, on the expert's
   * behalf; the audit entry names the expert and says so. Only for an accepted assignment: accepting (with its
   * conflict-of-interest declaration) stays the expert's own act. Inside the caller's transaction, so that a meeting's
   * record is written all or nothing.
   */
  async enterOpinionOnBehalfIn(
    manager: EntityManager,
    actor: OrganizationActor,
    reportId: string,
    assignment: { id: string; expertUserId: string },
    request: OpinionText,
    source: string,
  ): Promise<void> {
    await this.changes.runIn(
      manager,
      actor,
      reportId,
      {
        action: ReportAction.EnterOpinionOnBehalf,
        auditAction: 'opinion.entered_on_behalf',
        auditDetails: {
          assignmentId: assignment.id,
          onBehalfOfExpertUserId: assignment.expertUserId,
          enteredBy: 'planning_division',
          source,
        },
      },
      async (context) => {
        const stored = await this.reviews.findAssignment(manager, context.report.id, assignment.id);
        if (!stored || stored.expertUserId !== assignment.expertUserId)
          throw new NotFoundException('Assignment not found on this report.');
        if (stored.status !== AssignmentStatus.Accepted)
          throw new ConflictException('The expert has not accepted this assignment; their opinion cannot be recorded.');
        return this.saveOpinion(context, actor, stored, request, { onBehalfOfExpertUserId: assignment.expertUserId });
      },
    );
  }

  /**
   * Stores an opinion on an accepted assignment, for the audit entry field by field (the rating and the text, before and
   * after), and says so to whom it concerns; the first opinion may complete the review. One written over another than
   * the one it was read with (`opinionSubmittedAtRead`: another tab, or one recorded on the expert's behalf, saved
   * since) is refused whole; the committee pack's comes without, as its import refuses a report changed since.
   */
  private async saveOpinion(
    { manager, report, alsoChanged }: ChangeContext,
    actor: OrganizationActor,
    assignment: ReviewAssignment,
    request: OpinionText & Partial<Pick<OpinionRequest, 'opinionSubmittedAtRead'>>,
    payload: Record<string, unknown>,
  ): Promise<NotificationRequest[] | typeof NO_CHANGE> {
    const before = { rating: assignment.rating, opinion: assignment.opinion };
    const after = { rating: request.rating, opinion: request.opinion.trim() };
    const firstTime = !assignment.opinionSubmittedAt;
    // The same opinion sent again (a second click, a form saved twice) revises nothing, whatever it was read with:
    // nothing anyone saved is overwritten, nothing to record or announce.
    if (!firstTime && isDeepStrictEqual(before, after)) return NO_CHANGE;
    if (request.opinionSubmittedAtRead !== undefined && !savedAsRead(assignment, request.opinionSubmittedAtRead))
      throw new ConflictException({
        message:
          'An opinion was saved on this assignment since it was read; nothing was saved. Read it again before saving.',
        details: {
          currentOpinion: { ...before, opinionSubmittedAt: assignment.opinionSubmittedAt?.toISOString() ?? null },
        },
      });
    Object.assign(assignment, after, { opinionSubmittedAt: new Date() });
    await this.reviews.saveAssignment(manager, assignment);
    alsoChanged(before, after);
    const entered = reportNotification(report, actor, 'opinion.entered', {
      assignmentId: assignment.id,
      revised: !firstTime,
      ...payload,
      before,
      after,
    });
    return firstTime ? [entered, ...(await this.readyEvent(manager, report, actor))] : [entered];
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
      {
        action: ReportAction.AnswerQuestion,
        auditAction: 'question.answered',
        auditDetails: { questionId, body },
      },
      async ({ manager, report }) => {
        const question = await this.reviews.findQuestion(manager, report.id, questionId);
        if (!question) throw new NotFoundException('Question not found on this report.');
        answer = await this.addComment(manager, report, actor, CommentKind.Answer, body, question.id);
        // The asking expert's assignment, while it counts: their mail then carries their own link, as a request's does.
        const asked = (await this.reviews.latestAssignmentsOf(manager, report.id, [question.authorUserId])).get(
          question.authorUserId,
        );
        const assignment =
          asked && ACTIVE_ASSIGNMENT_STATUSES.includes(asked.status)
            ? { assignmentId: asked.id, expertUserId: asked.expertUserId }
            : {};
        return [
          reportNotification(report, actor, 'question.answered', {
            commentId: answer.id,
            questionId,
            askedBy: question.authorUserId,
            ...assignment,
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

  /** Planning (or an administrator): asks more experts on a review under way, as accepting asked the first. */
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
        action: ReportAction.AddExperts,
        auditAction: 'assignment.created',
        auditDetails: { experts: request.experts, dueDate: request.dueDate },
      },
      this.asking(actor, request, (assignments) => (created = assignments)),
    );
    return created;
  }

  /**
   * Administrators: take an expert off a review; their reminders are cancelled by the notification. It moves the
   * report's version, as adding one does: the expert's opinion, if given, leaves what the panel's evaluation reads.
   */
  async removeExpert(actor: OrganizationActor, reportId: string, assignmentId: string, reason: string): Promise<void> {
    await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.ReassignExperts,
        auditAction: 'assignment.removed',
        auditDetails: { assignmentId, reason },
      },
      async ({ manager, report, recordDetails }) => {
        const assignment = await this.reviews.findActiveAssignment(manager, report.id, assignmentId);
        if (!assignment) throw new NotFoundException('No active assignment with this id on the report.');
        recordDetails({ expertUserId: assignment.expertUserId });
        assignment.status = AssignmentStatus.Removed;
        return this.stopCounting(manager, report, actor, assignment, 'assignment.removed', {
          assignmentId,
          expertUserId: assignment.expertUserId,
          dueDate: assignment.dueDate,
          reason,
        });
      },
    );
  }

  /**
   * 今すぐ催促: one reminder to an expert who still owes an answer or an opinion, at once, worded for where the due
   * date stands (before it, on it, after it). Refused (409) once the opinion is in or the assignment no longer counts,
   * and within REMINDER_SPACING_MINUTES of the last reminder.
   */
  async remind(actor: OrganizationActor, reportId: string, assignmentId: string): Promise<ReviewAssignment> {
    return this.changeAssignment(
      actor,
      reportId,
      assignmentId,
      {
        action: ReportAction.RemindExpert,
        auditAction: 'assignment.reminded',
        auditDetails: { assignmentId },
      },
      async ({ manager, report, recordDetails }) => {
        const assignment = await this.reviews.findAssignmentWithExpert(manager, report.id, assignmentId);
        if (!assignment) throw new NotFoundException('Assignment not found on this report.');
        if (!ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status))
          throw new ConflictException(
            `This assignment is ${assignment.status}, no longer active: there is no one to remind.`,
          );
        if (assignment.opinionSubmittedAt)
          throw new ConflictException('The expert has given their opinion already: there is nothing to remind of.');
        // Judged by the time of the last reminder, not by a state the caller read: a retry carries none. The report's
        // lock orders two at once, so the second finds the first's.
        const now = new Date();
        if (remindedRecently(assignment, now))
          throw new ConflictException(
            `The expert was reminded less than ${REMINDER_SPACING_MINUTES} minutes ago (${assignment.lastRemindedAt!.toISOString()}): no second reminder is sent so soon.`,
          );
        assignment.lastRemindedAt = now;
        await this.reviews.saveAssignment(manager, assignment);
        const daysFromDue = daysBetween(assignment.dueDate, todayInJapan());
        // As a scheduled reminder records it: whom, and where the due date stood.
        recordDetails({ expertUserId: assignment.expertUserId, dueDate: assignment.dueDate, daysFromDue });
        return [reminderRequest(assignment, daysFromDue, actor.userId)];
      },
    );
  }

  /**
   * The change that asks experts for their opinion on the report: the assignments it makes go into the audit entry and
   * each expert is told. `made` hears of them, for a caller that answers with them.
   */
  asking(
    actor: OrganizationActor,
    request: AssignExpertsRequest,
    made?: (assignments: ReviewAssignment[]) => void,
  ): ReportChange {
    return async ({ manager, report, recordDetails }) => {
      const assignments = await this.assignExperts(manager, report, actor, request);
      recordDetails({ assignmentIds: assignments.map((assignment) => assignment.id) });
      made?.(assignments);
      return this.assignedEvents(report, actor, assignments);
    };
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
    await this.assertAssignable(manager, report, experts);
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

  /**
   * 400 unless each may be asked for an opinion on the report: an external expert of its organization whose account is
   * in use, not assigned yet.
   */
  async assertAssignable(
    manager: EntityManager,
    report: Pick<ResultReport, 'id' | 'organizationId'>,
    experts: string[],
  ): Promise<void> {
    if (experts.length === 0) return;
    const holders = await this.memberships.holdingRole(manager, report.organizationId, experts, Role.ExternalExpert);
    const latest = await this.reviews.latestAssignmentsOf(manager, report.id, experts);
    for (const [index, expertUserId] of experts.entries()) {
      if (!holders.has(expertUserId)) {
        throw new BadRequestException({
          message: 'Only external experts of this organization, with their account in use, can be assigned.',
          details: [
            {
              path: `/experts/${index}`,
              message: 'not an external expert (外部有識者) of this organization, or their account is deactivated',
            },
          ],
        });
      }
      const alreadyAssigned = latest.get(expertUserId);
      if (alreadyAssigned && alreadyAssigned.status !== AssignmentStatus.Removed) {
        throw new BadRequestException({
          message: 'This expert is already assigned to the report.',
          details: [{ path: `/experts/${index}`, message: 'already assigned' }],
        });
      }
    }
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

  /** Any assignment of the report but a removed one (a removal was a mistake and is not shown as an assignment). */
  private async assignmentOfReport(
    manager: EntityManager,
    report: ResultReport,
    assignmentId: string,
  ): Promise<ReviewAssignment> {
    const assignment = await this.reviews.findAssignment(manager, report.id, assignmentId);
    if (!assignment || assignment.status === AssignmentStatus.Removed)
      throw new NotFoundException('Assignment not found on this report.');
    return assignment;
  }

  private async ownAssignment(
    manager: EntityManager,
    actor: OrganizationActor,
    report: ResultReport,
    assignmentId: string,
  ): Promise<ReviewAssignment> {
    const assignment = await this.assignmentOfReport(manager, report, assignmentId);
    if (assignment.expertUserId !== actor.userId)
      throw new ForbiddenException('This assignment belongs to another expert.');
    return assignment;
  }

  /** A change of one of the report's assignments, answered with the assignment as it is stored afterwards. */
  private async changeAssignment(
    actor: OrganizationActor,
    reportId: string,
    assignmentId: string,
    request: ChangeRequest,
    change: ReportChange,
  ): Promise<ReviewAssignment> {
    await this.changes.run(actor, reportId, request, change);
    return this.reviews.getAssignment(assignmentId);
  }

  /**
   * Saves an assignment that no longer counts for the review (declined, dismissed, removed) and says so; the experts
   * left may all have given their opinion by now.
   */
  private async stopCounting(
    manager: EntityManager,
    report: ResultReport,
    actor: OrganizationActor,
    assignment: ReviewAssignment,
    type: string,
    payload: Record<string, unknown>,
  ): Promise<NotificationRequest[]> {
    await this.reviews.saveAssignment(manager, assignment);
    return [reportNotification(report, actor, type, payload), ...(await this.readyEvent(manager, report, actor))];
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

/** What an answer writes on the assignment; the other side's fields are emptied (an answer is one or the other). */
function normalizedAnswer(request: RespondToAssignmentRequest) {
  // The request's validators say the same; checked here too so that no caller can skip the declaration or the reason.
  if (request.accept && !request.conflictOfInterest)
    throw new BadRequestException({
      message: 'Declare whether you have a conflict of interest.',
      details: [{ path: '/conflictOfInterest', message: 'conflictOfInterest is required when accepting' }],
    });
  if (!request.accept && !request.declineReasonKind)
    throw new BadRequestException({
      message: 'Say why you decline.',
      details: [{ path: '/declineReasonKind', message: 'declineReasonKind is required when declining' }],
    });
  if (request.accept) {
    const declared = request.conflictOfInterest === ConflictOfInterest.Declared;
    const details = declared ? (request.conflictOfInterestDetails ?? '').trim() : '';
    if (declared && !details)
      throw new BadRequestException({
        message: 'Say what the conflict of interest is.',
        details: [
          {
            path: '/conflictOfInterestDetails',
            message: 'conflictOfInterestDetails is required when a conflict of interest is declared',
          },
        ],
      });
    return {
      conflictOfInterest: request.conflictOfInterest ?? null,
      conflictOfInterestDetails: details,
      declineReasonKind: null,
      declineReason: '',
      suggestedExpert: null,
    };
  }
  const reason = (request.reason ?? '').trim();
  if (request.declineReasonKind === DeclineReason.Other && !reason)
    throw new BadRequestException({
      message: 'Say why you decline.',
      details: [{ path: '/reason', message: 'reason is required when the reason is other' }],
    });
  const suggested = request.suggestedExpert;
  return {
    conflictOfInterest: null,
    conflictOfInterestDetails: '',
    declineReasonKind: request.declineReasonKind ?? null,
    declineReason: reason,
    suggestedExpert: suggested
      ? {
          name: suggested.name.trim(),
          email: suggested.email.trim(),
          affiliation: (suggested.affiliation ?? '').trim(),
        }
      : null,
  };
}

/** Whether the assignment's opinion is the one read: none yet (null), or the one saved at that moment. */
function savedAsRead(assignment: ReviewAssignment, opinionSubmittedAtRead: string | null): boolean {
  const savedAt = assignment.opinionSubmittedAt?.getTime() ?? null;
  return savedAt === (opinionSubmittedAtRead === null ? null : Date.parse(opinionSubmittedAtRead));
}

/**
 * Why an assignment cannot be dismissed, or null when it can (no answer yet, or accepted without an opinion, as it was
 * read when the caller says how it was read).
 */
function dismissalRefusal(assignment: ReviewAssignment, statusRead?: AssignmentStatus): string | null {
  if (assignment.status === AssignmentStatus.Dismissed) return 'This assignment has been dismissed already.';
  if (assignment.status === AssignmentStatus.Declined)
    return 'The expert has declined this assignment; there is nothing to dismiss.';
  if (assignment.opinionSubmittedAt)
    return 'The expert has given their opinion; an assignment with an opinion cannot be dismissed.';
  if (statusRead !== undefined && statusRead !== assignment.status)
    return `The expert has answered meanwhile: the assignment is ${ASSIGNMENT_STATUS_LABELS[assignment.status]} (${assignment.status}) now, not ${statusRead} as read. Read it again before dismissing it.`;
  return DISMISSIBLE_ASSIGNMENT_STATUSES.includes(assignment.status)
    ? null
    : `This assignment cannot be dismissed while it is ${ASSIGNMENT_STATUS_LABELS[assignment.status]} (${assignment.status}).`;
}

/**
 * The due date of a reopened assignment: the one given (today or later), else the old one unless it has passed. Also
 * what the reopening's confirmation page names, so that it never promises a date this refuses.
 */
export function reopenedDueDate(oldDueDate: string, requested: string | undefined): string {
  const today = todayInJapan();
  if (requested !== undefined && requested < today)
    throw new BadRequestException({
      message: 'The due date has already passed.',
      details: [{ path: '/dueDate', message: 'dueDate must be today or later' }],
    });
  if (requested !== undefined) return requested;
  if (oldDueDate < today)
    throw new BadRequestException({
      message: 'The old due date has passed; give a new one.',
      details: [{ path: '/dueDate', message: 'dueDate is required: the old due date has passed' }],
    });
  return oldDueDate;
}
