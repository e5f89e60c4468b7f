import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectsRepository } from '../../projects/projects.repository';
import type { BudgetLine } from '../report/budget-line.entity';
import type { KpiResult } from '../report/kpi-result.entity';
import { kpiYearValues } from '../report/kpi-year-values';
import { type PlanContent, planOf } from '../report/report-plan';
import { ReportsRepository } from '../report/reports.repository';
import type { ResultReport } from '../report/result-report.entity';
import { ReportStatus } from '../rules/report-status';
import { ReportEditions } from './report-editions';
import { ReportRevisions } from './report-revisions';

export interface NewReport {
  organizationId: string;
  projectId: string;
  fiscalYear: number;
  userId: string;
  /** Where the year's plan differs from the project as it is now (an earlier year's imported report). */
  planDiffers?: Partial<PlanContent>;
  /** Content known from the start (an imported report); a new draft starts with earlier years' actuals only. */
  fields?: Partial<ResultReport>;
  budgetLines?: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[];
  kpiResults?: Omit<KpiResult, 'id' | 'reportId' | 'report'>[];
}

/**
 * The one path by which a report comes into being (creation, cycle opening, import): the report row with its copy of
 * the year's plan, its content and its first revision (and edition, when it arrives published), inside the caller's
 * transaction. The caller audits it, since only it knows why.
 */
@Injectable()
export class ReportDrafts {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly projects: ProjectsRepository,
    private readonly revisions: ReportRevisions,
    private readonly editions: ReportEditions,
  ) {}

  async start(manager: EntityManager, report: NewReport): Promise<ResultReport> {
    const { status = ReportStatus.Draft, ...fields } = report.fields ?? {};
    const reportId = await this.reports.insert(manager, {
      ...fields,
      organizationId: report.organizationId,
      projectId: report.projectId,
      fiscalYear: report.fiscalYear,
      createdBy: report.userId,
      updatedBy: report.userId,
    });
    const plan = { ...planOf(await this.projects.withPlan(manager, report.projectId)), ...report.planDiffers };
    await this.reports.insertPlan(manager, reportId, plan);
    const kpiResults = report.fields ? report.kpiResults : await this.earlierActuals(manager, report, plan);
    if (report.budgetLines?.length) await this.reports.replaceBudgetLines(manager, reportId, report.budgetLines);
    if (kpiResults?.length) await this.reports.replaceKpiResults(manager, reportId, kpiResults);
    // Parts are written while the report is a draft: a published report's parts are frozen (PostgreSQL triggers).
    if (status !== ReportStatus.Draft) await this.reports.setStatus(manager, reportId, status);
    const full = (await this.reports.loadFull(reportId, manager))!;
    await this.revisions.record(manager, full, report.userId);
    if (status === ReportStatus.Published) await this.editions.record(manager, full, report.userId, null);
    return full;
  }

  /**
   * 年度ごとの実績 of a new draft, filled in from the published record as the report form shows it (kpiYearValues):
   * each earlier year's published 最新値, else what the latest published report listed for it.
   */
  private async earlierActuals(
    manager: EntityManager,
    report: NewReport,
    plan: PlanContent,
  ): Promise<Omit<KpiResult, 'id' | 'reportId' | 'report'>[]> {
    const published = (await this.reports.publishedOf(manager, [report.projectId])).filter(
      (earlier) => earlier.fiscalYear < report.fiscalYear,
    );
    if (published.length === 0) return [];
    return plan.kpis.flatMap(({ position }) => {
      const yearlyActuals = kpiYearValues(published, position)
        .filter((value) => value.fiscalYear < report.fiscalYear)
        .map(({ fiscalYear, value }) => ({ fiscalYear, value }));
      return yearlyActuals.length === 0
        ? []
        : [{ position, latestValue: null, latestAsOf: null, isReference: false, yearlyActuals }];
    });
  }
}
