import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { diffDocuments, FieldChange } from '../common/document-diff';
import { fiscalYearLabel } from '../common/era-input';
import { insertInOneStatement } from '../infra/database/one-statement';
import { Transactions } from '../infra/database/transactions';
import { OutboxRepository } from '../outbox/outbox.repository';
import { kpiLabel } from '../projects/kpi-label';
import { ProjectsService } from '../projects/projects.service';
import { ReportChanges, reportNotification } from './changes/report-changes';
import { ReportDrafts, reportCreated } from './changes/report-drafts';
import { endsTheProject } from './report/assessment';
import { AssessmentScale, storedWording } from './report/assessment-choices';
import { AssessmentOptions } from './report/assessment-options';
import {
  budgetCarryOverRefusal,
  budgetItemsOf,
  carriedOverBudgetLines,
  type EarlierYearBudget,
} from './report/budget-carry-over';
import { type PreviousYearReport } from './report/previous-year';
import { type KpiResult } from './report/kpi-result.entity';
import { sectionsWritten } from './report/report-sections';
import { planYearIndex } from './report/report-calculations';
import { ReportEditionsRepository } from './report/report-editions.repository';
import { ReportReader } from './report/report-reader';
import { ReportRevision } from './report/report-revision.entity';
import { buildReportView, ReportView } from './report/report-view';
import {
  type LatestDecision,
  type ListedReport,
  Page,
  ReportFilters,
  type ReportOfLedger,
  ReportsRepository,
} from './report/reports.repository';
import { ResultReport } from './report/result-report.entity';
import { actualOutsideSpan, type FiscalYearSpan, precedesPlan, yearlyActualSpan } from './report/yearly-actual-years';
import { comparisonRefusal } from './changes/compared-versions';
import { type GrantProject } from '../projects/grant-project.entity';
import { correctionOpenedFrom, ON_THE_RECORD, ReportStatus } from './rules/report-status';
import { authorizeAction, ReportAction } from './rules/report-workflow';
import {
  AcknowledgeWarningsRequest,
  CarryOverBudgetRequest,
  CreateReportRequest,
  KpiResultRequest,
  UpdateReportRequest,
} from './reports.dto';

/** A project's latest decided ⑧ with the wording it was decided with (the municipality's, else the national label). */
export type WordedDecision = LatestDecision & { label: string };

const worded = (decided: LatestDecision): WordedDecision => ({
  ...decided,
  label: storedWording(AssessmentScale.PolicyDecision, decided.decision, decided)!.label,
});

/** Reports as the owning department and planning keep them: list, read, start, edit drafts, versions. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly reports: ReportsRepository,
    private readonly editions: ReportEditionsRepository,
    private readonly reader: ReportReader,
    private readonly projects: ProjectsService,
    private readonly changes: ReportChanges,
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
    private readonly options: AssessmentOptions,
    private readonly outbox: OutboxRepository,
  ) {}

  list(actor: OrganizationActor, filters: ReportFilters, page: Page): Promise<[ListedReport[], number]> {
    return this.reports.list(actor, filters, page);
  }

  get(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.reader.view(actor, reportId);
  }

  /** Whether the caller may open the report now (for a link made earlier, when it may no longer be theirs to see). */
  isVisible(actor: OrganizationActor, reportId: string): Promise<boolean> {
    return this.reports.isVisible(actor, reportId);
  }

  /**
   * 前年度: the project's report of the fiscal year before `view`'s as the public record holds it, for whoever reads
   * `view` (a report the caller has read): what anyone may read, so an expert compares with last year as the public
   * does. Null when the year before has no report on the public record. A one-click link session opens only its own
   * report, so to it the year before is readable only on the public site.
   */
  async previousYear(actor: OrganizationActor, view: ReportView): Promise<PreviousYearReport | null> {
    const [previous] = await this.editions.currentPublicOfProject(
      actor.organizationId,
      view.project.id,
      view.fiscalYear - 1,
    );
    if (!previous) return null;
    return {
      reportId: previous.id,
      fiscalYear: previous.fiscalYear,
      view: previous,
      readable: !actor.linkScope && (await this.reports.isVisible(actor, previous.id)),
    };
  }

  /**
   * The projects among `projectIds` whose latest decided ⑧ ends them (事業の終了・中止, endsTheProject), with that
   * decision: a later year's report is then started only for a year it still ran.
   */
  async endingDecisions(projectIds: string[]): Promise<Map<string, WordedDecision>> {
    const decisions = await this.reports.latestDecisions(projectIds);
    return new Map(
      [...decisions]
        .filter(([, decided]) => endsTheProject(decided.decision))
        .map(([projectId, decided]) => [projectId, worded(decided)]),
    );
  }

  /**
   * The project's reports the caller sees that are past 作成中 and not on the published record, oldest year first: a
   * move of the project to another department makes that department responsible for them (asOfItsYear).
   */
  async inFlightOfProject(actor: OrganizationActor, projectId: string): Promise<ReportOfLedger[]> {
    return (await this.reports.visibleOfProject(actor, projectId)).filter(
      (report) => report.status !== ReportStatus.Draft && !ON_THE_RECORD.includes(report.status),
    );
  }

  /** The project's report of a fiscal year, where the caller sees it (one report a project and year). */
  async ofProjectYear(actor: OrganizationActor, projectId: string, fiscalYear: number): Promise<ReportOfLedger | null> {
    return (
      (await this.reports.visibleOfProject(actor, projectId)).find((report) => report.fiscalYear === fiscalYear) ?? null
    );
  }

  /**
   * The projects the caller sees that should have a report of the fiscal year and have none (its plan period covers
   * the year, or its latest decided ⑧ goes on), each with that decision as it was worded: for the year board.
   */
  async unreportedOf(
    actor: OrganizationActor,
    fiscalYear: number,
  ): Promise<{ project: GrantProject; decision: WordedDecision | null }[]> {
    const unreported = await this.reports.unreportedOf(actor, fiscalYear);
    return unreported.map(({ project, decision }) => ({ project, decision: decision && worded(decision) }));
  }

  /** The organization's reports in these states, of these departments (see ReportsRepository.inStatusesOfDepartments). */
  inStatusesOfDepartments(organizationId: string, departmentIds: string[], statuses: ReportStatus[]) {
    return this.reports.inStatusesOfDepartments(organizationId, departmentIds, statuses);
  }

  /** Titles of the organization's reports by id, for records that name them (see ReportsRepository.titlesOf). */
  titlesOf(organizationId: string, reportIds: string[]) {
    return this.reports.titlesOf(organizationId, reportIds);
  }

  viewsOfYear(actor: OrganizationActor, fiscalYear: number): Promise<ReportView[]> {
    return this.reader.viewsOfYear(actor, fiscalYear);
  }

  edition(actor: OrganizationActor, reportId: string, edition: number): Promise<ReportView> {
    return this.reader.edition(actor, reportId, edition);
  }

  async create(actor: OrganizationActor, request: CreateReportRequest): Promise<ReportView> {
    const project = await this.projects.get(actor, request.projectId);
    if (!seesWholeOrganization(actor) && !ownsDepartment(actor, project.departmentId)) {
      throw new ForbiddenException(
        'Only the owning department or the planning division may start a report for this project.',
      );
    }
    if (planYearIndex(project.planStartFiscalYear, project.planEndFiscalYear, request.fiscalYear) === null) {
      throw new BadRequestException({
        message: `Fiscal year ${request.fiscalYear} lies outside the project's plan period ${project.planStartFiscalYear}–${project.planEndFiscalYear}.`,
        details: [{ path: '/fiscalYear', message: 'fiscalYear must lie within the plan period (②実施計画期間)' }],
      });
    }
    // A report the project already has of the year is refused by the start, under the lock that makes it certain.
    const reportId = await this.transactions.run(async (manager) => {
      const report = await this.drafts.start(manager, {
        organizationId: actor.organizationId,
        projectId: project.id,
        fiscalYear: request.fiscalYear,
        userId: actor.userId,
      });
      await this.audit.append(manager, reportCreated(actor, report));
      return report.id;
    });
    return this.get(actor, reportId);
  }

  /**
   * Saves a draft. Atomic: a conflicting stale version (see ReportChanges) or any invalid part leaves the stored report
   * exactly as it was.
   */
  async update(actor: OrganizationActor, reportId: string, request: UpdateReportRequest): Promise<ReportView> {
    const { version, ...written } = request;
    const after = await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.Edit,
        auditAction: 'report.edited',
        editedVersion: version,
        editedSections: sectionsWritten(written),
      },
      async ({ manager, before, report, project }) => {
        const { budgetLines, typedTotals, kpiResults, effectLevel, ...fields } = written;
        Object.assign(report, fields);
        if (effectLevel !== undefined) await this.chooseEffectLevel(manager, report, effectLevel);
        if (typedTotals) {
          Object.assign(report, {
            typedBudgetTotal: typedTotals.budgetAmount ?? null,
            typedBudgetGrantTotal: typedTotals.budgetGrantAmount ?? null,
            typedActualTotal: typedTotals.actualAmount ?? null,
            typedActualGrantTotal: typedTotals.actualGrantAmount ?? null,
          });
        }
        // ReportChanges saves the row once after the change, so the version moves on exactly once.
        if (budgetLines) {
          await this.reports.replaceBudgetLines(
            manager,
            reportId,
            budgetLines.map((line) => ({
              name: line.name?.trim() ?? '',
              summary: line.summary?.trim() ?? '',
              results: line.results?.trim() ?? '',
              budgetAmount: line.budgetAmount ?? null,
              budgetGrantAmount: line.budgetGrantAmount ?? null,
              actualAmount: line.actualAmount ?? null,
              actualGrantAmount: line.actualGrantAmount ?? null,
            })),
          );
        }
        if (kpiResults)
          await this.mergeKpiResults(manager, reportId, kpiResults, {
            kpiPositions: (project.kpis ?? []).map((kpi) => kpi.position),
            stored: before.kpiResults ?? [],
            span: yearlyActualSpan({
              fiscalYear: report.fiscalYear,
              planStartFiscalYear: project.planStartFiscalYear,
            }),
          });
      },
    );
    return buildReportView(after, after.project!);
  }

  /**
   * What the draft's ④ could start from: the budget items of the project's latest earlier report, offered while ④ is
   * empty; null when there is nothing to take over (see carryOverBudgetLines).
   */
  async budgetCarryOver(actor: OrganizationActor, view: ReportView): Promise<EarlierYearBudget | null> {
    if (budgetCarryOverRefusal(view)) return null;
    return this.latestEarlierBudget(actor, view.project.id, view.fiscalYear);
  }

  /**
   * Starts an empty ④ of a draft from the project's latest earlier report (the year before, or the last year reported
   * when the project skipped one), as an edit of the draft: each budget item's 事業名 and 概要 (an item runs for years,
   * its results and amounts are each year's own).
   */
  async carryOverBudgetLines(
    actor: OrganizationActor,
    reportId: string,
    request: CarryOverBudgetRequest,
  ): Promise<ReportView> {
    const after = await this.changes.run(
      actor,
      reportId,
      { action: ReportAction.Edit, auditAction: 'report.edited', editedVersion: request.version },
      async ({ manager, before, recordDetails }) => {
        const refusal = budgetCarryOverRefusal({ status: before.status, budgetLines: before.budgetLines ?? [] });
        if (refusal) throw new ConflictException(refusal);
        const previous = await this.latestEarlierBudget(actor, before.projectId, before.fiscalYear, manager);
        if (!previous)
          throw new ConflictException(
            `The project has no report before fiscal year ${before.fiscalYear} with budget lines to carry over.`,
          );
        await this.reports.replaceBudgetLines(manager, reportId, carriedOverBudgetLines(previous.lines));
        const { reportId: fromReportId, fiscalYear, edition } = previous;
        recordDetails({ budgetCarriedOverFrom: { reportId: fromReportId, fiscalYear, edition } });
      },
    );
    return buildReportView(after, after.project!);
  }

  /**
   * The project's report of the latest year before this one, as the actor may see it, and its budget items: once
   * published, as its latest edition has them (the public record; a correction under way is not it yet), otherwise as
   * it stands. Null when there is no such report or it has no items: an older report is not looked for, as the latest
   * is what the project last planned.
   */
  private async latestEarlierBudget(
    actor: OrganizationActor,
    projectId: string,
    fiscalYear: number,
    manager?: EntityManager,
  ): Promise<EarlierYearBudget | null> {
    const previous = await this.reports.latestVisibleOfProjectBefore(actor, projectId, fiscalYear, manager);
    if (!previous) return null;
    const published = await this.editions.latestBudgetLines(actor.organizationId, previous.id, manager);
    const lines = budgetItemsOf(published?.budgetLines ?? previous.budgetLines ?? []);
    if (lines.length === 0) return null;
    return { reportId: previous.id, fiscalYear: previous.fiscalYear, edition: published?.edition ?? null, lines };
  }

  /** Confirms warnings as intended (e.g. a published total that really differs); only current warnings count. */
  async acknowledgeWarnings(
    actor: OrganizationActor,
    reportId: string,
    request: AcknowledgeWarningsRequest,
  ): Promise<ReportView> {
    const current = await this.get(actor, reportId);
    const known = new Set(current.warnings.map((warning) => warning.key));
    const unknown = request.keys.findIndex((key) => !known.has(key));
    if (unknown >= 0) {
      throw new BadRequestException({
        message: "A warning to confirm is not among the report's current warnings; reload the report.",
        details: [{ path: `/keys/${unknown}`, message: 'not a current warning of this report' }],
      });
    }
    const after = await this.changes.run(
      actor,
      reportId,
      {
        action: ReportAction.Edit,
        auditAction: 'report.warnings_acknowledged',
        editedVersion: request.version,
        auditDetails: { keys: request.keys },
      },
      ({ report }) => {
        const already = new Set(report.acknowledgedWarnings.map((ack) => ack.key));
        const at = new Date().toISOString();
        report.acknowledgedWarnings = [
          ...report.acknowledgedWarnings.filter((ack) => known.has(ack.key)),
          ...request.keys.filter((key) => !already.has(key)).map((key) => ({ key, userId: actor.userId, at })),
        ];
      },
    );
    return buildReportView(after, after.project!);
  }

  async delete(actor: OrganizationActor, reportId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      // Decided on the report as it stands once locked: a project moved to another department meanwhile takes it along.
      const locked = await this.changes.lockVisible(manager, actor, reportId);
      const [report, project] = [locked.row, locked.report.project!];
      authorizeAction(
        ReportAction.Delete,
        {
          status: report.status,
          organizationId: report.organizationId,
          departmentId: project.departmentId,
          assignedExpertIds: [],
          proposedBy: null,
          policyCorrectedBy: [],
          submissionProblems: [],
          awaitedExperts: [],
          openedFrom: correctionOpenedFrom(report),
        },
        actor,
      );
      await this.reports.delete(manager, reportId);
      // The outbox event settles what was still asked about the draft (its 差戻し): nothing else will now.
      await insertInOneStatement(manager, [
        this.audit.appending(
          manager,
          actorEvent(
            actor,
            'report.deleted',
            { type: 'report', id: reportId },
            { projectId: report.projectId, projectName: project.name, fiscalYear: report.fiscalYear },
          ),
        ),
        this.outbox.enqueuing(manager, [reportNotification(report, actor, 'report.deleted')]),
      ]);
    });
  }

  async revisions(actor: OrganizationActor, reportId: string): Promise<Omit<ReportRevision, 'snapshot'>[]> {
    await this.reader.assertVisible(actor, reportId);
    return this.reports.listRevisions(actor.organizationId, reportId);
  }

  /** The version the latest 差戻し sent back, to compare a resubmission with; null if never returned. */
  async versionReturned(actor: OrganizationActor, reportId: string): Promise<number | null> {
    await this.reader.assertVisible(actor, reportId);
    return this.reports.versionReturned(actor.organizationId, reportId);
  }

  async diff(
    actor: OrganizationActor,
    reportId: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<FieldChange[]> {
    await this.reader.assertVisible(actor, reportId);
    const versions = (await this.reports.listRevisions(actor.organizationId, reportId)).map(
      (revision) => revision.version,
    );
    const refusal = comparisonRefusal(versions, fromVersion, toVersion);
    if (refusal) {
      const message =
        refusal.reason === 'from_after_to'
          ? `from must not be after to; this report's versions are ${refusal.versions}`
          : `${refusal.path.slice(1)} must be a version of this report: ${refusal.versions}`;
      throw new BadRequestException({ message: `${message}.`, details: [{ path: refusal.path, message }] });
    }
    return this.changesBetween(actor.organizationId, reportId, fromVersion, toVersion);
  }

  /**
   * What a correction has changed so far: the report's version now against the one its latest edition published, so
   * whoever checks a correction sees what was changed without choosing versions. Null for a report never published.
   */
  async changesSincePublication(
    actor: OrganizationActor,
    reportId: string,
    version: number,
  ): Promise<{ edition: number; publishedVersion: number; changes: FieldChange[] } | null> {
    await this.reader.assertVisible(actor, reportId);
    const latest = (await this.editions.listOf(actor.organizationId, reportId)).pop();
    if (!latest) return null;
    // The content as of `version`, as revisionAsOf finds it (a publication withdrawn meanwhile changes none of it).
    const [published, saved] = await Promise.all([
      this.reports.findRevision(actor.organizationId, reportId, latest.reportVersion),
      this.reports.revisionAsOf(actor.organizationId, reportId, version),
    ]);
    return {
      edition: latest.edition,
      publishedVersion: latest.reportVersion,
      // Its state (公表済 → 訂正中) is the correction itself, not a change to check.
      changes: changesOf([published, latest.reportVersion], [saved, version]).filter(
        (change) => change.path !== '/status',
      ),
    };
  }

  private async changesBetween(
    organizationId: string,
    reportId: string,
    fromVersion: number,
    toVersion: number,
  ): Promise<FieldChange[]> {
    const [from, to] = await Promise.all([
      this.reports.findRevision(organizationId, reportId, fromVersion),
      this.reports.findRevision(organizationId, reportId, toVersion),
    ]);
    return changesOf([from, fromVersion], [to, toVersion]);
  }

  /** ⑥ as one of the organization's options: the kind adds up, the report keeps the wording chosen. */
  private async chooseEffectLevel(manager: EntityManager, report: ResultReport, key: string | null): Promise<void> {
    const level =
      key === null
        ? null
        : await this.options.choose(report.organizationId, AssessmentScale.EffectLevel, key, {
            path: '/effectLevel',
            currentKey: report.effectLevelOption ?? report.effectLevel,
            manager,
          });
    // Saving the form again with the same option keeps the wording the report has when that option was retired since,
    // or when the report is being corrected: a correction changes what the corrector changed, not a later relabelling.
    const sameOption = level !== null && level.key === (report.effectLevelOption ?? report.effectLevel);
    if (sameOption && (level.retired || report.status === ReportStatus.Correcting)) return;
    report.effectLevel = level?.kind ?? null;
    report.effectLevelOption = level?.key ?? null;
    report.effectLevelLabel = level?.label ?? null;
  }

  /**
   * ⑤ as sent, merged into the stored results (mergedKpiResults): one per KPI of the project, one actual a year, each
   * of a year from the plan's start up to the report's own (yearlyActualSpan) unless the report holds it already as it is.
   */
  private async mergeKpiResults(
    manager: EntityManager,
    reportId: string,
    results: KpiResultRequest[],
    { kpiPositions, stored, span }: { kpiPositions: number[]; stored: KpiResult[]; span: FiscalYearSpan },
  ): Promise<void> {
    const seen = new Set<number>();
    results.forEach((result, index) => {
      if (!kpiPositions.includes(result.position)) {
        throw new BadRequestException({
          message: `The project has no ${kpiLabel(result.position)}.`,
          details: [
            { path: `/kpiResults/${index}/position`, message: 'no KPI is defined at this position for the project' },
          ],
        });
      }
      if (seen.has(result.position)) {
        throw new BadRequestException({
          message: `Two results for ${kpiLabel(result.position)}.`,
          details: [{ path: `/kpiResults/${index}/position`, message: 'each KPI may have one result' }],
        });
      }
      seen.add(result.position);
      // One actual a year: of two, the ledger and the form would show only the first.
      const years = new Set<number>();
      (result.yearlyActuals ?? []).forEach(({ fiscalYear }, row) => {
        if (years.has(fiscalYear))
          throw new BadRequestException({
            message: `Two yearly actuals of ${kpiLabel(result.position)} for fiscal year ${fiscalYear}.`,
            details: [
              {
                path: `/kpiResults/${index}/yearlyActuals/${row}/fiscalYear`,
                message: 'each year may have one actual',
              },
            ],
          });
        years.add(fiscalYear);
      });
      const outside = actualOutsideSpan(
        result.yearlyActuals ?? [],
        stored.find((kept) => kept.position === result.position)?.yearlyActuals ?? [],
        span,
      );
      if (outside) throw yearOutsideSpan(result.position, index, outside, span);
    });
    await this.reports.replaceKpiResults(manager, reportId, mergedKpiResults(stored, results));
  }
}

/**
 * ⑤ as stored with the results sent merged in, in KPI order. A KPI not sent, and a field a result leaves out, stay as
 * stored, so that a client sending one KPI's 最新値 erases nothing else; null, false and [] are what clear a field.
 */
function mergedKpiResults(
  stored: KpiResult[],
  sent: KpiResultRequest[],
): Omit<KpiResult, 'id' | 'reportId' | 'report'>[] {
  const positions = [...new Set([...stored, ...sent].map((result) => result.position))].sort((a, b) => a - b);
  return positions.map((position) => {
    const kept = stored.find((result) => result.position === position);
    const result = sent.find((candidate) => candidate.position === position);
    return {
      position,
      latestValue: result?.latestValue === undefined ? (kept?.latestValue ?? null) : result.latestValue,
      latestAsOf: result?.latestAsOf === undefined ? (kept?.latestAsOf ?? null) : result.latestAsOf,
      isReference: result?.isReference ?? kept?.isReference ?? false,
      yearlyActuals: result?.yearlyActuals
        ? result.yearlyActuals
            .map(({ fiscalYear, value }) => ({ fiscalYear, value: value ?? null }))
            .sort((a, b) => a.fiscalYear - b.fiscalYear)
        : (kept?.yearlyActuals ?? []),
    };
  });
}

/**
 * 400 for a yearly actual of a year the report may not list (actualOutsideSpan). A report whose year lies before the
 * plan's start may list none: it is told so, and what to change, rather than given a range that runs backwards.
 */
function yearOutsideSpan(
  position: number,
  index: number,
  { row, fiscalYear }: { row: number; fiscalYear: number },
  span: FiscalYearSpan,
): BadRequestException {
  const kpi = kpiLabel(position);
  const { first, last } = span;
  const path = `/kpiResults/${index}/yearlyActuals/${row}/value`;
  if (precedesPlan(span)) {
    const reason = `the report's fiscal year ${last} lies before the plan period's start ${first}`;
    return new BadRequestException({
      message:
        `⑤${kpi}の${fiscalYearLabel(fiscalYear)}の実績は記録できません。この報告の年度(${fiscalYearLabel(last)})は` +
        `②実施計画期間の初年度(${fiscalYearLabel(first)})より前のため、年度ごとの実績は入力できません。` +
        `②実施計画期間を直すか、報告の年度が誤りであれば報告を削除して正しい年度で作成してください ` +
        `(the yearly actual of ${kpi} for fiscal year ${fiscalYear} cannot be recorded: ${reason}).`,
      details: [{ path, message: `fiscal year ${fiscalYear} cannot be recorded: ${reason}` }],
    });
  }
  return new BadRequestException({
    message:
      `⑤${kpi}の${fiscalYearLabel(fiscalYear)}の実績は記録できません。年度ごとの実績は、②実施計画期間の初年度から` +
      `この報告の年度まで(${fiscalYearLabel(first)}～${fiscalYearLabel(last)})について入力してください ` +
      `(the yearly actual of ${kpi} for fiscal year ${fiscalYear} lies outside ${first}–${last}, the plan period up to the report's fiscal year).`,
    details: [
      {
        path,
        message: `fiscal year ${fiscalYear} lies outside ${first}–${last}, the plan period up to the report's fiscal year`,
      },
    ],
  });
}

/** What changed from one revision to the other, each found for the version beside it; 404 for a version without one. */
function changesOf(
  [from, fromVersion]: [ReportRevision | null, number],
  [to, toVersion]: [ReportRevision | null, number],
): FieldChange[] {
  if (!from || !to)
    throw new NotFoundException(`Version ${!from ? fromVersion : toVersion} of this report does not exist.`);
  return diffDocuments(from.snapshot, to.snapshot);
}
