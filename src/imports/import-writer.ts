import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { ProjectsRepository } from '../projects/projects.repository';
import { ReportDrafts } from '../reports/changes/report-drafts';
import { ReportStatus } from '../reports/rules/report-status';
import { ImportMode } from './import-model';
import { ImportPlan, importedProjectFields, PlannedProject, PlannedReport } from './import-plan';
import { ImportedReportRef } from './imports.dto';

/** Who imports, how, and from which file: recorded with every audit entry of the import. */
export interface ImportRun {
  actor: OrganizationActor;
  mode: ImportMode;
  source: { file: string; checksum: string };
}

interface WrittenProject {
  id: string;
  created: boolean;
}

/** Writes a checked plan inside the caller's transaction, with a revision and an audit entry for everything it creates or changes. */
@Injectable()
export class ImportWriter {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
  ) {}

  async write(manager: EntityManager, run: ImportRun, plan: ImportPlan): Promise<ImportedReportRef[]> {
    const projects = new Map<string, WrittenProject>();
    for (const project of plan.projects) projects.set(project.key, await this.writeProject(manager, run, project));
    const written: ImportedReportRef[] = [];
    for (const report of plan.reports)
      written.push(await this.writeReport(manager, run, report, projects.get(report.project!.key)!));
    return written;
  }

  private async writeProject(manager: EntityManager, run: ImportRun, project: PlannedProject): Promise<WrittenProject> {
    const fields = importedProjectFields(project);
    const organizationId = run.actor.organizationId;
    // A stored project is never changed by an import; each report keeps where its year differs (ReportDrafts).
    if (project.existing) return { id: project.existing.id, created: false };
    const id = await this.projects.insertProject(manager, {
      ...fields,
      organizationId,
      departmentId: project.departmentId,
      partnerMunicipalities: [],
    });
    await this.projects.replaceKpis(manager, id, project.kpis);
    await this.record(manager, run, 'project.created', { type: 'project', id }, { name: project.name });
    return { id, created: true };
  }

  private async writeReport(
    manager: EntityManager,
    run: ImportRun,
    { index, parsed, project, yearPlan }: PlannedReport,
    { id: projectId, created }: WrittenProject,
  ): Promise<ImportedReportRef> {
    const published = run.mode === ImportMode.Published;
    const full = await this.drafts.start(manager, {
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
              publishedAt: new Date(),
            }
          : {}),
      },
      budgetLines: parsed.budgetLines,
      kpiResults: parsed.kpiResults,
    });
    const reportId = full.id;
    await this.record(
      manager,
      run,
      'report.imported',
      { type: 'report', id: reportId },
      { projectId, projectCreated: created, fiscalYear: full.fiscalYear, status: full.status },
    );
    return {
      index,
      reportId,
      projectId,
      projectName: project!.name,
      projectCreated: created,
      fiscalYear: full.fiscalYear,
      status: full.status,
    };
  }

  private async record(
    manager: EntityManager,
    run: ImportRun,
    action: string,
    entity: { type: string; id: string },
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(
      manager,
      actorEvent(run.actor, action, entity, { ...details, source: run.source, mode: run.mode }),
    );
  }
}
