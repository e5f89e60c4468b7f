import { Injectable } from '@nestjs/common';
import { type OrganizationActor } from '../access/actor';
import { todayInJapan } from '../common/dates';
import { CyclesService } from '../cycles/cycles.service';
import { type FiscalYearCycle } from '../cycles/fiscal-year-cycle.entity';
import { reportSubmission } from '../reports/report/report-view';
import { ReportListItem } from '../reports/reports.controller';
import {
  PLANNING_LISTS,
  type PlanningList,
  type ReportFilters,
  type ReportSort,
  ReportsRepository,
  type ReportWithAttention,
} from '../reports/report/reports.repository';
import { AssignmentView } from '../reports/reviews/reviews.dto';
import { type AssignmentWithReport, ReviewsRepository } from '../reports/reviews/reviews.repository';
import { ReportAction, rolesFor, statesFor } from '../reports/rules/report-workflow';
import { deadlineOf, reportBadges } from './report-badges';
import { DraftProgress, MyTasksView, OpinionTask, ReportTask } from './tasks.dto';

/** The submission deadline of each fiscal year with a cycle. */
export type SubmissionDueDates = ReadonlyMap<number, string>;

export function submissionDueDates(cycles: readonly FiscalYearCycle[]): SubmissionDueDates {
  return new Map(cycles.map((cycle) => [cycle.fiscalYear, cycle.submissionDueDate]));
}

/** A draft is due by its year's submission deadline (the rules' submit). */
const SUBMITTABLE = statesFor(ReportAction.Submit);
/** An expert's opinion is awaited while its report is in review (the rules' enter_opinion). */
const OPINION_STATES = statesFor(ReportAction.EnterOpinion);

/**
 * 対応が必要 and the badges of every report list: what waits for whom, from the same queries for the pages and
 * the API. Whether a role acts on a list at all is the workflow rules' answer (rolesFor).
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly cycles: CyclesService,
  ) {}

  /**
   * The reports of a list page (every visible one that matches, in list or the chosen order), each with its badges.
   * Here and below, a page that read the organization's cycles already passes their due dates, read once per page.
   */
  async reportList(
    actor: OrganizationActor,
    filters: ReportFilters,
    sort?: ReportSort,
    dueDates?: SubmissionDueDates,
  ): Promise<ReportTask[]> {
    const today = todayInJapan();
    const [entries, due] = await Promise.all([
      this.reports.listWithAttention(actor, filters, today, sort),
      dueDates ?? this.dueDatesOf(actor),
    ]);
    return entries.map((entry) => reportTask(entry, due, today));
  }

  /** 事業担当課: returned drafts first, then unanswered questions, then the nearest deadline; each draft how far it is. */
  async ownerTasks(actor: OrganizationActor, dueDates?: SubmissionDueDates): Promise<ReportTask[]> {
    const today = todayInJapan();
    const [entries, due] = await Promise.all([this.awaitingOwner(actor, today), dueDates ?? this.dueDatesOf(actor)]);
    const progress = await this.progressOf(actor, entries);
    return entries.map((entry) => reportTask(entry, due, today, progress)).sort(byUrgency);
  }

  /**
   * 自分の報告: every report the caller sees, and what of it waits for them (ownerTasks); each of their own drafts
   * in either list with how far it is, read once for both.
   */
  async ownReports(
    actor: OrganizationActor,
    dueDates: SubmissionDueDates,
  ): Promise<{ reports: ReportTask[]; waiting: ReportTask[] }> {
    const today = todayInJapan();
    const [reports, waiting] = await Promise.all([
      this.reports.listWithAttention(actor, {}, today),
      this.awaitingOwner(actor, today),
    ]);
    const progress = await this.progressOf(actor, [...reports, ...waiting]);
    const tasksOf = (entries: ReportWithAttention[]) =>
      entries.map((entry) => reportTask(entry, dueDates, today, progress));
    return { reports: tasksOf(reports), waiting: tasksOf(waiting).sort(byUrgency) };
  }

  /**
   * 企画政策課, in the order of the workflow: submissions to check, overdue opinions to chase, reviews whose opinions
   * are all in to consolidate, evaluations to propose a policy for, proposals the caller may approve, and decisions
   * (and corrections) to publish.
   */
  async planningTasks(
    actor: OrganizationActor,
    dueDates?: SubmissionDueDates,
  ): Promise<Omit<MyTasksView, 'owner' | 'opinionsToGive' | 'total'>> {
    const today = todayInJapan();
    const [lists, overdue, due] = await Promise.all([
      this.reports.planningLists(
        actor,
        today,
        PLANNING_LISTS.filter((action) => acts(actor, action)),
      ),
      this.reviews.overdueOpinions(actor, today),
      dueDates ?? this.dueDatesOf(actor),
    ]);
    const tasksOf = (action: PlanningList) => lists[action].map((entry) => reportTask(entry, due, today));
    return {
      toCheck: tasksOf(ReportAction.Accept),
      overdueOpinions: overdue.map((entry) => opinionTask(entry, today)),
      toConsolidate: tasksOf(ReportAction.Evaluate),
      toPropose: tasksOf(ReportAction.ProposePolicy),
      toApprove: tasksOf(ReportAction.ApprovePolicy),
      toPublish: tasksOf(ReportAction.Publish),
    };
  }

  /** 外部有識者: the caller's assignments, those awaiting their opinion (by due date) apart from the rest. */
  async expertTasks(actor: OrganizationActor): Promise<{ waiting: OpinionTask[]; others: OpinionTask[] }> {
    if (!acts(actor, ReportAction.EnterOpinion)) return { waiting: [], others: [] };
    const today = todayInJapan();
    const tasks = (await this.reviews.assignmentsOfExpert(actor, today)).map((entry) => opinionTask(entry, today));
    return {
      waiting: tasks.filter((task) => task.deadline !== null),
      others: tasks.filter((task) => task.deadline === null),
    };
  }

  /** Everything that waits for the caller in the organization, as the API returns it. */
  async myTasks(actor: OrganizationActor): Promise<MyTasksView> {
    const [dueDates, expert] = await Promise.all([this.dueDatesOf(actor), this.expertTasks(actor)]);
    const [owner, planning] = await Promise.all([
      this.ownerTasks(actor, dueDates),
      this.planningTasks(actor, dueDates),
    ]);
    const lists = { owner, ...planning, opinionsToGive: expert.waiting };
    return { ...lists, total: Object.values(lists).reduce((sum, list) => sum + list.length, 0) };
  }

  /** For the organization picker: the opinions each organization still awaits from the caller, by organization. */
  async opinionsAwaitedFrom(userId: string): Promise<Map<string, { open: number; overdue: number }>> {
    const counts = await this.reviews.opinionsAwaitedFrom(userId, todayInJapan());
    return new Map(counts.map(({ organizationId, open, overdue }) => [organizationId, { open, overdue }]));
  }

  private async awaitingOwner(actor: OrganizationActor, today: string): Promise<ReportWithAttention[]> {
    return acts(actor, ReportAction.Edit) ? this.reports.awaitingOwner(actor, today) : [];
  }

  /**
   * How far each of the caller's own drafts among the entries is, judged as the report page judges it; the drafts
   * are read in one query, however many the lists hold.
   */
  private async progressOf(
    actor: OrganizationActor,
    entries: ReportWithAttention[],
  ): Promise<ReadonlyMap<string, DraftProgress>> {
    if (!acts(actor, ReportAction.Submit)) return new Map();
    const drafts = entries.filter(({ report }) => SUBMITTABLE.includes(report.status)).map(({ report }) => report.id);
    const reports = await this.reports.ownDraftsInFull(actor, [...new Set(drafts)]);
    return new Map(reports.map((report) => [report.id, DraftProgress.of(reportSubmission(report, report.project!))]));
  }

  private async dueDatesOf(actor: OrganizationActor): Promise<SubmissionDueDates> {
    return submissionDueDates(await this.cycles.list(actor.organizationId));
  }
}

/** Whether any of the caller's roles may ever do the action (their relation to each report is the query's part). */
function acts(actor: OrganizationActor, action: ReportAction): boolean {
  return rolesFor(action).some((role) => actor.roles.includes(role));
}

/**
 * A report's deadline is its year's submission deadline, while it is a draft to submit; `progress` has how far the
 * list's own drafts are, where the list shows it.
 */
function reportTask(
  { report, attention }: ReportWithAttention,
  dueDates: SubmissionDueDates,
  today: string,
  progress?: ReadonlyMap<string, DraftProgress>,
): ReportTask {
  const draftProgress = progress?.get(report.id);
  const dueDate = SUBMITTABLE.includes(report.status) ? dueDates.get(report.fiscalYear) : undefined;
  const deadline = dueDate ? deadlineOf(dueDate, today) : null;
  return {
    report: ReportListItem.from(report),
    badges: reportBadges({ ...attention, deadline }),
    returnReason: attention.returnReason,
    openQuestions: attention.openQuestions,
    deadline,
    opinions: {
      asked: attention.opinionsAsked,
      given: attention.opinionsGiven,
      overdue: attention.overdueOpinions,
      nextDue: attention.nextOpinionDue,
    },
    ...(draftProgress && { progress: draftProgress }),
  };
}

/** An assignment's deadline is its own due date, while its opinion is awaited; other experts' delays are not its. */
function opinionTask({ assignment, report, attention }: AssignmentWithReport, today: string): OpinionTask {
  const awaited = !assignment.opinionSubmittedAt && OPINION_STATES.includes(report.status);
  const deadline = awaited ? deadlineOf(assignment.dueDate, today) : null;
  return {
    report: ReportListItem.from(report),
    assignment: AssignmentView.from(assignment),
    badges: reportBadges({ ...attention, overdueOpinions: 0, deadline }),
    deadline,
  };
}

/** Returned first, then unanswered questions, then the nearest deadline (none last), then list order. */
function byUrgency(a: ReportTask, b: ReportTask): number {
  const rank = (task: ReportTask) => (task.returnReason !== null ? 0 : task.openQuestions > 0 ? 1 : 2);
  const daysLeft = (task: ReportTask) => task.deadline?.daysLeft ?? Number.MAX_SAFE_INTEGER;
  return rank(a) - rank(b) || daysLeft(a) - daysLeft(b);
}
