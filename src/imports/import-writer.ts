import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, type AuditEvent, AuditLog } from '../audit/audit-log';
import { initialProjectChanges } from '../projects/projects.dto';
import { ProjectsRepository } from '../projects/projects.repository';
import { type DraftKpiResults, NewReport, ReportDrafts } from '../reports/changes/report-drafts';
import { ReportStatus } from '../reports/rules/report-status';
import { ImportMode } from './import-model';
import { asGrantProject, ImportPlan, importedProjectFields, PlannedProject, PlannedReport } from './import-plan';
import { ImportedReportRef } from './imports.dto';
import { type AuditAction } from '../audit/audit-actions';

/** Who imports, how, and from which file: recorded with every audit entry of the import. */
export interface ImportRun {
  actor: OrganizationActor;
  mode: ImportMode;
  source: { file: string; checksum: string };
  /** Published imports: the day the reports were originally published (start of that day in Japan). */
  publishedAt: Date | null;
}

interface WrittenProject {
  id: string;
  created: boolean;
}

/**
 * Projects or reports written together, one statement per table: few statements, and between two chunks a turn for the
 * process's other requests.
 */
const CHUNK = 200;

/**
 * Writes a checked plan inside the caller's transaction, with a revision and an audit entry for everything it creates
 * or changes: a chunk of projects or reports at a time, one statement per table, nothing read back.
 */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
  ) {}

  async write(manager: EntityManager, run: ImportRun, plan: ImportPlan): Promise<ImportedReportRef[]> {
    // A stored project is never changed by an import; each report keeps where its year differs (ReportDrafts).
    const projects = new Map<string, WrittenProject>();
    for (const project of plan.projects)
      if (project.existing) projects.set(project.key, { id: project.existing.id, created: false });
    const created = plan.projects.filter((project) => !project.existing);
    for (const chunk of chunks(created)) {
      const ids = await this.writeProjects(manager, run, chunk);
      chunk.forEach((project, index) => projects.set(project.key, { id: ids[index], created: true }));
    }
    const written: ImportedReportRef[] = [];
    for (const chunk of chunks(plan.reports)) written.push(...(await this.writeReports(manager, run, chunk, projects)));
    return written;
  }

  /**
   * What the confirmation will write into each draft's ⑤ of a stored project (its earlier years from the published
   * record) and the years where the file's actual differs from the one published, by report index, read only.
   */
  async previewDrafts(manager: EntityManager, run: ImportRun, plan: ImportPlan): Promise<Map<number, DraftKpiResults>> {
    if (run.mode !== ImportMode.Draft) return new Map();
    const linked = plan.reports.filter((report) => report.project?.existing && report.parsed.fiscalYear !== null);
    const previews = await this.drafts.previewDraftKpiResults(
      manager,
      linked.map((report) => newReport(run, report, report.project!.existing!.id)),
    );
    return new Map(linked.map((report, position) => [report.index, previews[position]]));
  }

  private async writeProjects(manager: EntityManager, run: ImportRun, created: PlannedProject[]): Promise<string[]> {
    const ids = await this.projects.insertProjects(
      manager,
      created.map((project) => ({
        ...importedProjectFields(project),
        organizationId: run.actor.organizationId,
        departmentId: project.departmentId,
        partnerMunicipalities: [],
      })),
    );
    await this.projects.insertKpis(
      manager,
      created.flatMap((project, index) => project.kpis.map((kpi) => ({ ...kpi, projectId: ids[index] }))),
    );
    await this.audit.appendAll(
      manager,
      created.map((project, index) =>
        importEvent(
          run,
          'project.created',
          { type: 'project', id: ids[index] },
          { name: project.name, changes: initialProjectChanges(asGrantProject(project)) },
        ),
      ),
    );
    return ids;
  }

  private async writeReports(
    manager: EntityManager,
    run: ImportRun,
    reports: PlannedReport[],
    projects: Map<string, WrittenProject>,
  ): Promise<ImportedReportRef[]> {
    const started = await this.drafts.startAll(
      manager,
      reports.map((report) => newReport(run, report, projects.get(report.project!.key)!.id)),
    );
    const written = reports.map(({ index, project }, position): ImportedReportRef => {
      const { id: projectId, created } = projects.get(project!.key)!;
      const { id: reportId, fiscalYear, status } = started[position];
      return { index, reportId, projectId, projectName: project!.name, projectCreated: created, fiscalYear, status };
    });
    await this.audit.appendAll(
      manager,
      written.map(({ reportId, projectId, projectCreated, fiscalYear, status }, position) =>
        importEvent(
          run,
          'report.imported',
          { type: 'report', id: reportId },
          // The version it made, as report.created names it: the report's history says the import made it.
          { projectId, projectCreated, fiscalYear, status, version: started[position].version },
        ),
      ),
    );
    return written;
  }
}

/** An audit entry of what the import created, naming the file and the mode. */
function importEvent(
  run: ImportRun,
  action: AuditAction,
  entity: { type: string; id: string },
  details: Record<string, unknown>,
): AuditEvent {
  return actorEvent(run.actor, action, entity, { ...details, source: run.source, mode: run.mode });
}

/** The report as ReportDrafts starts it: its year's plan where it differs from the project, and what the file holds. */
function newReport(run: ImportRun, { parsed, yearPlan }: PlannedReport, projectId: string): NewReport {
  const published = run.mode === ImportMode.Published;
  return {
    organizationId: run.actor.organizationId,
    projectId,
    fiscalYear: parsed.fiscalYear!,
    userId: run.actor.userId,
    planDiffers: yearPlan
      ? { ...importedProjectFields(yearPlan), kpis: yearPlan.kpis.map((kpi) => ({ ...kpi })) }
      : undefined,
    fields: {
      status: published ? ReportStatus.Published : ReportStatus.Draft,
      actualAsOf: parsed.actualAsOf,
      typedBudgetTotal: parsed.typedTotals.budgetAmount,
      typedBudgetGrantTotal: parsed.typedTotals.budgetGrantAmount,
      typedActualTotal: parsed.typedTotals.actualAmount,
      typedActualGrantTotal: parsed.typedTotals.actualGrantAmount,
      effectLevel: parsed.effectLevel,
      effectLevelOption: parsed.wording.effectLevel?.key ?? null,
      effectLevelLabel: parsed.wording.effectLevel?.label ?? null,
      effectNarrative: parsed.effectNarrative,
      // ⑦ and ⑧ are the planning division's: a draft gets them through the workflow, history as published.
      ...(published
        ? {
            panelRating: parsed.panelRating,
            panelRatingOption: parsed.wording.panelRating?.key ?? null,
            panelRatingLabel: parsed.wording.panelRating?.label ?? null,
            panelOpinion: parsed.panelOpinion,
            policyDecision: parsed.policyDecision,
            policyDecisionOption: parsed.wording.policyDecision?.key ?? null,
            policyDecisionLabel: parsed.wording.policyDecision?.label ?? null,
            policyDecisionFormText: parsed.wording.policyDecision?.formText ?? null,
            policyReason: parsed.policyReason,
            publishedAt: run.publishedAt,
          }
        : {}),
    },
    budgetLines: parsed.budgetLines,
    kpiResults: parsed.kpiResults,
  };
}

function chunks<T>(items: T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, index) =>
    items.slice(index * CHUNK, (index + 1) * CHUNK),
  );
}
