import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { projectTitle } from '../../projects/project-title';
import {
  Brackets,
  EntityManager,
  type EntityMetadata,
  type EntityTarget,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Not,
  type ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { Department } from '../../organizations/department.entity';
import { Organization } from '../../organizations/organization.entity';
import { GrantProject } from '../../projects/grant-project.entity';
import { GrantType } from '../../projects/grant-type.entity';
import { KpiDefinition } from '../../projects/kpi-definition.entity';
import { entityFromJson, getManyWithJsonParts, type JsonPart, jsonPart } from '../../infra/database/json-relations';
import { keywordCondition, keywordOf, numberOrder, type OrderTerm } from '../../infra/database/list-queries';
import { inserting, insertRows, insertStored } from '../../infra/database/insert-statements';
import { insertInOneStatement, type Statement } from '../../infra/database/one-statement';
import { rawColumnsReader, type RawRow } from '../../infra/database/raw-columns';
import { ACTIVE_ASSIGNMENT_STATUSES, type AwaitedExpert } from '../rules/assignment-status';
import {
  DECIDED_STATUSES,
  ON_THE_RECORD,
  PLAN_FOLLOWING,
  ReportStatus,
  UNDER_CORRECTION,
} from '../rules/report-status';
import { ReportAction, statesFor } from '../rules/report-workflow';
import { endsTheProject, PolicyDecision } from './assessment';
import { AssessmentScale } from './assessment-choices';
import { AssessmentOption } from './assessment-option.entity';
import { choiceOf } from './assessment-options.repository';
import { BudgetLine } from './budget-line.entity';
import { CorrectionOrigin } from './correction-origin.entity';
import { KpiResult } from './kpi-result.entity';
import { PUBLISHED_STATUSES } from './kpi-year-values';
import { type PlanContent, plannedGrantTypeLabel, projectAsPlanned } from './report-plan';
import { ReportEdition } from './report-edition.entity';
import { markPartsWritten, partsWritten } from './parts-written';
import { ReportPlan } from './report-plan.entity';
import { ReportRevision } from './report-revision.entity';
import { ReportWithdrawal } from './report-withdrawal.entity';
import { recordedSnapshot } from './report-view';
import { ResultReport } from './result-report.entity';
import { lockUntilCommit } from '../../infra/database/advisory-lock';

/** Department, grant type, name and number are matched as the list shows them: as planned in the report's year. */
export interface ReportFilters {
  fiscalYear?: number;
  departmentId?: string;
  status?: ReportStatus;
  grantTypeCode?: string;
  /** The reports of these projects only (a page of projects). */
  projectIds?: string[];
  /** Words all in the project's name (full- and half-width forms alike), or its number (exactly, "No.3" or "3"). */
  q?: string;
}

// A report's project as its year's plan copy has it (the project itself for a report without one).
const PLANNED_NUMBER = 'COALESCE(plan.projectNumber, project.projectNumber)';
const PLANNED_NAME = 'COALESCE(plan.name, project.name)';
// The department a list names for a report (asOfItsYear): the one it was published under, else its project's now.
const ON_RECORD = `report.status IN (${ON_THE_RECORD.map((status) => `'${status}'`).join(', ')}) AND plan.reportId IS NOT NULL`;
const LISTED_DEPARTMENT_ID = `CASE WHEN ${ON_RECORD} THEN plan.departmentId ELSE project.departmentId END`;
const LISTED_DEPARTMENT_NAME = `CASE WHEN ${ON_RECORD} THEN plan.departmentName ELSE department.name END`;

/** The orders a report list offers, within each fiscal year (newest year first). */
export const REPORT_SORTS = ['number', 'name', 'department', 'updated'] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];

const REPORT_ORDER: Record<ReportSort, OrderTerm[]> = {
  number: numberOrder(PLANNED_NUMBER),
  name: [[PLANNED_NAME, 'ASC']],
  department: [[LISTED_DEPARTMENT_NAME, 'ASC'], ...numberOrder(PLANNED_NUMBER)],
  updated: [['report.updatedAt', 'DESC']],
};

export interface Page {
  page: number;
  pageSize: number;
}

/** A report row-locked for a change, with the facts the workflow rules need (ReportsRepository.lockVisible). */
export interface LockedReport {
  /** As loadFull reads it. */
  report: ResultReport;
  /** The report's columns as stored, for the change to alter. */
  row: ResultReport;
  /** The experts assigned to it now (pending or accepted). */
  assignedExpertIds: string[];
  /** Those of them whose opinion is awaited (awaitsOpinion). */
  awaitedExperts: AwaitedExpert[];
}

/** What a report waits for, read with it in the same query: its badges and the 対応が必要 lists are made of these. */
export interface ReportAttention {
  /** 差戻し理由: the latest return's reason, while the report is a draft because of it (not resubmitted since). */
  returnReason: string | null;
  /** Experts' questions without an answer, while the owning department may still answer them. */
  openQuestions: number;
  /** Opinions asked of experts whose assignment still counts, and how many of them are in. */
  opinionsAsked: number;
  opinionsGiven: number;
  /** Opinions still awaited (the report in review) whose due date has passed, and the earliest due date awaited. */
  overdueOpinions: number;
  nextOpinionDue: string | null;
}

/**
 * The report columns a list shows (ReportListItem, a board's card) and all that a list, or a KPI ledger besides ⑤,
 * reads of each report: at national scale a year's board holds hundreds of reports, and a project's ledger its years,
 * whose texts ①–⑧ and figures neither shows.
 */
const LISTED_COLUMNS = [
  'id',
  'organizationId',
  'projectId',
  'fiscalYear',
  'status',
  'version',
  'updatedAt',
] as const satisfies readonly (keyof ResultReport)[];

/** A report as visibleOfProjects reads it for a KPI ledger: the columns a list reads, its ⑤ results, plan and project. */
export type ReportOfLedger = Pick<ResultReport, (typeof LISTED_COLUMNS)[number] | 'kpiResults' | 'plan' | 'project'>;

/**
 * What a list shows of a report's project (number, name, department, grant type), of each of the four relations a list
 * joins, its key first: as the list reads it, the planned values of the report's year over the live project's.
 */
const LISTED_RELATION_COLUMNS = [
  ['project', ['id', 'projectNumber', 'name', 'grantTypeCode']],
  ['department', ['id', 'name']],
  ['grantType', ['code', 'label']],
  ['plan', ['reportId', 'projectNumber', 'name', 'departmentName', 'grantTypeCode', 'grantTypeLabel']],
] as const satisfies readonly [string, readonly string[]][];

/** The entity of each relation a list joins, under its alias. */
const LISTED_RELATION_TARGETS: Record<(typeof LISTED_RELATION_COLUMNS)[number][0], EntityTarget<ObjectLiteral>> = {
  project: GrantProject,
  department: Department,
  grantType: GrantType,
  plan: ReportPlan,
};

/** A report's project as a list shows it, as planned in the report's year. */
export interface ListedProject extends Pick<GrantProject, 'id' | 'projectNumber' | 'name' | 'grantTypeCode'> {
  department?: Pick<Department, 'name'>;
  grantType?: Pick<GrantType, 'label'>;
}

/** A revision as a change writes it; the database gives its id and time. */
export type NewRevision = Omit<ReportRevision, 'id' | 'changedAt'>;

/** A report as lists read it: LISTED_COLUMNS, with its project as planned for its year. */
export type ListedReport = Pick<ResultReport, (typeof LISTED_COLUMNS)[number]> & { project: ListedProject };

/**
 * Reads a report from a raw row of a query selected by selectingListedReport (the relations' columns under their
 * aliases), as a list shows it, without TypeORM's hydration of the row.
 */
function listedRowReader(metadataOf: (target: EntityTarget<ObjectLiteral>) => EntityMetadata) {
  const report = rawColumnsReader<ResultReport, (typeof LISTED_COLUMNS)[number]>(
    metadataOf(ResultReport),
    'report',
    LISTED_COLUMNS,
  );
  const [project, department, grantType, plan] = LISTED_RELATION_COLUMNS.map(([alias, columns]) =>
    rawColumnsReader<ObjectLiteral, string>(metadataOf(LISTED_RELATION_TARGETS[alias]), alias, columns),
  );
  return (row: RawRow): ListedReport =>
    asListed({
      ...report(row)!,
      project: {
        ...(project(row) as Pick<GrantProject, 'id' | 'projectNumber' | 'name' | 'grantTypeCode'>),
        department: (department(row) as Pick<Department, 'name'> | null) ?? undefined,
        grantType: (grantType(row) as Pick<GrantType, 'label'> | null) ?? undefined,
      },
      plan: plan(row) as ListedRead['plan'],
    });
}

/**
 * Joins a query's report (`report`) and its project (`project`) with what a list shows of them: the project's
 * department and grant type, and the report's plan (the names and numbers as planned in the report's year).
 */
export function joiningListedRelations<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return query
    .leftJoin('project.department', 'department')
    .leftJoin('project.grantType', 'grantType')
    .leftJoin('report.plan', 'plan');
}

/**
 * What a list selects of a query joined by joiningListedRelations: LISTED_COLUMNS of the report,
 * LISTED_RELATION_COLUMNS of its project and the three joined, and the other `aliases` whole.
 */
export function selectingListedReport<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  ...aliases: string[]
): SelectQueryBuilder<T> {
  return query
    .select(LISTED_COLUMNS.map((column) => `report.${column}`))
    .addSelect([
      ...aliases,
      ...LISTED_RELATION_COLUMNS.flatMap(([alias, columns]) => columns.map((column) => `${alias}.${column}`)),
    ]);
}

/** What a list reads of a report (selectingListedReport), hydrated or read from its raw row (listedRowReader). */
type ListedRead = Pick<ResultReport, (typeof LISTED_COLUMNS)[number]> & {
  project?: Pick<GrantProject, 'id' | 'projectNumber' | 'name' | 'grantTypeCode'> &
    Pick<ListedProject, 'department' | 'grantType'>;
  plan?: Pick<ReportPlan, 'projectNumber' | 'name' | 'departmentName' | 'grantTypeCode' | 'grantTypeLabel'> | null;
};

/** A report read by selectingListedReport as a list shows it: its project's number, name and the rest as planned. */
export function asListed(report: ListedRead): ListedReport {
  const { project, plan } = report;
  return {
    id: report.id,
    organizationId: report.organizationId,
    projectId: report.projectId,
    fiscalYear: report.fiscalYear,
    status: report.status,
    version: report.version,
    updatedAt: report.updatedAt,
    project: plan
      ? {
          id: project!.id,
          projectNumber: plan.projectNumber,
          name: plan.name,
          grantTypeCode: plan.grantTypeCode,
          department: ON_THE_RECORD.includes(report.status) ? { name: plan.departmentName } : project!.department,
          grantType: { label: plannedGrantTypeLabel(plan) },
        }
      : project!,
  };
}

/** A project's latest decided ⑧, with the report it was decided in and the wording it was decided with. */
export interface LatestDecision {
  reportId: string;
  fiscalYear: number;
  decision: PolicyDecision;
  label: string | null;
}

/** A latest decided ⑧ as unreportedOf's subquery builds it (pg parses JSON): id, fiscal year, decision, label. */
type DecidedColumns = [string, number, PolicyDecision, string | null];

/** A project with no report of a fiscal year that it should have (see ReportsRepository.unreportedOf). */
export interface UnreportedProject {
  /** With its department. */
  project: GrantProject;
  /** Its latest decided ⑧ of an earlier year; null when it has none. */
  decision: LatestDecision | null;
}

/** A revision as read for comparing with another: its snapshot as recorded now (recordedSnapshot). */
const recorded = (revision: ReportRevision | null): ReportRevision | null =>
  revision && { ...revision, snapshot: recordedSnapshot(revision.snapshot) };

/** ⑧ kinds after which a project has no further year to report (事業の終了, 事業の中止). */
const ENDING_DECISIONS = Object.values(PolicyDecision).filter(endsTheProject);

export interface ReportWithAttention {
  report: ListedReport;
  attention: ReportAttention;
}

// The states in which each fact still asks something of someone, as the workflow rules say.
const OPEN_QUESTION_STATES = statesFor(ReportAction.AnswerQuestion);
const OPINION_STATES = statesFor(ReportAction.EnterOpinion);

/** A return (差戻し) opens a draft or a correction (訂正) to its owner again; submitting it is what answers the return. */
const RETURNED_STATES = statesFor(ReportAction.Edit);
const SUBMITTED_STATES = [ReportStatus.Submitted, ReportStatus.CorrectionSubmitted];

// Comment kinds are those of report_comments (CommentKind, one layer up). A return counts until the report is
// submitted again: a draft withdrawn after its resubmission is the owner's own, not a returned one, and a correction
// started after a draft's return and resubmission is not returned either.
const RETURN_REASON = `(SELECT returned.body FROM report_comments returned
  WHERE returned.report_id = report.id AND returned.kind = 'return' AND report.status = ANY(:attentionReturned)
    AND NOT EXISTS (SELECT 1 FROM report_revisions resubmitted WHERE resubmitted.report_id = report.id
      AND resubmitted.snapshot ->> 'status' = ANY(:attentionSubmitted) AND resubmitted.changed_at > returned.created_at)
  ORDER BY returned.created_at DESC LIMIT 1)`;
const OPEN_QUESTIONS = `(SELECT count(*)::int FROM report_comments question
  WHERE question.report_id = report.id AND question.kind = 'question' AND report.status = ANY(:attentionAnswerable)
    AND NOT EXISTS (SELECT 1 FROM report_comments answer WHERE answer.parent_id = question.id AND answer.kind = 'answer'))`;
const AWAITED = `asked.opinion_submitted_at IS NULL AND report.status = ANY(:attentionInReview)`;
/**
 * The opinions asked, given and overdue and the next one due, from one pass over the report's active assignments: one
 * subquery where four cost PostgreSQL four plans and four scans per report of a list.
 */
const OPINIONS = `(SELECT json_build_array(count(*), count(*) FILTER (WHERE asked.opinion_submitted_at IS NOT NULL),
    count(*) FILTER (WHERE ${AWAITED} AND asked.due_date < :attentionToday),
    min(asked.due_date) FILTER (WHERE ${AWAITED}))
  FROM review_assignments asked WHERE asked.report_id = report.id AND asked.status = ANY(:attentionActive))`;

/** The actions of 企画政策課 each with a list of 対応が必要 (planningLists), in the order of the workflow. */
export const PLANNING_LISTS = [
  ReportAction.Accept,
  ReportAction.Evaluate,
  ReportAction.ProposePolicy,
  ReportAction.ApprovePolicy,
  ReportAction.Publish,
] as const;
export type PlanningList = (typeof PLANNING_LISTS)[number];

/**
 * Adds the columns of ReportAttention to a query whose report is aliased `report`; read them back with attentionOf.
 * `today` (YYYY-MM-DD, Japan) decides what is overdue.
 */
export function withAttention<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  today: string,
): SelectQueryBuilder<T> {
  return query
    .addSelect(RETURN_REASON, 'attention_return_reason')
    .addSelect(OPEN_QUESTIONS, 'attention_open_questions')
    .addSelect(OPINIONS, 'attention_opinions')
    .setParameters({
      attentionReturned: RETURNED_STATES,
      attentionSubmitted: SUBMITTED_STATES,
      attentionAnswerable: OPEN_QUESTION_STATES,
      attentionActive: ACTIVE_ASSIGNMENT_STATUSES,
      attentionInReview: OPINION_STATES,
      attentionToday: today,
    });
}

/** The attention columns of one raw row of a query built with withAttention. */
export function attentionOf(raw: Record<string, unknown>): ReportAttention {
  // As OPINIONS builds it (pg parses JSON): the dates as YYYY-MM-DD text.
  const [asked, given, overdue, nextDue] = raw.attention_opinions as [number, number, number, string | null];
  return {
    returnReason: (raw.attention_return_reason as string | null) ?? null,
    openQuestions: Number(raw.attention_open_questions),
    opinionsAsked: asked,
    opinionsGiven: given,
    overdueOpinions: overdue,
    nextOpinionDue: nextDue,
  };
}

/** The only place that queries reports. Row-level visibility is applied here and nowhere else. */
@Injectable()
export class ReportsRepository {
  /** A list's raw row as the list shows it (listedRowReader), from the entities' metadata. */
  private readonly listedRow: (row: RawRow) => ListedReport;

  constructor(
    @InjectRepository(ResultReport) private readonly reports: Repository<ResultReport>,
    @InjectRepository(ReportRevision) private readonly revisions: Repository<ReportRevision>,
  ) {
    this.listedRow = listedRowReader((target) => reports.manager.connection.getMetadata(target));
  }

  /**
   * Planning and administrators see their organization's reports; project owners their departments';
   * external experts only the reports assigned to them. A user with several roles sees the union.
   */
  visibleTo(actor: OrganizationActor, manager?: EntityManager): SelectQueryBuilder<ResultReport> {
    return this.visible(actor, manager).addSelect('project');
  }

  /** As visibleTo, with `project` joined but not selected. */
  private visible(actor: OrganizationActor, manager?: EntityManager): SelectQueryBuilder<ResultReport> {
    const query = (manager ? manager.getRepository(ResultReport) : this.reports)
      .createQueryBuilder('report')
      .innerJoin('report.project', 'project')
      .where('report.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (seesWholeOrganization(actor)) return query;
    return query.andWhere(
      new Brackets((visible) => {
        visible.where('false');
        if (actor.roles.includes(Role.ProjectOwner))
          visible.orWhere('project.departmentId = ANY(:departmentIds)', { departmentIds: actor.departmentIds });
        if (actor.roles.includes(Role.ExternalExpert)) {
          visible.orWhere(
            `EXISTS (SELECT 1 FROM review_assignments assignment WHERE assignment.report_id = report.id AND assignment.expert_user_id = :expertUserId AND assignment.status = ANY(:activeStatuses))`,
            { expertUserId: actor.userId, activeStatuses: ACTIVE_ASSIGNMENT_STATUSES },
          );
        }
      }),
    );
  }

  /**
   * One page and the total in one query: every join is to-one, so LIMIT pages the rows themselves (skip/take would
   * first select the page's ids), and a window count says how many match. Past the last page no row says it.
   */
  async list(actor: OrganizationActor, filters: ReportFilters, page: Page): Promise<[ListedReport[], number]> {
    const rows = await this.listedItems(actor, filters)
      .addSelect('count(*) OVER ()', 'total')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getRawMany<RawRow>();
    const total = rows.length > 0 ? Number(rows[0].total) : await this.listed(actor, filters).getCount();
    return [rows.map(this.listedRow), total];
  }

  /**
   * Every visible report that matches, each with what it waits for; one query, no paging. In list order, or newest
   * year first and within a year in the chosen order.
   */
  listWithAttention(
    actor: OrganizationActor,
    filters: ReportFilters,
    today: string,
    sort?: ReportSort,
  ): Promise<ReportWithAttention[]> {
    const query = this.listedItems(actor, filters);
    if (sort) {
      query.orderBy('report.fiscalYear', 'DESC');
      for (const [term, order] of REPORT_ORDER[sort]) query.addOrderBy(term, order, 'NULLS LAST');
      query.addOrderBy(PLANNED_NAME, 'ASC').addOrderBy('report.id', 'ASC');
    }
    return readAttentive(withAttention(query, today), this.listedRow);
  }

  /**
   * 事業担当課: the reports of the caller's own departments that wait for them — drafts (returned ones with the
   * reason), reports under correction, and reports with questions they have not answered.
   */
  awaitingOwner(actor: OrganizationActor, today: string): Promise<ReportWithAttention[]> {
    const query = this.attentive(actor, today)
      .andWhere('project.departmentId = ANY(:ownDepartmentIds)', { ownDepartmentIds: actor.departmentIds })
      .andWhere(
        new Brackets((waiting) =>
          waiting
            .where('report.status = ANY(:editable)', { editable: statesFor(ReportAction.Edit) })
            .orWhere(`${OPEN_QUESTIONS} > 0`),
        ),
      );
    return readAttentive(query, this.listedRow);
  }

  /**
   * 企画政策課's lists of 対応が必要, those of `lists`, in one query (the start page's and the year board's cost):
   * submissions to check, reviews whose assigned experts have all given their opinion (評価の取りまとめ), evaluations to
   * propose a policy for, proposals the caller may approve (never their own: the rules' not_the_proposer) and decisions
   * to publish (never a correction whose ⑧ the caller corrected: not_the_policy_corrector; no one corrected anything of
   * a report in the other lists' states). Each list holds the reports of its action's states, in list order.
   */
  async planningLists(
    actor: OrganizationActor,
    today: string,
    lists: readonly PlanningList[],
  ): Promise<Record<PlanningList, ReportWithAttention[]>> {
    const states = [...new Set(lists.flatMap((list) => statesFor(list)))];
    const entries = states.length
      ? await readAttentive(
          this.attentive(actor, today)
            .andWhere('report.status = ANY(:listed)', { listed: states })
            .andWhere('(report.status <> ALL(:approvable) OR report.proposedBy IS DISTINCT FROM :actorId)', {
              approvable: statesFor(ReportAction.ApprovePolicy),
              actorId: actor.userId,
            })
            .andWhere('(report.policyCorrectedBy IS NULL OR :actorId <> ALL(report.policyCorrectedBy))'),
          this.listedRow,
        )
      : [];
    // A review waits for 取りまとめ once every expert still asked has given an opinion: read from the attention
    // columns the list has anyway, as a condition in SQL made PostgreSQL scan every assignment of the country.
    const opinionsAllIn = ({ attention }: ReportWithAttention) =>
      attention.opinionsAsked > 0 && attention.opinionsGiven === attention.opinionsAsked;
    return Object.fromEntries(
      PLANNING_LISTS.map((list) => [
        list,
        entries.filter(
          (entry) =>
            lists.includes(list) &&
            statesFor(list).includes(entry.report.status) &&
            (list !== ReportAction.Evaluate || opinionsAllIn(entry)),
        ),
      ]),
    ) as Record<PlanningList, ReportWithAttention[]>;
  }

  /** The visible reports matching the filters, with what a list shows, in list order. */
  private listed(
    actor: OrganizationActor,
    filters: ReportFilters,
    manager?: EntityManager,
  ): SelectQueryBuilder<ResultReport> {
    const query = joiningListedRelations(this.visibleTo(actor, manager))
      .addSelect(['department', 'grantType', 'plan'])
      .orderBy('report.fiscalYear', 'DESC')
      .addOrderBy('project.projectNumber', 'ASC', 'NULLS LAST')
      .addOrderBy('project.name', 'ASC');
    if (filters.fiscalYear) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear: filters.fiscalYear });
    if (filters.departmentId)
      query.andWhere(`${LISTED_DEPARTMENT_ID} = :departmentId`, {
        departmentId: filters.departmentId,
      });
    if (filters.status) query.andWhere('report.status = :status', { status: filters.status });
    if (filters.projectIds) query.andWhere('report.projectId = ANY(:projectIds)', { projectIds: filters.projectIds });
    if (filters.grantTypeCode)
      query.andWhere('COALESCE(plan.grantTypeCode, project.grantTypeCode) = :grantTypeCode', {
        grantTypeCode: filters.grantTypeCode,
      });
    const keyword = keywordOf(filters.q);
    if (keyword) query.andWhere(...keywordCondition(keyword, [PLANNED_NAME], PLANNED_NUMBER));
    return query;
  }

  /** 一括公表, 一括受理: the reports of a fiscal year in one state the caller may see, in list order (No, then name). */
  async inStatusOfFiscalYear(
    actor: OrganizationActor,
    fiscalYear: number,
    status: ReportStatus,
    manager?: EntityManager,
  ): Promise<ResultReport[]> {
    const reports = await this.listed(actor, { fiscalYear, status }, manager).getMany();
    return reports.map(asOfItsYear);
  }

  private attentive(actor: OrganizationActor, today: string): SelectQueryBuilder<ResultReport> {
    return withAttention(this.listedItems(actor, {}), today);
  }

  private listedItems(actor: OrganizationActor, filters: ReportFilters): SelectQueryBuilder<ResultReport> {
    return selectingListedReport(this.listed(actor, filters));
  }

  /**
   * The organization's reports among `reportIds` as lists name them, by id: fiscal year and project title, with the
   * state and version they are in now; a report deleted since (a draft) is absent.
   */
  async titlesOf(
    organizationId: string,
    reportIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, { fiscalYear: number; projectTitle: string; status: ReportStatus; version: number }>> {
    if (reportIds.length === 0) return new Map();
    const reports = await (manager ?? this.reports.manager).getRepository(ResultReport).find({
      select: {
        id: true,
        fiscalYear: true,
        status: true,
        version: true,
        project: { id: true, projectNumber: true, name: true },
        plan: { reportId: true, projectNumber: true, name: true },
      },
      relations: { project: true, plan: true },
      where: { organizationId, id: In([...new Set(reportIds)]) },
    });
    return new Map(
      reports.map((report) => [
        report.id,
        {
          fiscalYear: report.fiscalYear,
          // As the report names its project (its own year's plan): a published report keeps the name it went out with.
          projectTitle: projectTitle(report.plan ?? report.project!),
          status: report.status,
          version: report.version,
        },
      ]),
    );
  }

  async isVisible(actor: OrganizationActor, reportId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.visible(actor, manager).andWhere('report.id = :reportId', { reportId }).getCount()) > 0;
  }

  /**
   * Row lock for a change of a report the actor may see (null when they may not), with the report as loadFull reads it
   * (earlier years included) and the experts assigned to it, read once the lock is held.
   */
  async lockVisible(manager: EntityManager, actor: OrganizationActor, reportId: string): Promise<LockedReport | null> {
    // The lock in a statement of its own: after waiting for it, PostgreSQL reads again the locked row alone, and the rest
    // of the statement as it stood before the wait. The next statement reads everything as the change before committed.
    const row = await this.lockForChange(manager, actor.organizationId, reportId);
    if (!row) return null;
    const query = this.visibleTo(actor, manager)
      .andWhere('report.id = :reportId', { reportId })
      .addSelect(
        `(SELECT coalesce(json_agg(json_build_object('expertUserId', active.expert_user_id, 'name', expert.display_name,
            'status', active.status, 'awaited', active.opinion_submitted_at IS NULL) ORDER BY expert.display_name), '[]')
          FROM review_assignments active JOIN users expert ON expert.id = active.expert_user_id
          WHERE active.report_id = report.id AND active.status = ANY(:assignedStatuses))`,
        'assigned_experts',
      )
      .setParameter('assignedStatuses', ACTIVE_ASSIGNMENT_STATUSES);
    const {
      entities: [report],
      raw,
    } = await readWithReadModelParts(query);
    if (!report) return null;
    learnFromEarlierYears(manager, [report], raw);
    const assigned = raw[0].assigned_experts as (AwaitedExpert & { awaited: boolean })[];
    return {
      report: asOfItsYear(report),
      row,
      assignedExpertIds: assigned.map((expert) => expert.expertUserId),
      awaitedExperts: assigned.filter((expert) => expert.awaited).map(({ awaited: _awaited, ...expert }) => expert),
    };
  }

  /**
   * Key-share lock on the project of a report about to be opened for editing again, taken before the report's own row
   * lock (as a report starting takes it): the change then waits for an edit of the project under way and reads the plan
   * it left, and an edit waits for the change, then finds the report among those that follow it.
   */
  async lockProjectOf(manager: EntityManager, reportId: string): Promise<void> {
    await manager
      .getRepository(GrantProject)
      .createQueryBuilder('project')
      .select('project.id')
      .where('project.id = (SELECT report.project_id FROM result_reports report WHERE report.id = :reportId)', {
        reportId,
      })
      .setLock('for_key_share')
      .getRawMany();
  }

  /** In any organization and share: whether a report the caller may not see is out of scope or unknown. */
  existsAnywhere(reportId: string): Promise<boolean> {
    return this.reports.existsBy({ id: reportId });
  }

  /**
   * The report with everything its read model needs, its project as planned that year; call once the caller is known
   * to see it (isVisible, lockVisible).
   */
  async loadFull(reportId: string, manager?: EntityManager): Promise<ResultReport | null> {
    const on = manager ?? this.reports.manager;
    const query = on
      .getRepository(ResultReport)
      .createQueryBuilder('report')
      .innerJoinAndSelect('report.project', 'project');
    return this.readFull(on, query.where('report.id = :reportId', { reportId }));
  }

  /** loadFull of a report the actor may see; null when they may not. */
  loadVisible(actor: OrganizationActor, reportId: string): Promise<ResultReport | null> {
    return this.readFull(this.reports.manager, this.visibleTo(actor).andWhere('report.id = :reportId', { reportId }));
  }

  /** One report of a query of `report` with its `project`: its parts in the same query, earlier years in one more. */
  private async readFull(
    manager: EntityManager,
    query: SelectQueryBuilder<ResultReport>,
  ): Promise<ResultReport | null> {
    const {
      entities: [report],
      raw,
    } = await readWithReadModelParts(query);
    if (!report) return null;
    learnFromEarlierYears(manager, [report], raw);
    return asOfItsYear(report);
  }

  /** A draft follows its project: its copy is replaced by what the project is now. */
  async replacePlan(manager: EntityManager, reportId: string, plan: PlanContent): Promise<void> {
    markPartsWritten(manager, [reportId]);
    await manager.update(ReportPlan, { reportId }, plan);
  }

  /**
   * A correction starting takes its edition's plan as its copy anew: the amendments made from now on are those it may
   * follow (PlanFollowers).
   */
  async retakePlan(manager: EntityManager, reportId: string): Promise<void> {
    markPartsWritten(manager, [reportId]);
    await manager.update(ReportPlan, { reportId }, { createdAt: () => 'CURRENT_TIMESTAMP' });
  }

  /** A report about to be published records the department responsible for it now, as it is published under it. */
  async recordPlanDepartment(manager: EntityManager, reportId: string, department: Department): Promise<void> {
    markPartsWritten(manager, [reportId]);
    await manager.update(ReportPlan, { reportId }, { departmentId: department.id, departmentName: department.name });
  }

  /**
   * The reports of a project (from a fiscal year on) whose plan copies follow it — drafts, and reports being corrected
   * (訂正中), which are open for editing again — row-locked in id order and read as loadFull reads them, in one
   * statement. PostgreSQL reads a locked row again once a change holding it commits (a report submitted, published or
   * deleted meanwhile is left out), yet the rest of the statement as it was when it started: a report changed while
   * the statement waited for it is read again, whole.
   */
  async lockPlanFollowersOf(
    manager: EntityManager,
    projectId: string,
    fromFiscalYear: number | null,
  ): Promise<ResultReport[]> {
    const query = manager
      .getRepository(ResultReport)
      .createQueryBuilder('report')
      .innerJoinAndSelect('report.project', 'project')
      .where('report.projectId = :projectId', { projectId })
      .andWhere('report.status IN (:...followingStatuses)', { followingStatuses: PLAN_FOLLOWING })
      // The version as the statement started: another than the locked row's means the report changed meanwhile.
      .addSelect(
        '(SELECT started.version FROM result_reports started WHERE started.id = report.id)',
        'version_at_start',
      )
      .orderBy('report.id', 'ASC')
      .setLock('pessimistic_write', undefined, ['report']);
    if (fromFiscalYear !== null) query.andWhere('report.fiscalYear >= :fromFiscalYear', { fromFiscalYear });
    const { entities, raw } = await readWithReadModelParts(query);
    learnFromEarlierYears(manager, entities, raw);
    const versionAtStart = new Map(raw.map((row) => [row.report_id, row.version_at_start]));
    const followers: ResultReport[] = [];
    for (const report of entities)
      followers.push(
        versionAtStart.get(report.id) === report.version
          ? asOfItsYear(report)
          : (await this.loadFull(report.id, manager))!,
      );
    return followers;
  }

  /**
   * Whether a report of the project is past draft, once the changes of its reports under way have committed: the
   * reports stay share-locked until the caller's transaction ends, so none leaves draft before it does.
   */
  async lockedPastDraft(manager: EntityManager, projectId: string): Promise<boolean> {
    const reports = await manager.find(ResultReport, {
      where: { projectId },
      select: { id: true, status: true },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_read' },
    });
    return reports.some((report) => report.status !== ReportStatus.Draft);
  }

  /**
   * Writes the columns a change altered in the row-locked report (compared with `asLocked`, the row as locked) and moves
   * its version on by one, in one statement: save() would first read the row again to find them. The version moves on
   * even when no column changed, since a change of the report's parts is a new version too. Returns `report` with the
   * version and time it was written at.
   */
  async writeChange(manager: EntityManager, asLocked: ResultReport, report: ResultReport): Promise<ResultReport> {
    const changed = manager.getRepository(ResultReport).metadata.columns.filter(
      (column) =>
        !column.isVersion &&
        !column.isUpdateDate &&
        // As JSON, the form in which a column's value (dates, jsonb) compares by content.
        JSON.stringify(column.getEntityValue(asLocked)) !== JSON.stringify(column.getEntityValue(report)),
    );
    const result = await manager
      .createQueryBuilder()
      .update(ResultReport)
      .set(Object.fromEntries(changed.map((column) => [column.propertyName, column.getEntityValue(report)])))
      .where('id = :id', { id: report.id })
      .returning(['version', 'updatedAt'])
      .execute();
    const [{ version, updated_at: updatedAt }] = result.raw as { version: number; updated_at: Date }[];
    return Object.assign(report, { version, updatedAt });
  }

  /**
   * The report as a change that wrote only its row (writeChange) left it, read as loadFull would read it: `before`'s
   * parts and earlier years with the row as written — when the earlier years are read the same way for both states.
   * A draft looks its previous decision up afresh and a published report reads no later record, so a change into a
   * draft or across publication is read again; so is one that wrote the report's parts (see parts-written.ts).
   */
  async afterChange(manager: EntityManager, before: ResultReport, written: ResultReport): Promise<ResultReport> {
    const published = (status: ReportStatus) => PUBLISHED_STATUSES.includes(status);
    const readAlike =
      published(before.status) === published(written.status) &&
      (written.status !== ReportStatus.Draft || before.status === ReportStatus.Draft);
    if (partsWritten(manager, written.id) || !readAlike) return (await this.loadFull(written.id, manager))!;
    return withColumnsOf(manager, Object.assign(manager.create(ResultReport), before), written);
  }

  /** Row lock for a change: concurrent edits of one report serialize here. */
  lockForChange(manager: EntityManager, organizationId: string, reportId: string): Promise<ResultReport | null> {
    return manager.findOne(ResultReport, {
      where: { id: reportId, organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Experts currently assigned (pending or accepted) to a report: the fact the workflow rules need about reviews. */
  async assignedExpertIds(reportId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { expert_user_id: string }[] = await (manager ?? this.reports.manager).query(
      'SELECT expert_user_id FROM review_assignments WHERE report_id = $1 AND status = ANY($2)',
      [reportId, ACTIVE_ASSIGNMENT_STATUSES],
    );
    return rows.map((row) => row.expert_user_id);
  }

  /**
   * New report rows in one statement; each comes back as stored (generated and default values included), so the caller
   * (ReportDrafts) builds its first revision without reading it back.
   */
  async insertAll(manager: EntityManager, reports: Partial<ResultReport>[]): Promise<ResultReport[]> {
    return insertStored(manager, ResultReport, reports);
  }

  /** The plan copies of reports just inserted, in one statement; they come back as stored. */
  async insertPlans(manager: EntityManager, plans: (PlanContent & { reportId: string })[]): Promise<ReportPlan[]> {
    markPartsWritten(
      manager,
      plans.map((plan) => plan.reportId),
    );
    return insertStored(manager, ReportPlan, plans);
  }

  /**
   * ④ lines of reports just inserted (a report may have 100), in as few statements as PostgreSQL allows; they come back
   * as stored.
   */
  async insertBudgetLines(manager: EntityManager, lines: Omit<BudgetLine, 'id' | 'report'>[]): Promise<BudgetLine[]> {
    markPartsWritten(
      manager,
      lines.map((line) => line.reportId),
    );
    return insertStored(manager, BudgetLine, lines);
  }

  /** ⑤ results of reports just inserted, in one statement; they come back as stored. */
  async insertKpiResults(manager: EntityManager, results: Omit<KpiResult, 'id' | 'report'>[]): Promise<KpiResult[]> {
    markPartsWritten(
      manager,
      results.map((result) => result.reportId),
    );
    return insertStored(manager, KpiResult, results);
  }

  /** Moves reports just written into the state they arrive in, in one statement; returns what that changed in each row. */
  async setStatusOfAll(
    manager: EntityManager,
    reportIds: string[],
    status: ReportStatus,
  ): Promise<Pick<ResultReport, 'id' | 'status' | 'version' | 'updatedAt'>[]> {
    if (reportIds.length === 0) return [];
    const updated = await manager
      .createQueryBuilder()
      .update(ResultReport)
      .set({ status })
      .whereInIds(reportIds)
      .returning(['id', 'version', 'updatedAt'])
      .execute();
    return (updated.raw as { id: string; version: number; updated_at: Date }[]).map((row) => ({
      id: row.id,
      status,
      version: row.version,
      updatedAt: row.updated_at,
    }));
  }

  /** The organization as a report's read model takes it (loadFull reads it with the report). */
  organizationOf(manager: EntityManager, organizationId: string): Promise<Organization> {
    return manager.findOneByOrFail(Organization, { id: organizationId });
  }

  /** ④ lines in form order; replaces whatever the report had. */
  async replaceBudgetLines(
    manager: EntityManager,
    reportId: string,
    lines: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[],
  ): Promise<void> {
    markPartsWritten(manager, [reportId]);
    await manager.delete(BudgetLine, { reportId });
    await insertRows(
      manager,
      BudgetLine,
      lines.map((line, position) => ({ ...line, reportId, position })),
    );
  }

  /** ⑤ results, one per KPI position; replaces whatever the report had. */
  async replaceKpiResults(
    manager: EntityManager,
    reportId: string,
    results: Omit<KpiResult, 'id' | 'reportId' | 'report'>[],
  ): Promise<void> {
    markPartsWritten(manager, [reportId]);
    await manager.delete(KpiResult, { reportId });
    await insertRows(
      manager,
      KpiResult,
      results.map((result) => ({ ...result, reportId })),
    );
  }

  /**
   * Keeps the report's rows as they stand (CorrectionOrigin), as the correction about to start finds them: the values of
   * its latest edition, which cancelling the correction restores (restoreCorrectionOrigin).
   */
  async keepCorrectionOrigin(manager: EntityManager, reportId: string): Promise<void> {
    await manager.query(
      `INSERT INTO report_correction_origins (report_id, organization_id, report_row, budget_lines, kpi_results, plan,
         project)
       SELECT report.id, report.organization_id, to_jsonb(report),
         (SELECT coalesce(jsonb_agg(to_jsonb(line) ORDER BY line.position), '[]') FROM budget_lines line
           WHERE line.report_id = report.id),
         (SELECT coalesce(jsonb_agg(to_jsonb(kpi) ORDER BY kpi.position), '[]') FROM kpi_results kpi
           WHERE kpi.report_id = report.id),
         (SELECT to_jsonb(copy) FROM report_plans copy WHERE copy.report_id = report.id),
         (SELECT to_jsonb(project) FROM grant_projects project WHERE project.id = report.project_id)
       FROM result_reports report WHERE report.id = $1
       ON CONFLICT (report_id) DO UPDATE SET report_row = excluded.report_row, budget_lines = excluded.budget_lines,
         kpi_results = excluded.kpi_results, plan = excluded.plan, project = excluded.project`,
      [reportId],
    );
  }

  /**
   * What a correction of the report started from (keepCorrectionOrigin): its plan copy, the edition's, and its project
   * as it was then; null for a correction started before the project was kept.
   */
  async correctionStartOf(
    manager: EntityManager,
    reportId: string,
  ): Promise<{ plan: PlanContent; project: GrantProject } | null> {
    const origin = await manager.findOneBy(CorrectionOrigin, { reportId });
    if (!origin?.plan || !origin.project) return null;
    const {
      reportId: _reportId,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      ...plan
    } = entityFromJson(manager.connection, ReportPlan, origin.plan);
    return { plan, project: entityFromJson(manager.connection, GrantProject, origin.project) };
  }

  /**
   * Puts back the rows keepCorrectionOrigin kept: the parts written here, the row's columns onto `report` (row-locked
   * for the change, which writes them). False, writing nothing, when none were kept (a correction started before).
   */
  async restoreCorrectionOrigin(manager: EntityManager, report: ResultReport): Promise<boolean> {
    const origin = await manager.findOneBy(CorrectionOrigin, { reportId: report.id });
    if (!origin) return false;
    const kept = <T extends ObjectLiteral>(target: EntityTarget<T>, row: Record<string, unknown>) =>
      entityFromJson(manager.connection, target, row);
    withColumnsOf(manager, report, kept(ResultReport, origin.reportRow));
    await this.replaceBudgetLines(
      manager,
      report.id,
      origin.budgetLines.map((row) => kept(BudgetLine, row)),
    );
    await this.replaceKpiResults(
      manager,
      report.id,
      origin.kpiResults.map((row) => kept(KpiResult, row)),
    );
    if (origin.plan) {
      const { reportId, createdAt, updatedAt, ...plan } = kept(ReportPlan, origin.plan);
      await this.replacePlan(manager, reportId, plan);
    }
    return true;
  }

  /**
   * 公表の取消 for the public record (ReportWithdrawal), as `report` (row-locked, its withdrawnAt and reason just set)
   * says: the report's columns are cleared when it is published again, this row stays. The edition withdrawn is its
   * latest; a report published before editions were kept has its frozen row as edition 1.
   */
  async recordWithdrawal(manager: EntityManager, report: ResultReport): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ReportWithdrawal)
      .values({
        organizationId: report.organizationId,
        reportId: report.id,
        fiscalYear: report.fiscalYear,
        edition: () => '(SELECT coalesce(max(edition), 1) FROM report_editions WHERE report_id = :reportId)',
        withdrawnAt: report.withdrawnAt!,
        reason: report.withdrawalReason!,
      })
      .setParameter('reportId', report.id)
      .execute();
  }

  async delete(manager: EntityManager, reportId: string): Promise<void> {
    await manager.delete(ReportRevision, { reportId });
    await manager.delete(ResultReport, { id: reportId });
  }

  /** Revisions in one statement (an insert: save() would first work out what to write and read it back). */
  async insertRevisions(manager: EntityManager, revisions: NewRevision[]): Promise<void> {
    await insertInOneStatement(manager, [this.insertingRevisions(manager, revisions)]);
  }

  /** The insert of `insertRevisions`, for a change that sends it with its other rows; none for none. */
  insertingRevisions(manager: EntityManager, revisions: NewRevision[]): Statement | undefined {
    return inserting(manager, ReportRevision, revisions);
  }

  /** Newest first, without their snapshots: a list of when and by whom, each snapshot read only when compared. */
  listRevisions(organizationId: string, reportId: string): Promise<Omit<ReportRevision, 'snapshot'>[]> {
    return this.revisions.find({
      select: { id: true, organizationId: true, reportId: true, version: true, changedBy: true, changedAt: true },
      where: { organizationId, reportId },
      order: { version: 'DESC' },
    });
  }

  async findRevision(organizationId: string, reportId: string, version: number): Promise<ReportRevision | null> {
    return recorded(await this.revisions.findOneBy({ organizationId, reportId, version }));
  }

  /**
   * The report's content as it was at `version`: its latest revision at or before it (a change of nothing in the
   * report's own content, an expert's opinion, moves the version on without a revision). Inside the caller's
   * transaction if given one.
   */
  async revisionAsOf(
    organizationId: string,
    reportId: string,
    version: number,
    manager?: EntityManager,
  ): Promise<ReportRevision | null> {
    return recorded(
      await (manager?.getRepository(ReportRevision) ?? this.revisions).findOne({
        where: { organizationId, reportId, version: LessThanOrEqual(version) },
        order: { version: 'DESC' },
      }),
    );
  }

  /**
   * The version the latest 差戻し sent back: the last one submitted before it (comment kinds as in
   * RETURN_REASON); null when the report was never returned.
   */
  async versionReturned(organizationId: string, reportId: string): Promise<number | null> {
    const row = await this.revisions
      .createQueryBuilder('revision')
      .select('max(revision.version)::int', 'version')
      .where('revision.organizationId = :organizationId', { organizationId })
      .andWhere('revision.reportId = :reportId', { reportId })
      .andWhere(`revision.snapshot ->> 'status' = ANY(:submitted)`, { submitted: SUBMITTED_STATES })
      .andWhere(
        `revision.changedAt < (SELECT max(returned.created_at) FROM report_comments returned
          WHERE returned.report_id = revision.report_id AND returned.kind = 'return')`,
      )
      .getRawOne<{ version: number | null }>();
    return row?.version ?? null;
  }

  /**
   * Until the caller's transaction ends, reports of each (organization, fiscal year) start in one transaction at a time,
   * the locks taken in one order against deadlocks: a report a caller finds missing is still missing when it writes it.
   */
  async lockStartsOf(manager: EntityManager, years: { organizationId: string; fiscalYear: number }[]): Promise<void> {
    const keys = new Set(
      years.map(({ organizationId, fiscalYear }) => `report-starts:${organizationId}:${fiscalYear}`),
    );
    for (const key of [...keys].sort()) await lockUntilCommit(manager, key);
  }

  /** Which of the projects already have a report of the year, in one query. */
  async projectsWithReportOf(manager: EntityManager, projectIds: string[], fiscalYear: number): Promise<Set<string>> {
    const reports = await manager.find(ResultReport, {
      select: { projectId: true },
      where: { projectId: In(projectIds), fiscalYear },
    });
    return new Set(reports.map((report) => report.projectId));
  }

  /** The departments (as their projects name them now) that have a draft of the year, in one query. */
  async draftDepartmentsOf(manager: EntityManager, organizationId: string, fiscalYear: number): Promise<string[]> {
    const rows = await manager
      .getRepository(ResultReport)
      .createQueryBuilder('report')
      .innerJoin('report.project', 'project')
      .select('DISTINCT project.departmentId', 'departmentId')
      .where('report.organizationId = :organizationId AND report.fiscalYear = :fiscalYear', {
        organizationId,
        fiscalYear,
      })
      .andWhere('report.status = :draft', { draft: ReportStatus.Draft })
      .getRawMany<{ departmentId: string }>();
    return rows.map((row) => row.departmentId);
  }

  /**
   * The organization's reports in any of `statuses`, each with its department (as its project names it now), year and
   * title, for the departments given.
   */
  async inStatusesOfDepartments(
    organizationId: string,
    departmentIds: string[],
    statuses: ReportStatus[],
  ): Promise<{ departmentId: string; status: ReportStatus; fiscalYear: number; projectTitle: string }[]> {
    if (departmentIds.length === 0) return [];
    const reports = await this.reports.find({
      relations: { project: true },
      select: {
        id: true,
        status: true,
        fiscalYear: true,
        project: { id: true, departmentId: true, projectNumber: true, name: true },
      },
      where: { organizationId, status: In(statuses), project: { departmentId: In(departmentIds) } },
      order: { fiscalYear: 'DESC', id: 'ASC' },
    });
    return reports.map((report) => ({
      departmentId: report.project!.departmentId,
      status: report.status,
      fiscalYear: report.fiscalYear,
      projectTitle: projectTitle(report.project!),
    }));
  }

  /**
   * The departments owning a report of the year that is still theirs to submit (a draft, a returned one included),
   * as the projects name them now: whom a moved submission deadline concerns.
   */
  async departmentsWithReportsToSubmit(
    manager: EntityManager,
    organizationId: string,
    fiscalYear: number,
  ): Promise<string[]> {
    const reports = await manager.find(ResultReport, {
      relations: { project: true },
      select: { id: true, project: { id: true, departmentId: true } },
      where: { organizationId, fiscalYear, status: In(statesFor(ReportAction.Submit)) },
    });
    return [...new Set(reports.map((report) => report.project!.departmentId))].sort();
  }

  /**
   * Each project's latest decided ⑧ (approved, whether published or not) of a year before `fiscalYear` (of any year
   * without one); a project without one is absent. A later decision stands over an earlier one (a plan extended after
   * 事業の終了 goes on).
   */
  async latestDecisions(
    projectIds: string[],
    fiscalYear?: number,
    manager: EntityManager = this.reports.manager,
  ): Promise<Map<string, LatestDecision>> {
    if (projectIds.length === 0) return new Map();
    const decided = await manager.find(ResultReport, {
      select: { id: true, projectId: true, fiscalYear: true, policyDecision: true, policyDecisionLabel: true },
      where: {
        projectId: In(projectIds),
        ...(fiscalYear === undefined ? {} : { fiscalYear: LessThan(fiscalYear) }),
        status: In(DECIDED_STATUSES),
        policyDecision: Not(IsNull()),
      },
      order: { fiscalYear: 'ASC' },
    });
    return new Map(
      decided.map((report) => [
        report.projectId,
        {
          reportId: report.id,
          fiscalYear: report.fiscalYear,
          decision: report.policyDecision!,
          label: report.policyDecisionLabel,
        },
      ]),
    );
  }

  /**
   * The projects the caller sees that have no report of the fiscal year though they should, in list order (No, then
   * name), each with its latest decided ⑧ before the year: those whose plan period covers the year (a project
   * registered after the year was opened among them), and those whose ⑧ of the year before goes on (事業の継続, 発展,
   * 見直し) though the plan period registered ended before — the year before only: a 継続 decided in a plan's last year
   * may mean the municipality goes on alone, and older ones would pile up year after year. A project whose latest
   * decided ⑧ ends it is not one: the year's opening leaves it out on purpose. One query, however many projects.
   */
  async unreportedOf(actor: OrganizationActor, fiscalYear: number): Promise<UnreportedProject[]> {
    const decidedOf = (alias: string) =>
      `${alias}.project_id = project.id AND ${alias}.status = ANY(:decidedStatuses) AND ${alias}.policy_decision IS NOT NULL`;
    const query = this.reports.manager
      .createQueryBuilder(GrantProject, 'project')
      // The organization named on the department too: row-level security hides its estimate, and PostgreSQL otherwise
      // started from every department of the country, probing the organization's projects once for each.
      .innerJoinAndSelect('project.department', 'department', 'department.organizationId = :organizationId', {
        organizationId: actor.organizationId,
      })
      // The latest decided ⑧ before the year, as latestDecisions reads it: a subquery of the selected rows only, one
      // probe of the project's reports each. Joined, it was tried on every report of every project of the municipality.
      .addSelect(
        `(SELECT json_build_array(latest.id, latest.fiscal_year, latest.policy_decision, latest.policy_decision_label)
            FROM result_reports latest WHERE ${decidedOf('latest')} AND latest.fiscal_year < :fiscalYear
           ORDER BY latest.fiscal_year DESC LIMIT 1)`,
        'decided',
      )
      .where('project.organizationId = :organizationId', { organizationId: actor.organizationId })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM result_reports of_year WHERE of_year.project_id = project.id AND of_year.fiscal_year = :fiscalYear)',
      )
      // A ⑧ decided for the year before is the latest before the year.
      .andWhere(
        `((project.planStartFiscalYear <= :fiscalYear AND project.planEndFiscalYear >= :fiscalYear)
          OR EXISTS (SELECT 1 FROM result_reports year_before WHERE ${decidedOf('year_before')} AND year_before.fiscal_year = :yearBefore))`,
        { fiscalYear, yearBefore: fiscalYear - 1, decidedStatuses: DECIDED_STATUSES },
      );
    if (!seesWholeOrganization(actor))
      query.andWhere('project.departmentId = ANY(:departmentIds)', { departmentIds: actor.departmentIds });
    for (const [term, order] of numberOrder('project.projectNumber')) query.addOrderBy(term, order, 'NULLS LAST');
    query.addOrderBy('project.name', 'ASC').addOrderBy('project.id', 'ASC');
    const { entities, raw } = await query.getRawAndEntities<{ decided: DecidedColumns | null }>();
    // Every join is to-one: the raw rows are the entities' rows, in the same order.
    return entities.flatMap((project, index) => {
      const decided = raw[index].decided;
      const decision = decided && {
        reportId: decided[0],
        fiscalYear: decided[1],
        decision: decided[2],
        label: decided[3],
      };
      // A project whose latest decided ⑧ ends it has no further year to report.
      return decision && ENDING_DECISIONS.includes(decision.decision) ? [] : [{ project, decision }];
    });
  }

  /** Which (project, year) pairs of an organization already have a report. */
  /** Every report of the organization by project and year, with its status and ①事業名 as written that year. */
  async projectYears(
    manager: EntityManager,
    organizationId: string,
  ): Promise<{ projectId: string; fiscalYear: number; status: ReportStatus; name: string }[]> {
    const reports = await manager.find(ResultReport, {
      where: { organizationId },
      relations: { plan: true },
      select: { id: true, projectId: true, fiscalYear: true, status: true, plan: { reportId: true, name: true } },
    });
    return reports.map(({ projectId, fiscalYear, status, plan }) => ({
      projectId,
      fiscalYear,
      status,
      name: plan?.name ?? '',
    }));
  }

  /** Every report of a fiscal year the caller may see, with what its read model needs (year exports). */
  async visibleInFiscalYear(actor: OrganizationActor, fiscalYear: number): Promise<ResultReport[]> {
    const { entities: reports, raw } = await readWithReadModelParts(
      this.visibleTo(actor).andWhere('report.fiscalYear = :fiscalYear', { fiscalYear }),
    );
    learnFromEarlierYears(this.reports.manager, reports, raw);
    return reports.map(asOfItsYear);
  }

  /**
   * The drafts among these reports that the caller's own departments are to submit, each with what its read model
   * needs: the owner's lists judge the sections of all their drafts in this one query.
   */
  async ownDraftsInFull(actor: OrganizationActor, reportIds: string[]): Promise<ResultReport[]> {
    if (reportIds.length === 0) return [];
    const { entities: reports, raw } = await readWithReadModelParts(
      this.visibleTo(actor)
        .andWhere('report.id = ANY(:reportIds)', { reportIds })
        .andWhere('project.departmentId = ANY(:ownDepartmentIds)', { ownDepartmentIds: actor.departmentIds })
        .andWhere('report.status = ANY(:submittable)', { submittable: statesFor(ReportAction.Submit) }),
    );
    learnFromEarlierYears(this.reports.manager, reports, raw);
    return reports.map(asOfItsYear);
  }

  /**
   * The public record of projects, oldest year first, each with its ⑤ results as the public reads them: a report under
   * correction as its latest edition (EARLIER_RESULTS), a withdrawn one (公表の取消, even while corrected) not at all.
   */
  async publishedOf(manager: EntityManager, projectIds: string[]): Promise<ResultReport[]> {
    if (projectIds.length === 0) return [];
    const query = manager
      .createQueryBuilder(ResultReport, 'earlier')
      .where('earlier.projectId IN (:...projectIds)', { projectIds: [...new Set(projectIds)] })
      .andWhere(onPublicRecord('earlier'))
      .orderBy('earlier.fiscalYear', 'ASC');
    return (await getManyWithJsonParts(query, [EARLIER_RESULTS])).entities;
  }

  /**
   * The project's report of the latest fiscal year before `fiscalYear` as the actor may see it, with its ④ lines in
   * form order: a year the project has no report of is passed over. Null when there is none (or none they may see).
   */
  async latestVisibleOfProjectBefore(
    actor: OrganizationActor,
    projectId: string,
    fiscalYear: number,
    manager?: EntityManager,
  ): Promise<ResultReport | null> {
    const latest = await this.visible(actor, manager)
      .select('report.id', 'id')
      .andWhere('report.projectId = :projectId', { projectId })
      .andWhere('report.fiscalYear < :fiscalYear', { fiscalYear })
      .orderBy('report.fiscalYear', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    if (!latest) return null;
    return this.visible(actor, manager)
      .leftJoinAndSelect('report.budgetLines', 'line')
      .andWhere('report.id = :id', { id: latest.id })
      .orderBy('line.position')
      .getOne();
  }

  /** The report with its project (for notifications: the project's name and department). */
  findWithProject(reportId: string): Promise<ResultReport | null> {
    return this.reports.findOne({ where: { id: reportId }, relations: { project: true } });
  }

  /** Every report of a project the caller may see, oldest year first, each with its plan copy and KPI results. */
  async visibleOfProject(actor: OrganizationActor, projectId: string): Promise<ReportOfLedger[]> {
    return this.visibleOfProjects(actor, [projectId]);
  }

  /** The reports of these projects of the organization that are not on the published record, oldest year first. */
  offTheRecordOf(
    organizationId: string,
    projectIds: string[],
  ): Promise<Pick<ResultReport, 'id' | 'projectId' | 'fiscalYear' | 'status'>[]> {
    if (projectIds.length === 0) return Promise.resolve([]);
    return this.reports.find({
      select: { id: true, projectId: true, fiscalYear: true, status: true },
      where: { organizationId, projectId: In(projectIds), status: Not(In([...ON_THE_RECORD])) },
      order: { fiscalYear: 'ASC', projectId: 'ASC' },
    });
  }

  /**
   * The reports of these projects the actor may see, oldest year first, in one query: as a KPI ledger reads them (their
   * state, ⑤ and plan copy), without the texts of ⑥–⑧ that a project's years of reports would carry for nothing.
   */
  async visibleOfProjects(actor: OrganizationActor, projectIds: string[]): Promise<ReportOfLedger[]> {
    if (projectIds.length === 0) return [];
    const query = this.visible(actor)
      .select(LISTED_COLUMNS.map((column) => `report.${column}`))
      .addSelect('project')
      .leftJoinAndSelect('report.plan', 'plan')
      .leftJoinAndSelect('project.department', 'department')
      .andWhere('report.projectId IN (:...projectIds)', { projectIds })
      .orderBy('report.fiscalYear', 'ASC');
    const { entities: reports } = await getManyWithJsonParts(query, [KPI_RESULTS, PROJECT_KPIS]);
    return reports.map(asOfItsYear);
  }
}

/** The one-to-many parts of a report's read model, each read as JSON inside the report's own row. */
const BUDGET_LINES = jsonPart<ResultReport, BudgetLine>(
  { target: BudgetLine, alias: 'line', on: 'line.report_id = report.id', orderBy: 'line.position' },
  (report, lines) => (report.budgetLines = lines),
);
/** ⑤ results of the report a query names `reportAlias`, read as `alias`, in form order. */
const kpiResultsOf = (reportAlias: string, alias: string) =>
  jsonPart<ResultReport, KpiResult>(
    { target: KpiResult, alias, on: `${alias}.report_id = ${reportAlias}.id`, orderBy: `${alias}.position` },
    (report, results) => (report.kpiResults = results),
  );
const KPI_RESULTS = kpiResultsOf('report', 'result');
/** The project's KPIs now: a report without a plan copy (rows older than the copies) reads its year's from them. */
const PROJECT_KPIS = jsonPart<ResultReport, KpiDefinition>(
  { target: KpiDefinition, alias: 'kpi', on: 'kpi.project_id = project.id', orderBy: 'kpi.position' },
  (report, kpis) => (report.project!.kpis = kpis),
);
/** The history of publications, without the published snapshots. */
const EDITIONS = jsonPart<ResultReport, ReportEdition>(
  {
    target: ReportEdition,
    alias: 'edition',
    on: 'edition.report_id = report.id',
    orderBy: 'edition.edition',
    properties: ['id', 'edition', 'publishedAt', 'publishedBy', 'correctionReason', 'policyCorrectedBy'],
  },
  (report, editions) => (report.editions = editions),
);

/** The organization's own ⑥ wording, in the order its form lists it. */
const EFFECT_LEVEL_OPTIONS = jsonPart<ResultReport, AssessmentOption>(
  {
    target: AssessmentOption,
    alias: 'effect_option',
    on: `effect_option.organization_id = report.organization_id AND effect_option.scale = '${AssessmentScale.EffectLevel}'`,
    orderBy: 'effect_option.position',
  },
  (report, options) => (report.effectLevelChoices = options.map((option) => choiceOf(option))),
);

/** Statuses as SQL literals, for a part's fixed condition (the workflow's own constants, never input). */
const statusList = (statuses: readonly ReportStatus[]) => statuses.map((status) => `'${status}'`).join(', ');

/**
 * SQL: the report `alias` names is on the public record, the one rule of what citizens see of a report wherever it is
 * read (public site, earlier years, a new draft's start). Published, or being corrected: its last edition stays public
 * until the next one. Never withdrawn (公表の取消): a withdrawn report reopened for a correction stays withdrawn until
 * the corrected edition is published. Plain SQL, so a JSON part's fixed condition can hold it too.
 */
export const onPublicRecord = (alias: string) =>
  `${alias}.status IN (${statusList(PUBLISHED_STATUSES)}) AND ${alias}.withdrawn_at IS NULL`;

/**
 * An earlier year's ⑤ results as the public reads them. Under a correction (訂正) the live rows already hold what is
 * not published yet, so they come from the latest edition's snapshot, keyed and typed as the live rows' JSON is.
 */
const LIVE_EARLIER_RESULTS = kpiResultsOf('earlier', 'earlier_result');
const EARLIER_RESULTS: JsonPart<ResultReport> = {
  select: (dataSource) =>
    `CASE WHEN earlier.status IN (${statusList(UNDER_CORRECTION)}) THEN (` +
    `SELECT coalesce(json_agg(json_build_object('position', kpi #> '{definition,position}', ` +
    `'latest_value', kpi ->> 'latestValue', 'latest_as_of', kpi ->> 'latestAsOf', ` +
    `'is_reference', kpi -> 'isReference', 'yearly_actuals', kpi -> 'yearlyActuals') ` +
    `ORDER BY (kpi #>> '{definition,position}')::int), '[]') ` +
    `FROM (SELECT snapshot FROM report_editions WHERE report_id = earlier.id ORDER BY edition DESC LIMIT 1) latest, ` +
    `jsonb_array_elements(latest.snapshot -> 'kpis') kpi` +
    `) ELSE ${LIVE_EARLIER_RESULTS.select(dataSource)} END`,
  attach: (dataSource, report, rows) => LIVE_EARLIER_RESULTS.attach(dataSource, report, rows),
};

/**
 * The project's reports of earlier years on the public record with their ⑤ results, for a report not yet on the
 * published record: a published report is read as it was published, so nothing published since changes it.
 */
const PUBLISHED_EARLIER = jsonPart<ResultReport, ResultReport>(
  {
    target: ResultReport,
    alias: 'earlier',
    on:
      'earlier.project_id = report.project_id AND earlier.fiscal_year < report.fiscal_year' +
      ` AND ${onPublicRecord('earlier')}` +
      ` AND report.status NOT IN (${statusList(PUBLISHED_STATUSES)})`,
    orderBy: 'earlier.fiscal_year',
    properties: ['id', 'projectId', 'fiscalYear', 'status'],
    parts: [EARLIER_RESULTS],
  },
  (report, earlier) => {
    if (!PUBLISHED_STATUSES.includes(report.status)) report.publishedEarlier = earlier;
  },
);

/** Of the reports `record` (publishedOf's), those of `report`'s project and of a year before its. */
export function earlierYearsOf<T extends Pick<ResultReport, 'projectId' | 'fiscalYear'>>(
  record: T[],
  report: Pick<ResultReport, 'projectId' | 'fiscalYear'>,
): T[] {
  return record.filter((earlier) => earlier.projectId === report.projectId && earlier.fiscalYear < report.fiscalYear);
}

/**
 * PDCA: the project's decided reports of earlier years (a withdrawn publication's decision stands), for a draft to
 * learn the latest decided 今後の方針; only a draft reads them, later reports keep theirs.
 */
const DECIDED_EARLIER = jsonPart<ResultReport, ResultReport>(
  {
    target: ResultReport,
    alias: 'decided',
    on:
      'decided.project_id = report.project_id AND decided.fiscal_year < report.fiscal_year' +
      ` AND decided.status IN (${statusList(DECIDED_STATUSES)})` +
      ` AND report.status = '${ReportStatus.Draft}'`,
    orderBy: 'decided.fiscal_year',
    properties: ['fiscalYear', 'policyDecision', 'policyDecisionLabel', 'policyReason'],
  },
  (report, decided) => {
    if (report.status !== ReportStatus.Draft) return;
    const previous = decided.findLast((candidate) => candidate.policyDecision);
    report.previousDecision = previous?.policyDecision
      ? {
          fiscalYear: previous.fiscalYear,
          decision: previous.policyDecision,
          label: previous.policyDecisionLabel,
          reason: previous.policyReason,
        }
      : null;
  },
);

/** What learnFromEarlierYears attaches, by the column readWithReadModelParts reads each into. */
const EARLIER_YEARS = new Map([
  ['published_earlier', PUBLISHED_EARLIER],
  ['decided_earlier', DECIDED_EARLIER],
]);

/**
 * The reports of a query of `report` with its `project`, with what the read model needs: organization, plan copy,
 * department and grant type joined, lines, results, KPIs and editions as JSON (see getManyWithJsonParts), and the
 * earlier years in the same row for learnFromEarlierYears.
 */
function readWithReadModelParts(
  query: SelectQueryBuilder<ResultReport>,
): Promise<{ entities: ResultReport[]; raw: Record<string, unknown>[] }> {
  query
    .leftJoinAndSelect('report.organization', 'organization')
    .leftJoinAndSelect('report.plan', 'plan')
    .leftJoinAndSelect('project.department', 'department')
    .leftJoinAndSelect('project.grantType', 'grantType');
  for (const [column, part] of EARLIER_YEARS) query.addSelect(part.select(query.connection), column);
  return getManyWithJsonParts(query, [BUDGET_LINES, KPI_RESULTS, PROJECT_KPIS, EDITIONS, EFFECT_LEVEL_OPTIONS]);
}

/**
 * What a read model draws on from the project's earlier years, as readWithReadModelParts read them: PDCA, each draft
 * learns the latest earlier year's decided 今後の方針 (later reports keep theirs); and each report not yet on the
 * published record learns its project's published reports of earlier years with their ⑤ results (public record,
 * whoever reads the report).
 */
function learnFromEarlierYears(manager: EntityManager, reports: ResultReport[], raw: Record<string, unknown>[]): void {
  const rows = new Map(raw.map((row) => [row.report_id, row]));
  for (const report of reports)
    for (const [column, part] of EARLIER_YEARS)
      part.attach(manager.connection, report, rows.get(report.id)![column] as Record<string, unknown>[]);
}

/** Runs a query built with withAttention; its report is `report`, one row each (only to-one joins). */
async function readAttentive(
  query: SelectQueryBuilder<ResultReport>,
  listedRow: (row: RawRow) => ListedReport,
): Promise<ReportWithAttention[]> {
  const rows = await query.getRawMany<RawRow>();
  return rows.map((row) => ({ report: listedRow(row), attention: attentionOf(row) }));
}

/** `report` with every column (not the relations) set from `source`. */
function withColumnsOf(manager: EntityManager, report: ResultReport, source: ResultReport): ResultReport {
  for (const column of manager.getRepository(ResultReport).metadata.columns)
    column.setEntityValue(report, column.getEntityValue(source));
  return report;
}

/**
 * A report read with its plan copy shows its project as it stood that year, and the department responsible for it:
 * the project's current one until it is on the published record (ON_THE_RECORD). Read with `project.department`.
 */
export function asOfItsYear(report: ResultReport): ResultReport {
  if (report.project && report.plan)
    report.project = projectAsPlanned(report.project, report.plan, !ON_THE_RECORD.includes(report.status));
  return report;
}
