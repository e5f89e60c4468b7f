import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { fiscalYearLabel } from '../common/era-input';
import { ExportsService } from '../exports/exports.service';
import { type ImportSource } from '../imports/imports.service';
import { ImportFileReader } from '../imports/import-file-reader';
import { isLegacyExcel, isXlsx } from '../imports/source-rows';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReportChanges } from '../reports/changes/report-changes';
import { AssessmentScale } from '../reports/report/assessment-choices';
import { AssessmentOptions } from '../reports/report/assessment-options';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { ReviewsService } from '../reports/reviews/reviews.service';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { ReportAction } from '../reports/rules/report-workflow';
import { evaluating } from '../reports/workflow/workflow.service';
import { type CommitteePack, PACK_STATUSES, type PackReport } from './committee-pack';
import { changedSincePackMade, type PackImportPlan, planPackImport } from './committee-pack-import';
import { committeePackPage } from './committee-pack-page';
import { committeePackWorkbook } from './committee-pack-workbook';
import { CommitteePackDryRunView, CommitteePackImportResultView } from './committee-packs.dto';

const SOURCE = 'committee_pack';

/**
 * 外部評価委員会資料: the year's reports under (or past) expert review as one workbook and one printable page for the
 * panel's meeting, and the import of what the meeting decided. The import writes through the report's own operations:
 * ⑦ as the evaluation (rules, audit, notifications), each expert's opinion as entered on the expert's behalf.
 */
@Injectable()
export class CommitteePacksService {
  constructor(
    private readonly transactions: Transactions,
    private readonly exports: ExportsService,
    private readonly reports: ReportsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly reviewsService: ReviewsService,
    private readonly changes: ReportChanges,
    private readonly options: AssessmentOptions,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditLog,
    private readonly files: ImportFileReader,
  ) {}

  /** The workbook, audited as an export of each report in it. */
  async workbook(actor: OrganizationActor, fiscalYear: number): Promise<{ pack: CommitteePack; content: Buffer }> {
    const pack = await this.packOrNotFound(actor, fiscalYear);
    const content = await committeePackWorkbook(pack);
    await this.recordExport(actor, pack, 'xlsx');
    return { pack, content };
  }

  /** The printable page, audited likewise. */
  async page(actor: OrganizationActor, fiscalYear: number): Promise<{ pack: CommitteePack; content: string }> {
    const pack = await this.packOrNotFound(actor, fiscalYear);
    const content = committeePackPage(pack);
    await this.recordExport(actor, pack, 'html');
    return { pack, content };
  }

  /** What the filled workbook would change, report by report and cell by cell. Writes nothing. */
  async dryRun(actor: OrganizationActor, fiscalYear: number, source: ImportSource): Promise<CommitteePackDryRunView> {
    const plan = await this.plan(actor, fiscalYear, source);
    return dryRunView(plan, fiscalYear, source, checksumOf(source));
  }

  /**
   * Writes what the dry run of the same file showed, all or nothing in one transaction: a meeting's record is taken in
   * whole or not at all. Refused when the file differs from the one checked (409), has errors or changes nothing (422):
   * an import that writes nothing is no meeting's record to audit.
   */
  async confirm(
    actor: OrganizationActor,
    fiscalYear: number,
    source: ImportSource,
    checksum: string,
  ): Promise<CommitteePackImportResultView> {
    if (checksumOf(source) !== checksum)
      throw new ConflictException(
        'This file differs from the one checked in the dry run (the checksum does not match). Run the dry run again and confirm what it shows.',
      );
    const plan = await this.plan(actor, fiscalYear, source);
    const errors = [...plan.errors, ...plan.reports.flatMap((report) => report.errors)];
    if (errors.length > 0)
      throw new UnprocessableEntityException({
        message: `The workbook has ${errors.length} error(s); nothing was imported. Run the dry run to see them.`,
        details: errors.map((message) => ({ path: '/file', message })),
      });
    const changed = plan.reports
      .filter((report) => report.evaluation || report.opinions.length > 0)
      .sort((a, b) => (a.reportId < b.reportId ? -1 : 1));
    if (changed.length === 0)
      throw new UnprocessableEntityException(
        'The workbook changes nothing: no cell of ⑦ or of an expert differs from the reports; nothing was imported.',
      );
    return this.transactions.run(async (manager) => {
      // Row locks in id order (as every change of several reports takes them); a report changed since the dry run
      // (by another confirmation of the same workbook, say) refuses the whole import, in the dry run's words.
      for (const report of changed) {
        const locked = await this.reports.lockForChange(manager, actor.organizationId, report.reportId);
        if (!locked) throw new NotFoundException('Report not found.');
        if (locked.version !== report.version)
          throw new ConflictException({
            message: `The report of sheet "${report.sheet}" changed while the workbook was being confirmed; nothing was imported. Run the dry run again to see it.`,
            details: [{ path: '/file', message: changedSincePackMade(report.sheet, report.version, locked.version) }],
          });
      }
      for (const report of changed) {
        for (const opinion of report.opinions)
          await this.reviewsService.enterOpinionOnBehalfIn(
            manager,
            actor,
            report.reportId,
            { id: opinion.assignmentId, expertUserId: opinion.expertUserId },
            { rating: opinion.rating, opinion: opinion.opinion },
            SOURCE,
          );
        if (report.evaluation)
          await this.changes.runIn(
            manager,
            actor,
            report.reportId,
            {
              action: ReportAction.Evaluate,
              auditAction: 'report.evaluated',
              auditDetails: { source: SOURCE, file: source.name, checksum },
            },
            evaluating(this.options, actor, report.evaluation),
          );
      }
      const reports = changed.map((report) => ({
        reportId: report.reportId,
        projectName: report.projectName,
        evaluated: report.evaluation !== null,
        opinions: report.opinions.length,
      }));
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'committee_pack.imported',
          { type: 'committee_pack', id: checksum },
          { fiscalYear, source: source.name, checksum, reports },
        ),
      );
      return { checksum, sourceName: source.name, fiscalYear, reports };
    });
  }

  /** The pack as it would be made now: the year's reports in or past expert review, each with its active experts. */
  async pack(actor: OrganizationActor, fiscalYear: number): Promise<CommitteePack> {
    const year = await this.exports.fiscalYear(actor, fiscalYear);
    const views = year.filter((view) => PACK_STATUSES.includes(view.status));
    const assignments = views.length
      ? await this.reviews.assignmentsOfReports(
          actor.organizationId,
          views.map((view) => view.id),
        )
      : [];
    const reports: PackReport[] = views.map((view) => ({
      view,
      experts: assignments
        .filter(
          (assignment) => assignment.reportId === view.id && ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status),
        )
        .map((assignment) => ({
          assignmentId: assignment.id,
          expertUserId: assignment.expertUserId,
          name: assignment.expert?.displayName || assignment.expert?.email || '外部有識者',
          status: assignment.status,
          rating: assignment.rating,
          opinion: assignment.opinion,
          opinionSubmittedAt: assignment.opinionSubmittedAt,
        })),
    }));
    const [organization, ratings] = await Promise.all([
      this.organizations.get(actor.organizationId),
      this.options.list(actor.organizationId, AssessmentScale.PanelRating),
    ]);
    return { organizationId: actor.organizationId, organizationName: organization.name, fiscalYear, reports, ratings };
  }

  private async packOrNotFound(actor: OrganizationActor, fiscalYear: number): Promise<CommitteePack> {
    const pack = await this.pack(actor, fiscalYear);
    if (pack.reports.length === 0)
      throw new NotFoundException(
        `There is no report of ${fiscalYearLabel(fiscalYear)} in or past the expert review (有識者意見照会中以降の報告がありません).`,
      );
    return pack;
  }

  private recordExport(actor: OrganizationActor, pack: CommitteePack, format: 'xlsx' | 'html'): Promise<void> {
    return this.exports.recordExport(
      actor,
      pack.reports.map((report) => report.view),
      format,
      { scope: SOURCE },
    );
  }

  private async plan(actor: OrganizationActor, fiscalYear: number, source: ImportSource): Promise<PackImportPlan> {
    return planPackImport(await this.readWorkbook(source), await this.pack(actor, fiscalYear), actor);
  }

  /** The upload through the imports' bounded reader (its limits on sheets, rows, cells and unzipped size). */
  private async readWorkbook(source: ImportSource) {
    if (isLegacyExcel(source.bytes) || !isXlsx(source.bytes))
      throw new BadRequestException({
        message:
          'Upload the committee meeting pack as the .xlsx workbook it was downloaded as (外部評価委員会資料の .xlsx).',
        details: [{ path: '/file', message: 'file must be the .xlsx workbook of the committee meeting pack' }],
      });
    const reading = await this.files.readWorkbook(source.bytes);
    if ('refusal' in reading) throw new BadRequestException(reading.refusal);
    return reading.sheets;
  }
}

const checksumOf = (source: ImportSource) => createHash('sha256').update(source.bytes).digest('hex');

function dryRunView(
  plan: PackImportPlan,
  fiscalYear: number,
  source: ImportSource,
  checksum: string,
): CommitteePackDryRunView {
  const reports = plan.reports.map(({ evaluation: _evaluation, opinions: _opinions, ...report }) => report);
  const errors = plan.errors.length + reports.reduce((sum, report) => sum + report.errors.length, 0);
  const changes = reports.reduce((sum, report) => sum + report.changes.length, 0);
  return {
    checksum,
    sourceName: source.name,
    fiscalYear,
    fiscalYearLabel: fiscalYearLabel(fiscalYear),
    canConfirm: errors === 0 && changes > 0,
    counts: {
      reports: reports.length,
      changedReports: reports.filter((report) => report.changes.length > 0).length,
      changes,
      errors,
    },
    errors: plan.errors,
    reports,
  };
}
