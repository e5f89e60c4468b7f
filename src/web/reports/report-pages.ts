import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { apiPath } from '../../infra/http/api-path';
import { AssessmentScale, offeredChoices } from '../../reports/report/assessment-choices';
import { AssessmentOptions } from '../../reports/report/assessment-options';
import { previousYearKpis } from '../../reports/report/previous-year';
import { sectionOf } from '../../reports/report/report-sections';
import { ReportView } from '../../reports/report/report-view';
import { ReportsService } from '../../reports/reports.service';
import { CommentKind } from '../../reports/reviews/report-comment.entity';
import { AssignmentStatus, awaitsOpinion } from '../../reports/rules/assignment-status';
import { UNDER_CORRECTION } from '../../reports/rules/report-status';
import { AssignmentView, CommentView } from '../../reports/reviews/reviews.dto';
import { ReviewAlternatesService } from '../../reports/reviews/review-alternates.service';
import { remindedRecently, ReviewsService } from '../../reports/reviews/reviews.service';
import { Role } from '../../access/role';
import { ReportAction } from '../../reports/rules/report-workflow';
import { actorNames } from '../../users/audit-log-people';
import { UsersService } from '../../users/users.service';
import { todayInJapan } from '../../common/dates';
import { CyclesService } from '../../cycles/cycles.service';
import { fieldId, FormState, PageError } from '../forms';
import { fieldMessage } from '../messages/error-messages';
import { kpiPlaceLabels } from '../messages/field-labels';
import { reportPath } from '../navigation';
import { LINK_SESSION_REPORT_TABS } from '../link-session';
import { PageRenderer } from '../page-renderer';
import { permissionsFor } from './permissions';
import { consolidateTab } from './consolidate-tab';
import type { ReportPage } from './report-page-types';
import { reportTab } from './report-tab';

export type ReportTab = 'report' | 'history' | 'questions' | 'consolidate' | 'audit';

/** A form of a report page that failed, shown again with what was entered and why it was refused. */
export interface FailedForm {
  name: string;
  state: FormState;
}

/** The organization's external experts who can be asked for an opinion: a deactivated account (someone who left) cannot. */
function askableExperts(members: Awaited<ReturnType<UsersService['listMembers']>>) {
  return members
    .filter(
      (member) =>
        !member.deactivatedAt && member.memberships?.some((membership) => membership.role === Role.ExternalExpert),
    )
    .map((expert) => ({ id: expert.id, displayName: expert.displayName, email: expert.email }));
}

/** Everything the pages of one report show, loaded through the same services the API uses. */
@Injectable()
export class ReportPages {
  constructor(
    private readonly reports: ReportsService,
    private readonly reviews: ReviewsService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly cycles: CyclesService,
    private readonly options: AssessmentOptions,
    private readonly alternates: ReviewAlternatesService,
  ) {}

  async load(actor: OrganizationActor, reportId: string): Promise<ReportPage> {
    const view = await this.reports.get(actor, reportId);
    const [assignments, comments, members, ratings, decisions, previousYear] = await Promise.all([
      this.reviews.listAssignments(actor, reportId),
      this.reviews.listComments(actor, reportId),
      this.users.listMembers(actor.organizationId),
      this.options.list(actor.organizationId, AssessmentScale.PanelRating),
      this.options.list(actor.organizationId, AssessmentScale.PolicyDecision),
      this.reports.previousYear(actor, view),
    ]);
    // People who have left since are named as the audit log names them: an expert's opinion stays theirs.
    const memberIds = new Set(members.map((member) => member.id));
    const formerMembers = await this.users.namesOf(
      [
        ...assignments.map((assignment) => assignment.expertUserId),
        ...comments.map((comment) => comment.authorUserId),
        view.policy.proposedBy,
        view.policy.approvedBy,
        ...view.policy.corrections.flatMap((correction) => [...correction.correctedBy, correction.publishedBy]),
      ].filter((userId): userId is string => !!userId && !memberIds.has(userId)),
    );
    const names = actorNames({ members, formerMembers });
    const nameOf = (userId: string | null) => (userId ? (names.get(userId) ?? '(この団体を離れた利用者)') : '—');
    const today = todayInJapan();
    const assignmentViews = assignments.map((assignment) => ({
      ...AssignmentView.from(assignment),
      expertName: nameOf(assignment.expertUserId),
      overdue: awaitsOpinion(assignment) && assignment.dueDate < today,
      // 今すぐ催促 is offered again once a reminder just sent would not be refused as too soon.
      remindedRecently: remindedRecently(assignment),
    }));
    const thread = comments.map((comment) => ({
      ...CommentView.from(comment),
      authorName: nameOf(comment.authorUserId),
    }));
    const questions = thread
      .filter((comment) => comment.kind === CommentKind.Question)
      .map((question) => ({ ...question, answers: thread.filter((comment) => comment.parentId === question.id) }));
    const permissions = permissionsFor(view, actor, assignmentViews);
    // Four-eyes: who could approve the proposal (the caller's, when they are about to make one), by name.
    const proposer = view.policy.proposedBy ?? actor.userId;
    const approvers = members
      .filter(
        (member) =>
          !member.deactivatedAt &&
          member.id !== proposer &&
          member.memberships?.some((membership) => membership.role === Role.PlanningDivision),
      )
      .map((member) => member.displayName);
    const returns = thread.filter((comment) => comment.kind === CommentKind.Return);
    // A correction starts after the last publication: a return before it was of the draft, long resubmitted.
    const lastPublished = view.editions[view.editions.length - 1]?.publishedAt ?? '';
    const lastReturn = returns.filter((comment) => comment.createdAt > lastPublished).pop();
    // A return makes the report a draft (or a correction) again, so a submission to check after one is a resubmission.
    const checked =
      permissions.can[ReportAction.Accept] ||
      permissions.can[ReportAction.Return] ||
      permissions.can[ReportAction.ReturnCorrection];
    return {
      view,
      // 前年度: the year before as published, to compare with (its page inside when the reader may open it).
      previousYear,
      // ⑤ 前年度実績: each KPI as the year before's published report gives it, else as this report lists that year.
      previousKpis: previousYearKpis(view, previousYear?.view ?? null),
      permissions,
      assignments: assignmentViews,
      ownAssignment: assignmentViews.find(
        (assignment) => assignment.expertUserId === actor.userId && assignment.status !== AssignmentStatus.Removed,
      ),
      questions,
      openQuestions: questions.filter((question) => question.answers.length === 0).length,
      returns,
      lastReturn,
      // Checking a correction means reading what it changed against the last edition: the public's, unless withdrawn.
      correction: UNDER_CORRECTION.includes(view.status)
        ? await this.reports.changesSincePublication(actor, reportId, view.version)
        : null,
      resubmission: lastReturn && checked ? await this.resubmissionOf(actor, reportId, lastReturn) : null,
      experts: askableExperts(members),
      // Choosing experts: how each has answered requests, in the report's year and in all.
      expertStatistics: permissions.can[ReportAction.Accept]
        ? await this.expertStatisticsOf(actor, view.fiscalYear)
        : null,
      // The accept form offers the year's review due date (年度サイクル) as the experts' due date.
      reviewDueDate: permissions.can[ReportAction.Accept] ? await this.reviewDueDateOf(actor, view.fiscalYear) : null,
      people: {
        proposer: nameOf(view.policy.proposedBy),
        approver: nameOf(view.policy.approvedBy),
        approvers,
        policyCorrections: view.policy.corrections.map((correction) => ({
          ...correction,
          correctedBy: correction.correctedBy.map(nameOf).join('、'),
          publishedBy: nameOf(correction.publishedBy),
        })),
      },
      // ⑦ and ⑧ as the municipality words them (the report's own option stays offered if retired since).
      assessment: {
        ratings: offeredChoices(ratings, view.evaluation.option),
        decisions: offeredChoices(decisions, view.policy.option),
      },
      // 補欠: asked in order when an expert declines or is dismissed, while the report is in expert review.
      alternates: permissions.can[ReportAction.ListAlternates] ? await this.alternates.list(actor, reportId) : [],
      nameOf,
      seesAudit: seesWholeOrganization(actor),
      today,
    };
  }

  /**
   * What an accept form of the year offers beside a report's own (一括受理): the experts who can be asked, how each has
   * answered requests, and the year's review due date.
   */
  async acceptChoices(actor: OrganizationActor, fiscalYear: number) {
    const [members, expertStatistics, reviewDueDate] = await Promise.all([
      this.users.listMembers(actor.organizationId),
      this.expertStatisticsOf(actor, fiscalYear),
      this.reviewDueDateOf(actor, fiscalYear),
    ]);
    return { experts: askableExperts(members), expertStatistics, reviewDueDate, today: todayInJapan() };
  }

  /**
   * A resubmission to check, compared from the version returned to the latest one saved: the report's own version
   * moves on without a revision too (an expert's opinion), and the history compares only versions it has.
   */
  private async resubmissionOf(
    actor: OrganizationActor,
    reportId: string,
    lastReturn: NonNullable<ReportPage['resubmission']>['lastReturn'],
  ): Promise<ReportPage['resubmission']> {
    const [returnedVersion, [latest]] = await Promise.all([
      this.reports.versionReturned(actor, reportId),
      this.reports.revisions(actor, reportId),
    ]);
    return { lastReturn, returnedVersion, savedVersion: latest?.version ?? null };
  }

  private async expertStatisticsOf(actor: OrganizationActor, fiscalYear: number) {
    const [inYear, inAll] = await Promise.all([
      this.reviews.expertStatistics(actor, fiscalYear),
      this.reviews.expertStatistics(actor),
    ]);
    return { fiscalYear, inYear, inAll };
  }

  private async reviewDueDateOf(actor: OrganizationActor, fiscalYear: number): Promise<string | null> {
    const cycles = await this.cycles.list(actor.organizationId);
    return cycles.find((cycle) => cycle.fiscalYear === fiscalYear)?.reviewDueDate ?? null;
  }

  /** Renders one tab of a report, optionally with a form that failed (HTTP 400/409/422 keeps the status honest). */
  async render(
    response: Response,
    actor: OrganizationActor,
    reportId: string,
    tab: ReportTab,
    extra: Record<string, unknown> = {},
    failed?: FailedForm,
    status?: HttpStatus,
  ): Promise<void> {
    const page = await this.load(actor, reportId);
    const base = reportPath(actor.organizationId, reportId);
    const tabs = [
      { id: 'report', label: '報告書', href: base },
      { id: 'history', label: '更新履歴', href: `${base}/history` },
      {
        id: 'questions',
        label: `質問と回答${page.questions.length ? `(${page.questions.length})` : ''}`,
        href: `${base}/questions`,
      },
      ...(page.seesAudit
        ? [
            { id: 'consolidate', label: '意見の取りまとめ', href: `${base}/consolidate` },
            { id: 'audit', label: '監査ログ', href: `${base}/audit` },
          ]
        : []),
    ]
      .filter((candidate) => !actor.linkScope || LINK_SESSION_REPORT_TABS.includes(candidate.id))
      .map((candidate) => ({ ...candidate, current: candidate.id === tab }));
    const submissionProblems = submissionProblemLinks(page.view, base);
    const formFor = (name: string) => (failed?.name === name ? failed.state : new FormState());
    await this.pages.render(
      response,
      `reports/${tab}.njk`,
      {
        ...page,
        base,
        exportBase: `/${apiPath(`organizations/${actor.organizationId}/exports/reports/${reportId}`)}`,
        tabs,
        submissionProblems,
        formFor,
        errors: failed?.state.errors ?? [],
        ...(tab === 'report' ? reportTab(page, base, submissionProblems, formFor) : {}),
        ...(tab === 'consolidate'
          ? consolidateTab(page, await this.reviews.opinions(actor, reportId), formFor('evaluate'))
          : {}),
        ...extra,
      },
      status ?? (failed ? HttpStatus.BAD_REQUEST : HttpStatus.OK),
    );
  }
}

/** What still stands between a draft and submission, each linked to its field on its section page. */
export function submissionProblemLinks(view: ReportView, base: string): PageError[] {
  const labels = kpiPlaceLabels(view.kpis);
  return view.submission.problems.map((problem) => ({
    text: fieldMessage(problem, labels),
    href: problemHref(base, problem.path),
    path: problem.path,
  }));
}

/** The field of a submission problem, on its section page. */
export function problemHref(base: string, path: string): string {
  const section = sectionOf(path);
  return section ? `${base}/sections/${section}#${path === '/budgetLines' ? 'budget-lines' : fieldId(path)}` : base;
}
