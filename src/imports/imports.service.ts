import { BadRequestException, ConflictException, ForbiddenException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { auditActorOf, AuditLog } from '../audit/audit-log';
import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { OrganizationActor } from '../access/actor';
import { fiscalYearLabel } from '../common/era-input';
import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../reports/report/assessment';
import { kpiLabel } from '../projects/kpi-label';
import { planYearLabel } from '../reports/report/report-calculations';
import { fiscalYearOf } from '../common/japanese-era';
import { completeVersionBump } from '../infra/database/optimistic-lock';
import { OrganizationsService } from '../organizations/organizations.service';
import { GrantProject } from '../projects/grant-project.entity';
import { KpiDefinition } from '../projects/kpi-definition.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { computeBudgetTotals, planYearIndex } from '../reports/report/report-calculations';
import { ReportDrafts } from '../reports/changes/report-drafts';
import { ResultReport } from '../reports/report/result-report.entity';
import { Role } from '../access/role';
import { todayInJapan } from '../common/dates';
import { ReportStatus } from '../reports/rules/report-status';
import { ImportIssue, ImportLayout, ImportMode, SourceSheet } from './import-model';
import { parseImport } from './import-parser';
import { ImportPlan, importedProjectFields, planImport, PlannedProject, PlannedReport, projectKey, StoredState } from './import-plan';
import { DryRunView, ImportedReportRef, ImportedReportView, ImportResultView } from './imports.dto';
import { decodeText, isLegacyExcel, isXlsx, rowsFromText, rowsFromWorkbook } from './source-rows';

/** A file to import: pasted text (as UTF-8) or an upload, with the name the audit log records. */
export interface ImportSource {
  name: string;
  bytes: Buffer;
}

export interface ImportSettings {
  departmentId: string;
  mode?: ImportMode;
  layout?: ImportLayout;
  grantTypeCode?: string;
}

const DEFAULT_GRANT_TYPE = 'promotion';

/**
 * Import of the published layouts: a dry run says report by report and field by field what was understood and
 * what not; the confirmation re-reads the same file (checked by its checksum) and writes all of it in one
 * transaction, or nothing.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly organizations: OrganizationsService,
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
  ) {}

  async dryRun(actor: OrganizationActor, source: ImportSource, settings: ImportSettings): Promise<DryRunView> {
    const mode = settings.mode ?? ImportMode.Draft;
    const parsed = await this.parseAuthorized(actor, source, settings);
    const plan = planImport(parsed, await this.storedState(this.dataSource.manager, actor.organizationId), { actor, mode, departmentId: settings.departmentId });
    return dryRunView(plan, checksumOf(source), source.name, mode, settings.departmentId);
  }

  async confirm(actor: OrganizationActor, source: ImportSource, settings: ImportSettings, checksum: string): Promise<ImportResultView> {
    const mode = settings.mode ?? ImportMode.Draft;
    const parsed = await this.parseAuthorized(actor, source, settings);
    if (checksumOf(source) !== checksum) {
      throw new ConflictException('This file differs from the one checked in the dry run (its checksum does not match). Run the dry run again and confirm what it shows.');
    }
    return this.dataSource.transaction(async (manager) => {
      // One import per organization at a time: two confirmations of the same file cannot both create its projects.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`import:${actor.organizationId}`]);
      const plan = planImport(parsed, await this.storedState(manager, actor.organizationId), { actor, mode, departmentId: settings.departmentId });
      if (plan.errorCount > 0) {
        const errors = allIssues(plan).filter((issue) => issue.severity === 'error');
        throw new UnprocessableEntityException({
          message: `The file has ${errors.length} error(s); nothing was imported. Correct them and run the dry run again.`,
          details: errors.map(({ path, message }) => ({ path, message })),
        });
      }
      const reports = await new ImportWriter(manager, actor, mode, { file: source.name, checksum }, this.drafts, this.audit).write(plan);
      await this.audit.append(manager, {
        organizationId: actor.organizationId,
        actor: auditActorOf(actor),
        action: 'import.confirmed',
        entityType: 'import',
        entityId: checksum,
        details: {
          source: source.name,
          checksum,
          layout: plan.layout,
          mode,
          departmentId: settings.departmentId,
          reports: reports.map(({ reportId, projectId, fiscalYear }) => ({ reportId, projectId, fiscalYear })),
          warnings: plan.warningCount,
        },
      });
      return { checksum, sourceName: source.name, mode, reports, warnings: allIssues(plan).filter((issue) => issue.severity === 'warning') };
    });
  }

  /** Who may import what is checked before the file is read. */
  private async parseAuthorized(actor: OrganizationActor, source: ImportSource, settings: ImportSettings) {
    const mode = settings.mode ?? ImportMode.Draft;
    if (mode === ImportMode.Published && !actor.roles.includes(Role.Administrator)) {
      throw new ForbiddenException('Only administrators may load published history; import the reports as drafts instead.');
    }
    const department = await this.organizations.getDepartment(actor.organizationId, settings.departmentId).catch(() => null);
    if (!department) {
      throw new BadRequestException({ message: 'The department does not exist in this organization.', details: [{ path: '/departmentId', message: 'departmentId must be a department of this organization' }] });
    }
    if (!seesWholeOrganization(actor) && !ownsDepartment(actor, department.id)) {
      throw new ForbiddenException('You may import only into your own department.');
    }
    const grantTypes = await this.projects.listGrantTypes();
    const defaultGrantTypeCode = settings.grantTypeCode ?? DEFAULT_GRANT_TYPE;
    if (!grantTypes.some((type) => type.code === defaultGrantTypeCode)) {
      throw new BadRequestException({ message: `Unknown grant type "${defaultGrantTypeCode}".`, details: [{ path: '/grantTypeCode', message: 'grantTypeCode must be a code from GET /api/v1/grant-types' }] });
    }
    return parseImport(await readSheets(source), { mode, layout: settings.layout ?? ImportLayout.Auto, grantTypes, defaultGrantTypeCode });
  }

  private async storedState(manager: EntityManager, organizationId: string): Promise<StoredState> {
    const projects = await manager.find(GrantProject, { where: { organizationId }, relations: { kpis: true }, order: { createdAt: 'ASC' } });
    const reports = await manager.find(ResultReport, { where: { organizationId }, select: { projectId: true, fiscalYear: true } });
    const [year, month] = todayInJapan().split('-').map(Number);
    const byKey = new Map<string, GrantProject>();
    for (const project of projects) if (!byKey.has(projectKey(project.name))) byKey.set(projectKey(project.name), project);
    return { projects: byKey, reportYears: new Set(reports.map((report) => `${report.projectId}:${report.fiscalYear}`)), currentFiscalYear: fiscalYearOf({ year, month }) };
  }
}

function checksumOf(source: ImportSource): string {
  return createHash('sha256').update(source.bytes).digest('hex');
}

async function readSheets(source: ImportSource): Promise<SourceSheet[]> {
  if (isLegacyExcel(source.bytes)) throw new BadRequestException('This is an old-format Excel file (.xls). Save it from Excel as "Excel ブック (*.xlsx)" and upload it again.');
  if (isXlsx(source.bytes)) {
    return rowsFromWorkbook(source.bytes).catch(() => {
      throw new BadRequestException('The file is not a readable .xlsx workbook. Save it from Excel as "Excel ブック (*.xlsx)" and upload it again.');
    });
  }
  const text = decodeText(source.bytes);
  if (text === null) throw new BadRequestException('The file is neither an .xlsx workbook nor text in UTF-8 or Shift_JIS. Upload the .xlsx, or paste the cells.');
  return [rowsFromText(text)];
}

function allIssues(plan: ImportPlan): ImportIssue[] {
  return [...plan.issues, ...plan.reports.flatMap((report) => report.issues)];
}

function dryRunView(plan: ImportPlan, checksum: string, sourceName: string, mode: ImportMode, departmentId: string): DryRunView {
  const issues = allIssues(plan);
  return {
    checksum,
    sourceName,
    layout: plan.layout,
    mode,
    canConfirm: plan.errorCount === 0,
    counts: {
      reports: plan.reports.length,
      newProjects: plan.projects.filter((project) => !project.existing).length,
      updatedProjects: plan.projects.filter((project) => project.existing && project.changes.length > 0).length,
      errors: issues.filter((issue) => issue.severity === 'error').length,
      warnings: issues.filter((issue) => issue.severity === 'warning').length,
    },
    reports: plan.reports.map((report) => reportView(report, mode, departmentId)),
    errors: plan.issues.filter((issue) => issue.severity === 'error'),
    warnings: plan.issues.filter((issue) => issue.severity === 'warning'),
  };
}

function reportView({ index, parsed, project, issues }: PlannedReport, mode: ImportMode, departmentId: string): ImportedReportView {
  const fiscalYear = parsed.fiscalYear;
  const source = project ?? { ...parsed.project, existing: null, departmentId, changes: [] };
  const start = source.planStartFiscalYear;
  const end = source.planEndFiscalYear;
  const planYear = fiscalYear !== null && start !== null && end !== null ? planYearIndex(start, end, fiscalYear) : null;
  return {
    index,
    location: parsed.location,
    section: parsed.section,
    fiscalYear,
    fiscalYearLabel: fiscalYear === null ? null : fiscalYearLabel(fiscalYear),
    status: mode === ImportMode.Published ? ReportStatus.Published : ReportStatus.Draft,
    markedDraft: parsed.markedDraft,
    statedPlanYear: parsed.statedPlanYear,
    planYearLabel: planYear === null ? null : planYearLabel(planYear),
    project: {
      action: source.existing ? 'update' : 'create',
      projectId: source.existing?.id ?? null,
      departmentId: source.departmentId,
      projectNumber: source.projectNumber,
      name: source.name,
      grantTypeCode: source.grantTypeCode,
      planStartFiscalYear: start,
      planEndFiscalYear: end,
      planPeriodLabel: start !== null && end !== null ? `${fiscalYearLabel(start)}～${fiscalYearLabel(end)}` : null,
      overview: source.overview,
      jointApplicationNote: source.jointApplicationNote,
      kpis: source.kpis.map((kpi) => ({ ...kpi, label: kpiLabel(kpi.position) })),
      changes: source.changes,
    },
    actualAsOf: parsed.actualAsOf,
    budgetLines: parsed.budgetLines,
    typedTotals: parsed.typedTotals,
    computedTotals: computeBudgetTotals(parsed.budgetLines),
    kpiResults: parsed.kpiResults,
    effectLevel: parsed.effectLevel,
    effectLevelLabel: parsed.effectLevel ? EFFECT_LEVEL_LABELS[parsed.effectLevel] : null,
    effectNarrative: parsed.effectNarrative,
    panelRating: parsed.panelRating,
    panelRatingLabel: parsed.panelRating ? PANEL_RATING_LABELS[parsed.panelRating] : null,
    panelOpinion: parsed.panelOpinion,
    policyDecision: parsed.policyDecision,
    policyLabel: parsed.policyDecision ? POLICY_DECISION_LABELS[parsed.policyDecision].label : null,
    policyReason: parsed.policyReason,
    errors: issues.filter((issue) => issue.severity === 'error'),
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}

/** Writes a checked plan inside the caller's transaction, with a revision and an audit entry for everything it creates or changes. */
class ImportWriter {
  private readonly projectIds = new Map<string, { id: string; created: boolean }>();

  constructor(
    private readonly manager: EntityManager,
    private readonly actor: OrganizationActor,
    private readonly mode: ImportMode,
    private readonly source: { file: string; checksum: string },
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
  ) {}

  async write(plan: ImportPlan): Promise<ImportedReportRef[]> {
    for (const project of plan.projects) this.projectIds.set(project.key, await this.writeProject(project));
    const written: ImportedReportRef[] = [];
    for (const report of plan.reports) written.push(await this.writeReport(report));
    return written;
  }

  private async writeProject(project: PlannedProject): Promise<{ id: string; created: boolean }> {
    const fields = importedProjectFields(project);
    const organizationId = this.actor.organizationId;
    if (project.existing) {
      if (project.changes.length > 0) {
        const stored = await this.manager.findOneOrFail(GrantProject, { where: { id: project.existing.id, organizationId }, lock: { mode: 'pessimistic_write' } });
        const version = stored.version;
        await this.manager.save(Object.assign(stored, fields));
        await this.replaceKpis(stored.id, project);
        await completeVersionBump(this.manager, GrantProject, stored.id, version);
        await this.record('project.edited', 'project', stored.id, { changes: project.changes });
      }
      return { id: project.existing.id, created: false };
    }
    const { identifiers } = await this.manager.insert(GrantProject, { ...fields, organizationId, departmentId: project.departmentId, partnerMunicipalities: [] });
    const id = identifiers[0].id as string;
    await this.replaceKpis(id, project);
    await this.record('project.created', 'project', id, { name: project.name });
    return { id, created: true };
  }

  private async replaceKpis(projectId: string, project: PlannedProject): Promise<void> {
    await this.manager.delete(KpiDefinition, { projectId });
    if (project.kpis.length > 0) await this.manager.insert(KpiDefinition, project.kpis.map((kpi) => ({ ...kpi, projectId })));
  }

  private async writeReport({ index, parsed, project }: PlannedReport): Promise<ImportedReportRef> {
    const { id: projectId, created } = this.projectIds.get(project!.key)!;
    const published = this.mode === ImportMode.Published;
    const full = await this.drafts.start(this.manager, {
      organizationId: this.actor.organizationId,
      projectId,
      fiscalYear: parsed.fiscalYear!,
      userId: this.actor.userId,
      fields: {
        status: published ? ReportStatus.Published : ReportStatus.Draft,
        actualAsOf: parsed.actualAsOf,
        typedBudgetTotal: parsed.typedTotals.budgetAmount,
        typedBudgetGrantTotal: parsed.typedTotals.budgetGrantAmount,
        typedActualTotal: parsed.typedTotals.actualAmount,
        typedActualGrantTotal: parsed.typedTotals.actualGrantAmount,
        effectLevel: parsed.effectLevel,
        effectNarrative: parsed.effectNarrative,
        // ⑦ and ⑧ are the planning division's: a draft gets them through the workflow, history as published.
        ...(published
          ? { panelRating: parsed.panelRating, panelOpinion: parsed.panelOpinion, policyDecision: parsed.policyDecision, policyReason: parsed.policyReason, publishedAt: new Date() }
          : {}),
      },
      budgetLines: parsed.budgetLines,
      kpiResults: parsed.kpiResults,
    });
    const reportId = full.id;
    await this.record('report.imported', 'report', reportId, { projectId, projectCreated: created, fiscalYear: full.fiscalYear, status: full.status });
    return { index, reportId, projectId, projectName: project!.name, projectCreated: created, fiscalYear: full.fiscalYear, status: full.status };
  }

  private async record(action: string, entityType: string, entityId: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.append(this.manager, {
      organizationId: this.actor.organizationId,
      actor: auditActorOf(this.actor),
      action,
      entityType,
      entityId,
      details: { ...details, source: this.source, mode: this.mode },
    });
  }
}
