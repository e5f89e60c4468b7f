import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { OrganizationActor } from '../access/actor';
import { fiscalYearLabel } from '../common/era-input';
import { AssessmentScale } from '../reports/report/assessment-choices';
import { AssessmentOptions } from '../reports/report/assessment-options';
import { kpiLabel } from '../projects/kpi-label';
import { planYearLabel } from '../reports/report/report-calculations';
import { Transactions } from '../infra/database/transactions';
import { currentSuccessorOf } from '../organizations/department-succession';
import { OrganizationsService, retiredDepartment } from '../organizations/organizations.service';
import { GrantProject } from '../projects/grant-project.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { computeBudgetTotals, planYearIndex } from '../reports/report/report-calculations';
import { ReportsRepository } from '../reports/report/reports.repository';
import { Role } from '../access/role';
import { fiscalYearInJapan, instantInJapan, todayInJapan } from '../common/dates';
import { REPORT_STATUS_LABELS, ReportStatus } from '../reports/rules/report-status';
import { ImportFileReader } from './import-file-reader';
import { DepartmentChoice, ImportIssue, ImportLayout, ImportMode, ProjectChoice } from './import-model';
import { ImportPlan, type ImportTarget, planImport, PlannedReport, projectKey, StoredState } from './import-plan';
import { ImportWriter } from './import-writer';
import { underReport } from './issues';
import { formatNumber } from '../common/number-format';
import type { DraftKpiResults, NewKpiResult } from '../reports/changes/report-drafts';
import { DryRunView, ImportedReportView, ImportResultView } from './imports.dto';

/** A file to import: pasted text (as UTF-8) or an upload, with the name the audit log records. */
export interface ImportSource {
  name: string;
  bytes: Buffer;
}

/** Pasted cells as a source: the text as UTF-8, named as the user names it (or 貼り付け) in the audit log. */
export function pastedSource({ text, sourceName }: { text: string; sourceName?: string }): ImportSource {
  return { name: sourceName?.trim() || '貼り付け', bytes: Buffer.from(text, 'utf8') };
}

export interface ImportSettings {
  departmentId: string;
  mode?: ImportMode;
  layout?: ImportLayout;
  grantTypeCode?: string;
  /** Published imports: the day (YYYY-MM-DD) the reports were originally published, which they carry as such. */
  publishedOn?: string;
  /** For reports whose name is close to a stored project's: link to it or create a new one. */
  projectChoices?: ProjectChoice[];
  /** The department of a report's new project, where not `departmentId` (nor the sheet's 担当課). */
  projectDepartments?: DepartmentChoice[];
}

/** The grant type of new projects whose file names none, unless the import says otherwise. */
export const DEFAULT_GRANT_TYPE = 'promotion';

/**
 * Import of the published layouts: a dry run says report by report and field by field what was understood and
 * what not; the confirmation re-reads the same file (checked by its checksum) and writes all of it in one
 * transaction, or nothing.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectsRepository,
    private readonly reports: ReportsRepository,
    private readonly organizations: OrganizationsService,
    private readonly writer: ImportWriter,
    private readonly audit: AuditLog,
    private readonly options: AssessmentOptions,
    private readonly files: ImportFileReader,
  ) {}

  async dryRun(actor: OrganizationActor, source: ImportSource, settings: ImportSettings): Promise<DryRunView> {
    const { parsed, grantType, departments } = await this.parseAuthorized(actor, source, settings);
    const stored = await this.transactions.run((manager) => this.storedState(manager, actor.organizationId));
    const checksum = checksumOf(source, settings);
    const planned = planImport(parsed, stored, importTarget(actor, settings, departments));
    const run = {
      actor,
      mode: settings.mode ?? ImportMode.Draft,
      source: { file: source.name, checksum },
      publishedAt: null,
    };
    const drafts = await this.transactions.run((manager) => this.writer.previewDrafts(manager, run, planned));
    const plan = withDraftWarnings(planned, drafts);
    return { ...dryRunView(plan, drafts, checksum, source.name, settings), newProjectGrantType: grantType };
  }

  async confirm(
    actor: OrganizationActor,
    source: ImportSource,
    settings: ImportSettings,
    checksum: string,
  ): Promise<ImportResultView> {
    const mode = settings.mode ?? ImportMode.Draft;
    const { parsed, departments } = await this.parseAuthorized(actor, source, settings);
    if (checksumOf(source, settings) !== checksum) {
      throw new ConflictException(
        'This file, the project choices, the publication date or the grant type differ from the ones checked in the dry run (the checksum does not match). Run the dry run again and confirm what it shows.',
      );
    }
    return this.transactions.run(async (manager) => {
      // One import per organization at a time: two confirmations of the same file cannot both create its projects.
      await this.projects.lockImportsOf(manager, actor.organizationId);
      const plan = planImport(
        parsed,
        await this.storedState(manager, actor.organizationId),
        importTarget(actor, settings, departments),
      );
      if (plan.errorCount > 0) {
        const errors = allIssues(plan).filter((issue) => issue.severity === 'error');
        throw new UnprocessableEntityException({
          message: `The file has ${errors.length} error(s); nothing was imported. Correct them and run the dry run again.`,
          details: errors.map(({ path, message }) => ({ path, message })),
        });
      }
      const publishedOn = publicationDay(settings);
      const reports = await this.writer.write(
        manager,
        {
          actor,
          mode,
          source: { file: source.name, checksum },
          publishedAt: publishedOn === null ? null : instantInJapan(publishedOn),
        },
        plan,
      );
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'import.confirmed',
          { type: 'import', id: checksum },
          {
            source: source.name,
            checksum,
            layout: plan.layout,
            mode,
            publishedOn,
            departmentId: settings.departmentId,
            projectDepartments: settings.projectDepartments ?? [],
            projectChoices: canonicalChoices(settings.projectChoices),
            reports: reports.map(({ reportId, projectId, fiscalYear }) => ({ reportId, projectId, fiscalYear })),
            warnings: plan.warningCount,
          },
        ),
      );
      return {
        checksum,
        sourceName: source.name,
        mode,
        reports,
        warnings: allIssues(plan).filter((issue) => issue.severity === 'warning'),
      };
    });
  }

  /** Who may import what is checked before the file is read. */
  private async parseAuthorized(actor: OrganizationActor, source: ImportSource, settings: ImportSettings) {
    const mode = settings.mode ?? ImportMode.Draft;
    if (mode === ImportMode.Published && !actor.roles.includes(Role.Administrator)) {
      throw new ForbiddenException(
        'Only administrators may load published history; import the reports as drafts instead.',
      );
    }
    const department = await this.organizations
      .getDepartment(actor.organizationId, settings.departmentId)
      .catch(() => null);
    if (!department) {
      throw new BadRequestException({
        message: 'The department does not exist in this organization.',
        details: [{ path: '/departmentId', message: 'departmentId must be a department of this organization' }],
      });
    }
    const all = await this.organizations.listDepartments(actor.organizationId);
    if (department.retiredAt) throw retiredDepartment(department, all);
    if (!seesWholeOrganization(actor) && !ownsDepartment(actor, department.id)) {
      throw new ForbiddenException('You may import only into your own department.');
    }
    const departments = all.filter(
      ({ id, retiredAt }) => !retiredAt && (seesWholeOrganization(actor) || ownsDepartment(actor, id)),
    );
    const retiredDepartments = all
      .filter(({ retiredAt }) => retiredAt)
      .map(({ id, name }) => ({ name, successor: currentSuccessorOf(all, id) }));
    checkProjectDepartments(settings.projectDepartments ?? [], departments);
    checkPublicationDay(settings);
    const grantTypes = await this.projects.listGrantTypes();
    const defaultGrantTypeCode = settings.grantTypeCode ?? DEFAULT_GRANT_TYPE;
    const grantType = grantTypes.find((type) => type.code === defaultGrantTypeCode);
    if (!grantType) {
      throw new BadRequestException({
        message: `Unknown grant type "${defaultGrantTypeCode}".`,
        details: [{ path: '/grantTypeCode', message: 'grantTypeCode must be a code from GET /api/v1/grant-types' }],
      });
    }
    const [effectLevel, panelRating, policyDecision, organization] = await Promise.all([
      this.options.list(actor.organizationId, AssessmentScale.EffectLevel),
      this.options.list(actor.organizationId, AssessmentScale.PanelRating),
      this.options.list(actor.organizationId, AssessmentScale.PolicyDecision),
      this.organizations.get(actor.organizationId),
    ]);
    const reading = await this.files.read(source.bytes, {
      mode,
      layout: settings.layout ?? ImportLayout.Auto,
      grantTypes,
      defaultGrantTypeCode,
      wording: { effectLevel, panelRating, policyDecision },
      organizationName: organization.name,
    });
    if ('refusal' in reading) throw new BadRequestException(reading.refusal);
    return {
      parsed: reading.parsed,
      grantType: { code: grantType.code, label: grantType.label },
      departments: { choosable: departments.map(({ id, name }) => ({ id, name })), retired: retiredDepartments },
    };
  }

  private async storedState(manager: EntityManager, organizationId: string): Promise<StoredState> {
    const projects = await this.projects.withKpisOf(manager, organizationId);
    const reports = await this.reports.projectYears(manager, organizationId);
    const byKey = new Map<string, GrantProject>();
    for (const project of projects)
      if (!byKey.has(projectKey(project.name))) byKey.set(projectKey(project.name), project);
    return {
      projects: byKey,
      reportYears: new Map(
        reports.map(({ projectId, fiscalYear, status, name }) => [`${projectId}:${fiscalYear}`, { status, name }]),
      ),
      currentFiscalYear: fiscalYearInJapan(),
    };
  }
}

/** The 公表日 of a published import; a draft import has none, whatever the request holds. */
function publicationDay(settings: ImportSettings): string | null {
  return settings.mode === ImportMode.Published ? (settings.publishedOn ?? null) : null;
}

/**
 * Published history needs the day it was published: the day of the import would be quoted as the publication date on
 * every public page and open data file.
 */
function checkPublicationDay(settings: ImportSettings): void {
  if (settings.mode !== ImportMode.Published) return;
  const publishedOn = settings.publishedOn;
  if (!publishedOn) {
    throw new BadRequestException({
      message: 'A published import needs the day the reports were originally published (publishedOn).',
      details: [
        {
          path: '/publishedOn',
          message:
            'publishedOn is required for mode published: the day the reports were originally published (公表日), such as 2023-09-29 or R5.9.29',
        },
      ],
    });
  }
  if (publishedOn > todayInJapan()) {
    throw new BadRequestException({
      message: 'The publication date is in the future.',
      details: [{ path: '/publishedOn', message: 'publishedOn must not be in the future (Japan time)' }],
    });
  }
}

/**
 * A department chosen for a report must be one the importer may choose (a department of the organization; for an
 * owner, their own): refused naming the report, before the file is read.
 */
function checkProjectDepartments(choices: DepartmentChoice[], allowed: { id: string }[]): void {
  const refused = choices.flatMap(({ reportIndex, departmentId }, position) =>
    allowed.some(({ id }) => id === departmentId) ? [] : [{ reportIndex, position }],
  );
  if (refused.length > 0)
    throw new BadRequestException({
      message: `The department chosen for report ${refused.map(({ reportIndex }) => reportIndex).join(', ')} is not one of this organization you may import into.`,
      details: refused.map(({ reportIndex, position }) => ({
        path: `/projectDepartments/${position}/departmentId`,
        message: `departmentId of report ${reportIndex} must be a department of this organization you may import into`,
      })),
    });
}

function importTarget(
  actor: OrganizationActor,
  settings: ImportSettings,
  departments: { choosable: ImportTarget['departments']; retired: ImportTarget['retiredDepartments'] },
) {
  return {
    actor,
    mode: settings.mode ?? ImportMode.Draft,
    publishedOn: publicationDay(settings),
    departmentId: settings.departmentId,
    departmentChoices: settings.projectDepartments ?? [],
    departments: departments.choosable,
    retiredDepartments: departments.retired,
    projectChoices: settings.projectChoices ?? [],
  };
}

/** The choices in one order and shape, so the same choices always give the same checksum. */
function canonicalChoices(choices: ProjectChoice[] = []): ProjectChoice[] {
  return [...choices]
    .sort((a, b) => a.reportIndex - b.reportIndex)
    .map(({ reportIndex, choice, projectId }) => ({ reportIndex, choice, projectId: projectId ?? null }));
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * The file's SHA-256; with project choices, a publication date or another grant type than the default, a hash of it
 * and them, so the confirmation writes what was checked.
 */
function checksumOf(source: ImportSource, settings: ImportSettings): string {
  const file = sha256(source.bytes);
  const choices = canonicalChoices(settings.projectChoices);
  const publishedOn = publicationDay(settings);
  const grantType = settings.grantTypeCode === DEFAULT_GRANT_TYPE ? undefined : settings.grantTypeCode;
  if (choices.length === 0 && publishedOn === null && grantType === undefined) return file;
  return sha256(
    `${file}\n${JSON.stringify(choices)}${publishedOn === null ? '' : `\n${publishedOn}`}` +
      (grantType === undefined ? '' : `\ngrantType:${grantType}`),
  );
}

function allIssues(plan: ImportPlan): ImportIssue[] {
  return [...plan.issues, ...plan.reports.flatMap((report) => report.issues)];
}

/**
 * The plan with each draft's actuals that differ from their years' published 最新値 among its warnings: the draft
 * keeps the file's value and flags it (kpi_year_differs_from_published), so the importer hears of it before.
 */
function withDraftWarnings(plan: ImportPlan, drafts: Map<number, DraftKpiResults>): ImportPlan {
  let added = 0;
  const reports = plan.reports.map((report) => {
    const draft = drafts.get(report.index);
    if (!draft || draft.differing.length === 0) return report;
    added += draft.differing.length;
    return { ...report, issues: [...report.issues, ...underReport(report.index, differingYearIssues(draft))] };
  });
  return { ...plan, reports, warningCount: plan.warningCount + added };
}

function differingYearIssues({ kpiResults, differing }: DraftKpiResults): ImportIssue[] {
  return differing.map(({ path, typed, published }) => {
    // The warning points at /kpiResults/<index>/…, the draft's ⑤ as the dry run shows it.
    const { position } = kpiResults[Number(path.split('/')[2])];
    const year = fiscalYearLabel(published!.fiscalYear);
    return {
      severity: 'warning',
      code: 'kpi_year_differs_from_published',
      path,
      message: `⑤${kpiLabel(position)}: ${year}の実績 ${formatNumber(typed!)} が、${year}の報告で公表した最新値 ${formatNumber(published!.value)} と異なります。下書きにはファイルの値が入り、注意として残ります。`,
    };
  });
}

function dryRunView(
  plan: ImportPlan,
  drafts: Map<number, DraftKpiResults>,
  checksum: string,
  sourceName: string,
  settings: ImportSettings,
): Omit<DryRunView, 'newProjectGrantType'> {
  const issues = allIssues(plan);
  const mode = settings.mode ?? ImportMode.Draft;
  return {
    checksum,
    sourceName,
    layout: plan.layout,
    mode,
    publishedOn: publicationDay(settings),
    canConfirm: plan.errorCount === 0,
    counts: {
      reports: plan.reports.length,
      newProjects: plan.projects.filter((project) => !project.existing).length,
      linkedProjects: plan.projects.filter((project) => project.existing).length,
      errors: issues.filter((issue) => issue.severity === 'error').length,
      warnings: issues.filter((issue) => issue.severity === 'warning').length,
    },
    reports: plan.reports.map((report) => reportView(report, mode, settings.departmentId, drafts.get(report.index))),
    errors: plan.issues.filter((issue) => issue.severity === 'error'),
    warnings: plan.issues.filter((issue) => issue.severity === 'warning'),
  };
}

function reportView(
  { index, parsed, yearPlan: project, candidate, candidateYearReport, choice, issues }: PlannedReport,
  mode: ImportMode,
  departmentId: string,
  draft: DraftKpiResults | undefined,
): ImportedReportView {
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
      action: source.existing ? 'link' : 'create',
      projectId: source.existing?.id ?? null,
      departmentId: source.departmentId,
      departmentNameInFile: parsed.project.departmentName,
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
    candidate: candidate
      ? {
          projectId: candidate.project.id,
          projectNumber: candidate.project.projectNumber,
          name: candidate.project.name,
          nameInFile: parsed.project.name,
          similarity: Math.round(candidate.similarity * 1000) / 1000,
          sameProjectNumber: candidate.sameProjectNumber,
          differences: { inName: candidate.storedNameRanges, inNameInFile: candidate.fileNameRanges },
          choice,
          reportOfYear: candidateYearReport && {
            ...candidateYearReport,
            statusLabel: REPORT_STATUS_LABELS[candidateYearReport.status],
          },
        }
      : null,
    actualAsOf: parsed.actualAsOf,
    budgetLines: parsed.budgetLines,
    typedTotals: parsed.typedTotals,
    computedTotals: computeBudgetTotals(parsed.budgetLines),
    kpiResults: (draft?.kpiResults ?? parsed.kpiResults).map((result) => ({
      ...result,
      carriedYears: draft ? carriedYears(result, parsed.kpiResults) : [],
    })),
    effectLevel: parsed.effectLevel,
    effectLevelLabel: parsed.wording.effectLevel?.label ?? null,
    effectNarrative: parsed.effectNarrative,
    panelRating: parsed.panelRating,
    panelRatingLabel: parsed.wording.panelRating?.label ?? null,
    panelOpinion: parsed.panelOpinion,
    policyDecision: parsed.policyDecision,
    policyLabel: parsed.wording.policyDecision?.label ?? null,
    policyReason: parsed.policyReason,
    errors: issues.filter((issue) => issue.severity === 'error'),
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}

/** The years of a draft's KPI whose actual comes from the published record, the file giving none. */
function carriedYears(result: NewKpiResult, fromFile: NewKpiResult[]): number[] {
  const given = fromFile.find((own) => own.position === result.position)?.yearlyActuals ?? [];
  return result.yearlyActuals
    .filter(
      ({ fiscalYear, value }) =>
        value !== null && (given.find((actual) => actual.fiscalYear === fiscalYear)?.value ?? null) === null,
    )
    .map(({ fiscalYear }) => fiscalYear);
}
