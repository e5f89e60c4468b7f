import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BudgetLine } from '../report/budget-line.entity';
import type { KpiResult } from '../report/kpi-result.entity';
import { ReportsRepository } from '../report/reports.repository';
import type { ResultReport } from '../report/result-report.entity';
import { ReportRevisions } from './report-revisions';

export interface NewReport {
  organizationId: string;
  projectId: string;
  fiscalYear: number;
  userId: string;
  /** Content known from the start (an imported report); a new draft starts empty. */
  fields?: Partial<ResultReport>;
  budgetLines?: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[];
  kpiResults?: Omit<KpiResult, 'id' | 'reportId' | 'report'>[];
}

/**
 * The one path by which a report comes into being (creation, cycle opening, import): the report row, its
 * content and its first revision, inside the caller's transaction. The caller audits it, since only it knows why.
 */
@Injectable()
export class ReportDrafts {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly revisions: ReportRevisions,
  ) {}

  async start(manager: EntityManager, report: NewReport): Promise<ResultReport> {
    const reportId = await this.reports.insert(manager, {
      ...report.fields,
      organizationId: report.organizationId,
      projectId: report.projectId,
      fiscalYear: report.fiscalYear,
      createdBy: report.userId,
      updatedBy: report.userId,
    });
    if (report.budgetLines?.length) await this.reports.replaceBudgetLines(manager, reportId, report.budgetLines);
    if (report.kpiResults?.length) await this.reports.replaceKpiResults(manager, reportId, report.kpiResults);
    const full = (await this.reports.loadFull(reportId, manager))!;
    await this.revisions.record(manager, full, report.userId);
    return full;
  }
}
