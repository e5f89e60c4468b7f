import { Controller, Get, NotFoundException, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { fiscalYearLabel } from '../common/era-input';
import { cutToLength } from '../common/text';
import { apiPath } from '../infra/http/api-path';
import { ApiFileResponse, contentDisposition } from '../infra/http/file-response';
import { FiscalYearParam } from '../infra/http/fiscal-year-param';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { LedgerService } from '../reports/ledger/ledger.service';
import { ReportView } from '../reports/report/report-view';
import { ALL_ROLES, Role } from '../access/role';
import { ExportsService } from './exports.service';
import { ledgerCsv } from './ledger-csv';
import { ledgerWorkbook } from './ledger-workbook';
import { reportsCsv } from './report-csv';
import { type EditionReplacement, reportPage } from './report-page';
import { reportsWorkbook } from './report-workbook';
import { yearSummary, yearSummaryWorkbook, YearSummaryView } from './year-summary';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ReportExportQuery {
  @ApiPropertyOptional({
    enum: ['xlsx', 'csv', 'html'],
    default: 'xlsx',
    description: 'xlsx: the official layout ①–⑧; csv: one row per KPI; html: a page that prints on A4',
  })
  @IsOptional()
  @IsIn(['xlsx', 'csv', 'html'], { message: 'format must be xlsx, csv or html' })
  format?: 'xlsx' | 'csv' | 'html';

  @ApiPropertyOptional({
    minimum: 1,
    description: 'a published edition (第N版) as it was published; default: the report as it is now',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'edition must be a whole number such as 1' })
  @Min(1, { message: 'edition must be 1 or more' })
  @Max(1000, { message: 'edition must be 1000 or less' })
  edition?: number;
}

export class YearExportQuery {
  @ApiPropertyOptional({
    enum: ['xlsx', 'csv'],
    default: 'xlsx',
    description: 'xlsx: one sheet per report in the official layout; csv: one row per KPI',
  })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format?: 'xlsx' | 'csv';
}

export class LedgerExportQuery {
  @ApiPropertyOptional({
    enum: ['xlsx', 'csv'],
    default: 'xlsx',
    description: 'xlsx: a table per KPI with the years as rows; csv: one row per KPI and year',
  })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format?: 'xlsx' | 'csv';
}

function download(content: Buffer, type: string, name: string, fallback: string): StreamableFile {
  return new StreamableFile(content, {
    type,
    disposition: contentDisposition('attachment', name, fallback),
    length: content.length,
  });
}

/** The report as a page that prints on A4, shown in the browser rather than saved. */
function printablePage(
  view: ReportView,
  name: string,
  fallback: string,
  replacedBy: EditionReplacement | null,
): StreamableFile {
  const page = Buffer.from(reportPage(view, new Date(), replacedBy), 'utf8');
  return new StreamableFile(page, {
    type: 'text/html; charset=utf-8',
    disposition: contentDisposition('inline', `${name}.html`, `${fallback}.html`),
    length: page.length,
  });
}

function file(
  views: ReportView[],
  format: 'xlsx' | 'csv',
  name: string,
  fallback: string,
): Promise<StreamableFile> | StreamableFile {
  if (format === 'csv') return download(reportsCsv(views), 'text/csv; charset=utf-8', `${name}.csv`, `${fallback}.csv`);
  return reportsWorkbook(views).then((content) => download(content, XLSX, `${name}.xlsx`, `${fallback}.xlsx`));
}

/**
 * 出力: reports in the official layout, as open data, and as printable pages. Every export is audited, once its file
 * is built: an export that fails leaves no entry saying it was taken out.
 */
@ApiTags('exports')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId'))
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly ledgers: LedgerService,
  ) {}

  /** One report (any report the caller may see). Not yet published: marked (案). */
  @Allow(...ALL_ROLES)
  @Get('exports/reports/:reportId')
  @ApiFileResponse(XLSX, 'text/csv', 'text/html')
  async report(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Query() query: ReportExportQuery,
  ): Promise<StreamableFile> {
    const view = await this.exports.report(actor, reportId, query.edition);
    const format = query.format ?? 'xlsx';
    const name = cutToLength(
      `事業実施結果報告_${view.fiscalYearLabel}_${view.project.projectNumber ? `No${view.project.projectNumber}_` : ''}${query.edition ? `第${query.edition}版_` : ''}${view.project.name}`,
      120,
    );
    const fallback = `report-${view.fiscalYear}-${view.id.slice(0, 8)}`;
    const replacedBy =
      format === 'html' && query.edition ? await this.exports.replacement(actor, reportId, query.edition) : null;
    const exported =
      format === 'html' ? printablePage(view, name, fallback, replacedBy) : await file([view], format, name, fallback);
    await this.exports.recordExport(actor, [view], format, query.edition ? { edition: query.edition } : {});
    return exported;
  }

  /** Every report of a fiscal year the caller may see: one sheet per report, or one CSV row per KPI. */
  @Allow(...ALL_ROLES)
  @Get('exports/fiscal-years/:fiscalYear')
  @ApiFileResponse(XLSX, 'text/csv')
  async fiscalYear(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @Query() query: YearExportQuery,
  ): Promise<StreamableFile> {
    const views = await this.exports.fiscalYear(actor, fiscalYear);
    if (views.length === 0)
      throw new NotFoundException(`There is no report of ${fiscalYearLabel(fiscalYear)} that you may see.`);
    const format = query.format ?? 'xlsx';
    const exported = await file(
      views,
      format,
      `事業実施結果報告_${fiscalYearLabel(fiscalYear)}`,
      `reports-${fiscalYear}`,
    );
    await this.exports.recordExport(actor, views, format, { scope: 'fiscal_year' });
    return exported;
  }

  /** 年度別KPI台帳 of a project, from the reports of it the caller may see; audited as an export of each. */
  @Allow(...ALL_ROLES)
  @Get('projects/:projectId/ledger/export')
  @ApiFileResponse(XLSX, 'text/csv')
  async ledger(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
    @Query() query: LedgerExportQuery,
  ): Promise<StreamableFile> {
    const ledger = await this.ledgers.ledger(actor, projectId);
    if (ledger.reports.length === 0)
      throw new NotFoundException('There is no report of this project that you may see.');
    const format = query.format ?? 'xlsx';
    const { projectNumber, name } = ledger.project;
    const title = cutToLength(`年度別KPI台帳_${projectNumber ? `No${projectNumber}_` : ''}${name}`, 120);
    const fallback = `kpi-ledger-${projectId.slice(0, 8)}`;
    const exported =
      format === 'csv'
        ? download(ledgerCsv(ledger), 'text/csv; charset=utf-8', `${title}.csv`, `${fallback}.csv`)
        : download(await ledgerWorkbook(ledger), XLSX, `${title}.xlsx`, `${fallback}.xlsx`);
    await this.exports.recordExport(actor, ledger.reports, format, { scope: 'project_ledger', projectId });
    return exported;
  }

  /** 実績一覧 for the planning division: every project of the year with KPIs, yearly actuals, achievement and decision. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('year-summaries/:fiscalYear')
  @ApiOkResponse({ type: YearSummaryView })
  async summary(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
  ): Promise<YearSummaryView> {
    return this.yearSummaryOf(actor, fiscalYear, await this.exports.fiscalYear(actor, fiscalYear));
  }

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('year-summaries/:fiscalYear/xlsx')
  @ApiFileResponse(XLSX)
  async summaryWorkbook(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
  ): Promise<StreamableFile> {
    const views = await this.exports.fiscalYear(actor, fiscalYear);
    if (views.length === 0) throw new NotFoundException(`There is no report of ${fiscalYearLabel(fiscalYear)}.`);
    const exported = download(
      await yearSummaryWorkbook(await this.yearSummaryOf(actor, fiscalYear, views)),
      XLSX,
      `実績一覧_${fiscalYearLabel(fiscalYear)}.xlsx`,
      `year-summary-${fiscalYear}.xlsx`,
    );
    await this.exports.recordExport(actor, views, 'summary.xlsx', { scope: 'year_summary' });
    return exported;
  }

  private async yearSummaryOf(
    actor: OrganizationActor,
    fiscalYear: number,
    views: ReportView[],
  ): Promise<YearSummaryView> {
    const ledgers = await this.ledgers.ledgersOfReportedProjects(
      actor,
      views.map((view) => view.project.id),
    );
    return yearSummary(fiscalYear, views, ledgers);
  }
}
