import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, MoreThanOrEqual, Not, Repository, SelectQueryBuilder } from 'typeorm';
import { seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { escapeLike } from '../../projects/projects.repository';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../rules/assignment-status';
import { ReportStatus } from '../rules/report-status';
import { BudgetLine } from './budget-line.entity';
import { KpiResult } from './kpi-result.entity';
import { ReportEdition } from './report-edition.entity';
import { type PlanContent, projectAsPlanned } from './report-plan';
import { ReportPlan } from './report-plan.entity';
import { ReportRevision } from './report-revision.entity';
import { ResultReport } from './result-report.entity';

export interface ReportFilters {
  fiscalYear?: number;
  departmentId?: string;
  status?: ReportStatus;
  grantTypeCode?: string;
  q?: string;
}

export interface Page {
  page: number;
  pageSize: number;
}

/** The only place that queries reports. Row-level visibility is applied here and nowhere else. */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectRepository(ResultReport) private readonly reports: Repository<ResultReport>,
    @InjectRepository(ReportRevision) private readonly revisions: Repository<ReportRevision>,
  ) {}

  /**
   * Planning and administrators see their organization's reports; project owners their departments';
   * external experts only the reports assigned to them. A user with several roles sees the union.
   */
  visibleTo(actor: OrganizationActor, manager?: EntityManager): SelectQueryBuilder<ResultReport> {
    const query = (manager ? manager.getRepository(ResultReport) : this.reports)
      .createQueryBuilder('report')
      .innerJoinAndSelect('report.project', 'project')
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

  async list(actor: OrganizationActor, filters: ReportFilters, page: Page): Promise<[ResultReport[], number]> {
    const query = this.visibleTo(actor)
      .leftJoinAndSelect('project.department', 'department')
      .leftJoinAndSelect('project.grantType', 'grantType')
      .orderBy('report.fiscalYear', 'DESC')
      .addOrderBy('project.projectNumber', 'ASC', 'NULLS LAST')
      .addOrderBy('project.name', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    if (filters.fiscalYear) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear: filters.fiscalYear });
    if (filters.departmentId)
      query.andWhere('project.departmentId = :departmentId', { departmentId: filters.departmentId });
    if (filters.status) query.andWhere('report.status = :status', { status: filters.status });
    if (filters.grantTypeCode)
      query.andWhere('project.grantTypeCode = :grantTypeCode', { grantTypeCode: filters.grantTypeCode });
    if (filters.q) query.andWhere('project.name ILIKE :q', { q: `%${escapeLike(filters.q)}%` });
    const [reports, total] = await query.leftJoinAndSelect('report.plan', 'plan').getManyAndCount();
    return [reports.map(asOfItsYear), total];
  }

  async isVisible(actor: OrganizationActor, reportId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.visibleTo(actor, manager).andWhere('report.id = :reportId', { reportId }).getCount()) > 0;
  }

  /** The report with everything its read model needs, its project as planned that year; call after isVisible. */
  async loadFull(reportId: string, manager?: EntityManager): Promise<ResultReport | null> {
    const on = manager ?? this.reports.manager;
    const report = await on.findOne(ResultReport, {
      where: { id: reportId },
      relations: {
        organization: true,
        budgetLines: true,
        kpiResults: true,
        plan: true,
        project: { kpis: true, department: true, grantType: true },
      },
    });
    if (!report) return null;
    await this.attachEditions(on, [report]);
    await this.attachPreviousDecisions(on, [report]);
    return asOfItsYear(report);
  }

  /** The report's own copy of its year's plan, written when it starts. */
  async insertPlan(manager: EntityManager, reportId: string, plan: PlanContent): Promise<void> {
    await manager.insert(ReportPlan, { ...plan, reportId });
  }

  /** A draft follows its project: its copy is replaced by what the project is now. */
  async replacePlan(manager: EntityManager, reportId: string, plan: PlanContent): Promise<void> {
    await manager.update(ReportPlan, { reportId }, plan);
  }

  /** Drafts of a project, whose plan copies still follow it. */
  async draftIdsOf(manager: EntityManager, projectId: string, fromFiscalYear: number | null = null): Promise<string[]> {
    const drafts = await manager.find(ResultReport, {
      where: {
        projectId,
        status: ReportStatus.Draft,
        ...(fromFiscalYear === null ? {} : { fiscalYear: MoreThanOrEqual(fromFiscalYear) }),
      },
      select: { id: true },
    });
    return drafts.map((draft) => draft.id);
  }

  hasReportPastDraft(manager: EntityManager, projectId: string): Promise<boolean> {
    return manager.existsBy(ResultReport, { projectId, status: Not(ReportStatus.Draft) });
  }

  /** Moves a report just written into the state it was imported in (its parts are written while it is a draft). */
  async setStatus(manager: EntityManager, reportId: string, status: ReportStatus): Promise<void> {
    await manager.update(ResultReport, { id: reportId }, { status });
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

  /** A new report row; the caller (ReportDrafts) adds its lines, results and first revision in the same transaction. */
  async insert(manager: EntityManager, fields: Partial<ResultReport>): Promise<string> {
    const { identifiers } = await manager.insert(ResultReport, fields);
    return identifiers[0].id as string;
  }

  save(manager: EntityManager, report: ResultReport): Promise<ResultReport> {
    return manager.save(report);
  }

  /** ④ lines in form order; replaces whatever the report had. */
  async replaceBudgetLines(
    manager: EntityManager,
    reportId: string,
    lines: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[],
  ): Promise<void> {
    await manager.delete(BudgetLine, { reportId });
    if (lines.length > 0)
      await manager.insert(
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
    await manager.delete(KpiResult, { reportId });
    if (results.length > 0)
      await manager.insert(
        KpiResult,
        results.map((result) => ({ ...result, reportId })),
      );
  }

  async delete(manager: EntityManager, reportId: string): Promise<void> {
    await manager.delete(ReportRevision, { reportId });
    await manager.delete(ResultReport, { id: reportId });
  }

  async saveRevision(manager: EntityManager, revision: Omit<ReportRevision, 'id' | 'changedAt'>): Promise<void> {
    await manager.save(manager.create(ReportRevision, revision));
  }

  listRevisions(organizationId: string, reportId: string): Promise<ReportRevision[]> {
    return this.revisions.find({ where: { organizationId, reportId }, order: { version: 'DESC' } });
  }

  findRevision(organizationId: string, reportId: string, version: number): Promise<ReportRevision | null> {
    return this.revisions.findOneBy({ organizationId, reportId, version });
  }

  existsForYear(projectId: string, fiscalYear: number, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.reports.manager).existsBy(ResultReport, { projectId, fiscalYear });
  }

  /** Which (project, year) pairs of an organization already have a report. */
  async projectYears(
    manager: EntityManager,
    organizationId: string,
  ): Promise<{ projectId: string; fiscalYear: number }[]> {
    return manager.find(ResultReport, { where: { organizationId }, select: { projectId: true, fiscalYear: true } });
  }

  /** Every report of a fiscal year the caller may see, with what its read model needs (year exports). */
  visibleInFiscalYear(actor: OrganizationActor, fiscalYear: number): Promise<ResultReport[]> {
    return this.visibleTo(actor)
      .leftJoinAndSelect('report.budgetLines', 'budgetLine')
      .leftJoinAndSelect('report.kpiResults', 'kpiResult')
      .leftJoinAndSelect('project.kpis', 'kpi')
      .leftJoinAndSelect('project.department', 'department')
      .leftJoinAndSelect('project.grantType', 'grantType')
      .leftJoinAndSelect('report.plan', 'plan')
      .leftJoinAndSelect('report.organization', 'organization')
      .andWhere('report.fiscalYear = :fiscalYear', { fiscalYear })
      .getMany()
      .then(async (reports) => {
        await this.attachEditions(this.reports.manager, reports);
        await this.attachPreviousDecisions(this.reports.manager, reports);
        return reports.map(asOfItsYear);
      });
  }

  /** PDCA: each draft learns the latest earlier year's decided 今後の方針 of its project (later reports keep theirs). */
  private async attachPreviousDecisions(manager: EntityManager, all: ResultReport[]): Promise<void> {
    const reports = all.filter((report) => report.status === ReportStatus.Draft);
    const decided = reports.length
      ? await manager.find(ResultReport, {
          where: {
            projectId: In([...new Set(reports.map((report) => report.projectId))]),
            status: In([ReportStatus.Decided, ReportStatus.Published, ReportStatus.Correcting]),
          },
          select: { id: true, projectId: true, fiscalYear: true, policyDecision: true, policyReason: true },
          order: { fiscalYear: 'DESC' },
        })
      : [];
    for (const report of reports) {
      const previous = decided.find(
        (earlier) =>
          earlier.projectId === report.projectId && earlier.fiscalYear < report.fiscalYear && earlier.policyDecision,
      );
      report.previousDecision = previous?.policyDecision
        ? { fiscalYear: previous.fiscalYear, decision: previous.policyDecision, reason: previous.policyReason }
        : null;
    }
  }

  /** The history of publications of each report, without the published snapshots themselves. */
  private async attachEditions(manager: EntityManager, reports: ResultReport[]): Promise<ResultReport[]> {
    const editions = reports.length
      ? await manager.find(ReportEdition, {
          where: { reportId: In(reports.map((report) => report.id)) },
          select: { id: true, reportId: true, edition: true, publishedAt: true, correctionReason: true },
          order: { edition: 'ASC' },
        })
      : [];
    for (const report of reports) report.editions = editions.filter((edition) => edition.reportId === report.id);
    return reports;
  }

  /** The report with its project (for notifications: the project's name and department). */
  findWithProject(reportId: string): Promise<ResultReport | null> {
    return this.reports.findOne({ where: { id: reportId }, relations: { project: true } });
  }

  /** Every report of a project the caller may see, oldest year first, each with its plan copy and KPI results. */
  async visibleOfProject(actor: OrganizationActor, projectId: string): Promise<ResultReport[]> {
    const reports = await this.visibleTo(actor)
      .leftJoinAndSelect('report.kpiResults', 'kpiResult')
      .leftJoinAndSelect('report.plan', 'plan')
      .leftJoinAndSelect('project.kpis', 'kpi')
      .andWhere('report.projectId = :projectId', { projectId })
      .orderBy('report.fiscalYear', 'ASC')
      .getMany();
    return reports.map(asOfItsYear);
  }
}

/** A report read with its plan copy shows its project as it stood that year. */
function asOfItsYear(report: ResultReport): ResultReport {
  if (report.project && report.plan) report.project = projectAsPlanned(report.project, report.plan);
  return report;
}
