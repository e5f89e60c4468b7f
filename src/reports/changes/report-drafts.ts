import { ConflictException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationActor } from '../../access/actor';
import { actorEvent, type AuditEvent } from '../../audit/audit-log';
import type { Organization } from '../../organizations/organization.entity';
import { ProjectsRepository } from '../../projects/projects.repository';
import type { BudgetLine } from '../report/budget-line.entity';
import type { KpiResult } from '../report/kpi-result.entity';
import { kpiYearValues } from '../report/kpi-year-values';
import { listedYearWarnings, type ReportWarning } from '../report/report-calculations';
import { isWithin, yearlyActualSpan } from '../report/yearly-actual-years';
import { type PlanContent, planOf, projectAsPlanned } from '../report/report-plan';
import { earlierYearsOf, ReportsRepository } from '../report/reports.repository';
import type { ResultReport } from '../report/result-report.entity';
import { ReportStatus } from '../rules/report-status';
import { ReportEditions } from './report-editions';
import { ReportRevisions } from './report-revisions';

export type NewKpiResult = Omit<KpiResult, 'id' | 'reportId' | 'report'>;

export interface NewReport {
  organizationId: string;
  projectId: string;
  fiscalYear: number;
  userId: string;
  /** Where the year's plan differs from the project as it is now (an earlier year's imported report). */
  planDiffers?: Partial<PlanContent>;
  /**
   * Content known from the start (an imported report). A draft, imported or not, also starts with the earlier years'
   * actuals of the published record; a report imported as published keeps only its own.
   */
  fields?: Partial<ResultReport>;
  budgetLines?: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[];
  kpiResults?: NewKpiResult[];
}

/** The refusal of a report whose project already has one of the fiscal year (one report a project and year). */
function reportAlreadyExists(fiscalYear: number): ConflictException {
  return new ConflictException(`A report for this project and fiscal year ${fiscalYear} already exists.`);
}

/**
 * The audit entry that starts a new draft's own history. `origin` says what started it beyond the actor (the year's
 * opening); an import records its own entry, naming its file.
 */
export function reportCreated(
  actor: OrganizationActor,
  report: Pick<ResultReport, 'id' | 'projectId' | 'fiscalYear' | 'version'>,
  origin: Record<string, unknown> = {},
): AuditEvent {
  // The version it made, as every change's entry names its own: the report's history says what made each.
  return actorEvent(
    actor,
    'report.created',
    { type: 'report', id: report.id },
    { projectId: report.projectId, fiscalYear: report.fiscalYear, version: report.version, ...origin },
  );
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

  /**
   * Reports of these years start one transaction at a time in their organization until the caller's transaction
   * ends; a caller that first finds which reports are missing (a year opening) takes it before looking.
   */
  lockStarts(manager: EntityManager, years: Pick<NewReport, 'organizationId' | 'fiscalYear'>[]): Promise<void> {
    return this.reports.lockStartsOf(manager, years);
  }

  async start(manager: EntityManager, report: NewReport): Promise<ResultReport> {
    const [started] = await this.startAll(manager, [report]);
    return (await this.reports.loadFull(started.id, manager))!;
  }

  /**
   * start for many reports (an import) with one statement per table. Each comes back as loadFull would read it (its
   * parts, its project as planned that year), built from what was written rather than read again.
   */
  /**
   * The ⑤ these reports would start with as drafts (startAll's), and the years where an actual they bring differs from
   * that year's published 最新値, read without writing or locking: an import's dry run shows what its confirmation
   * will write.
   */
  async previewDraftKpiResults(manager: EntityManager, reports: NewReport[]): Promise<DraftKpiResults[]> {
    const projects = new Map(
      (
        await this.projects.withPlanOf(
          manager,
          reports.map((report) => report.projectId),
        )
      ).map((project) => [project.id, project]),
    );
    const published = await this.reports.publishedOf(
      manager,
      reports.map((report) => report.projectId),
    );
    return reports.map((report) => {
      const kpiResults = draftKpiResults(
        report,
        { ...planOf(projects.get(report.projectId)!), ...report.planDiffers },
        published,
      );
      const earlier = earlierYearsOf(published, report);
      return {
        kpiResults,
        differing: listedYearWarnings(
          kpiResults.map(({ position, yearlyActuals }) => ({
            position,
            yearlyActuals,
            earlier: kpiYearValues(earlier, position),
          })),
        ),
      };
    });
  }

  async startAll(manager: EntityManager, reports: NewReport[]): Promise<ResultReport[]> {
    if (reports.length === 0) return [];
    await this.lockStarts(manager, reports);
    // Under the lock a report started meanwhile by another transaction is seen, and refused by name.
    for (const fiscalYear of new Set(reports.map((report) => report.fiscalYear))) {
      const ofYear = reports.filter((report) => report.fiscalYear === fiscalYear).map((report) => report.projectId);
      if ((await this.reports.projectsWithReportOf(manager, ofYear, fiscalYear)).size > 0)
        throw reportAlreadyExists(fiscalYear);
    }
    const withPlans = await this.projects.lockedWithPlanOf(
      manager,
      reports.map((report) => report.projectId),
    );
    const projects = new Map(withPlans.map((project) => [project.id, project]));
    const plans = reports.map((report) => ({ ...planOf(projects.get(report.projectId)!), ...report.planDiffers }));
    const statuses = reports.map((report) => report.fields?.status ?? ReportStatus.Draft);
    // Every draft starts from the published record, as its form says; a report imported as published is the record.
    const published = await this.reports.publishedOf(
      manager,
      reports.filter((_report, index) => statuses[index] === ReportStatus.Draft).map((report) => report.projectId),
    );
    const rows = await this.reports.insertAll(
      manager,
      reports.map((report) => {
        const { status: _status, ...fields } = report.fields ?? {};
        return {
          ...fields,
          organizationId: report.organizationId,
          projectId: report.projectId,
          fiscalYear: report.fiscalYear,
          createdBy: report.userId,
          updatedBy: report.userId,
        };
      }),
    );
    const storedPlans = await this.reports.insertPlans(
      manager,
      rows.map((row, index) => ({ ...plans[index], reportId: row.id })),
    );
    const lines = byReport(
      await this.reports.insertBudgetLines(
        manager,
        reports.flatMap((report, index) =>
          (report.budgetLines ?? []).map((line, position) => ({ ...line, reportId: rows[index].id, position })),
        ),
      ),
    );
    const results = byReport(
      await this.reports.insertKpiResults(
        manager,
        reports.flatMap((report, index) =>
          (statuses[index] === ReportStatus.Draft
            ? draftKpiResults(report, plans[index], published)
            : (report.kpiResults ?? [])
          ).map((result) => ({ ...result, reportId: rows[index].id })),
        ),
      ),
    );
    // Parts are written while the report is a draft: a published report's parts are frozen (PostgreSQL triggers).
    const rowsById = new Map(rows.map((row) => [row.id, row]));
    for (const status of new Set(statuses)) {
      if (status === ReportStatus.Draft) continue;
      const ids = rows.filter((_row, index) => statuses[index] === status).map((row) => row.id);
      for (const moved of await this.reports.setStatusOfAll(manager, ids, status))
        Object.assign(rowsById.get(moved.id)!, moved);
    }
    rows.forEach((row, index) => {
      row.plan = storedPlans[index];
      row.project = projectAsPlanned(projects.get(row.projectId)!, row.plan);
      row.budgetLines = lines.get(row.id) ?? [];
      row.kpiResults = results.get(row.id) ?? [];
      row.editions = [];
    });
    const started = rows.map((report, index) => ({ report, userId: reports[index].userId }));
    await this.revisions.recordAll(manager, started);
    const publishedNow = started.filter(({ report }) => report.status === ReportStatus.Published);
    // The edition's read model takes the ⑥ threshold from the organization, as loadFull reads it with the report.
    const organizations = new Map<string, Organization>();
    for (const { report } of publishedNow) {
      if (!organizations.has(report.organizationId))
        organizations.set(report.organizationId, await this.reports.organizationOf(manager, report.organizationId));
      report.organization = organizations.get(report.organizationId);
    }
    // The earlier years public now, this import's own among them, for each edition to keep.
    const record = await this.reports.publishedOf(
      manager,
      publishedNow.map(({ report }) => report.projectId),
    );
    await this.editions.recordFirstOfNew(
      manager,
      publishedNow.map(({ report, userId }) => ({
        report,
        userId,
        publishedEarlier: earlierYearsOf(record, report),
      })),
    );
    return rows;
  }
}

/** A report's parts of one kind, by report. */
function byReport<T extends { reportId: string }>(parts: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const part of parts) grouped.set(part.reportId, [...(grouped.get(part.reportId) ?? []), part]);
  return grouped;
}

/** A draft's ⑤ as it would start, and its actuals that differ from their years' published 最新値 (listedYearWarnings). */
export interface DraftKpiResults {
  kpiResults: NewKpiResult[];
  differing: ReportWarning[];
}

/** A new draft's ⑤: its own (an imported file's) with the published record's earlier years where it gives none. */
function draftKpiResults(report: NewReport, plan: PlanContent, published: ResultReport[]): NewKpiResult[] {
  return withEarlierActuals(report.kpiResults ?? [], earlierActuals(report, plan, published));
}

/**
 * 年度ごとの実績 of a new draft, filled in from the published record as the report form shows it (kpiYearValues):
 * each earlier year's published 最新値, else what the latest published report listed for it, for the years before its
 * own that the draft may list (yearlyActualSpan). `published` holds the published reports of (at least) the draft's
 * project.
 */
function earlierActuals(report: NewReport, plan: PlanContent, published: ResultReport[]): NewKpiResult[] {
  const earlier = earlierYearsOf(published, report);
  if (earlier.length === 0) return [];
  const span = yearlyActualSpan({ fiscalYear: report.fiscalYear, planStartFiscalYear: plan.planStartFiscalYear });
  return plan.kpis.flatMap(({ position }) => {
    const yearlyActuals = kpiYearValues(earlier, position)
      .filter((value) => isWithin(span, value.fiscalYear) && value.fiscalYear < report.fiscalYear)
      .map(({ fiscalYear, value }) => ({ fiscalYear, value }));
    return yearlyActuals.length === 0
      ? []
      : [{ position, latestValue: null, latestAsOf: null, isReference: false, yearlyActuals }];
  });
}

/**
 * A draft's own ⑤ (an imported file's) with the earlier years' actuals filled in where it has none: a year the file
 * gives keeps the file's value, the report flagging one that differs from that year's published 最新値
 * (kpi_year_differs_from_published); a year it leaves empty, or does not list, takes the published record's.
 */
function withEarlierActuals(own: NewKpiResult[], earlier: NewKpiResult[]): NewKpiResult[] {
  const byPosition = new Map(own.map((result) => [result.position, result]));
  for (const carried of earlier) {
    const given = byPosition.get(carried.position);
    if (!given) {
      byPosition.set(carried.position, carried);
      continue;
    }
    const years = new Map(given.yearlyActuals.map((actual) => [actual.fiscalYear, actual]));
    for (const actual of carried.yearlyActuals)
      if ((years.get(actual.fiscalYear)?.value ?? null) === null) years.set(actual.fiscalYear, actual);
    byPosition.set(carried.position, {
      ...given,
      yearlyActuals: [...years.values()].sort((a, b) => a.fiscalYear - b.fiscalYear),
    });
  }
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}
