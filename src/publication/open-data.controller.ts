import { Controller, Get, NotFoundException, Param, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../access/access.decorators';
import { formatFiscalYear } from '../common/japanese-era';
import { AppConfig } from '../infra/config/app-config';
import { contentDisposition } from '../infra/http/file-response';
import {
  columnDefinitionCsv,
  datasetCsv,
  KPI_DATASET,
  type OpenDataset,
  openDataJson,
  REPORT_DATASET,
  type ReportRow,
} from './open-data';
import { setPublicCaching } from './public-caching';
import { type OpenDataFile, PUBLIC_SITE_NAME, publicPaths } from './public-paths';
import { type PublicOrganization, PublicRecordService } from './public-record.service';
import { PublicResponseCacheInterceptor, ReadsQuery } from './public-response-cache.interceptor';

const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
const JSON_TYPE = 'application/json; charset=utf-8';
const NOT_PUBLISHED = 'この年度に公表された報告はありません。';

/** `2022` or `all` in the path; anything else names no file. */
type Scope = number | 'all';

function scopeOf(text: string): Scope {
  if (text === 'all') return 'all';
  if (/^\d{4}$/.test(text)) return Number(text);
  throw new NotFoundException(NOT_PUBLISHED);
}

/** 012041_2022_kpis.csv, 012041_all_data.json: the same name whenever it is downloaded. */
function fileName(code: string, scope: Scope | 'columns', file: OpenDataFile): string {
  return `${code}_${scope}_${file}`;
}

/**
 * オープンデータ: the public record of a municipality as files, per fiscal year and for all years, with their column
 * definitions, at URLs that stay the same. No sign-in, no cookie; cached like the public pages.
 *
 * The licence is not a line in the CSV (a line above the header breaks every CSV reader): each file carries it as a
 * `Link: <…>; rel="license"` header, the JSON as a field, and the index page in words.
 */
@ApiExcludeController()
@Public()
@UseInterceptors(PublicResponseCacheInterceptor)
@ReadsQuery()
@Controller('public/:code/open-data')
export class OpenDataController {
  constructor(
    private readonly records: PublicRecordService,
    private readonly config: AppConfig,
  ) {}

  /** The index: every file with its licence and format, for people and for harvesters that follow links. */
  @Get()
  async index(@Param('code') code: string, @Res() response: Response): Promise<void> {
    const organization = await this.records.organization(code);
    const [years, changedAt] = await Promise.all([this.records.years(organization), this.changedAt(organization)]);
    const files = (scope: Scope) =>
      (['kpis.csv', 'reports.csv', 'data.json'] as const).map((file) => ({
        file,
        href: publicPaths.openDataFile(code, scope, file),
      }));
    const html = await new Promise<string>((resolve, reject) =>
      response.render(
        'public/open-data-index.njk',
        {
          page: {
            title: `オープンデータ - ${organization.name}`,
            description: `${organization.name}が公表した事業実施結果報告とKPIの実績を、年度ごとのCSV・JSONと項目定義で提供しています。`,
            url: `${this.config.baseUrl}${publicPaths.openData(code)}`,
            siteName: PUBLIC_SITE_NAME,
            organization,
            breadcrumbs: [
              { label: '公表している団体', href: publicPaths.index() },
              { label: organization.name, href: publicPaths.organization(code) },
              { label: 'オープンデータ' },
            ],
          },
          organization,
          homeHref: publicPaths.organization(code),
          years: years.map((year) => ({
            fiscalYear: year.fiscalYear,
            label: formatFiscalYear(year.fiscalYear, 'long'),
            reports: year.reports,
            files: files(year.fiscalYear),
          })),
          allYears: years.length > 0 ? files('all') : [],
          columnFiles: [KPI_DATASET, REPORT_DATASET].map((dataset) => ({
            id: dataset.id,
            title: dataset.title,
            href: publicPaths.openDataFile(code, 'columns', `${dataset.id}.csv`),
            columns: dataset.columns,
          })),
        },
        (error, output) => (error ? reject(error) : resolve(output)),
      ),
    );
    setPublicCaching(response, changedAt);
    response.type('html').send(html);
  }

  // The column files come before the `:scope` routes, which would otherwise take "columns" for a year.
  @Get('columns/kpis.csv')
  kpiColumns(@Param('code') code: string, @Res() response: Response): Promise<void> {
    return this.columnFile(code, KPI_DATASET, response);
  }

  @Get('columns/reports.csv')
  reportColumns(@Param('code') code: string, @Res() response: Response): Promise<void> {
    return this.columnFile(code, REPORT_DATASET, response);
  }

  @Get(':scope/kpis.csv')
  async kpis(@Param('code') code: string, @Param('scope') scope: string, @Res() response: Response): Promise<void> {
    const { organization, rows, changedAt, at } = await this.published(code, scopeOf(scope));
    this.sendFile(response, organization, changedAt, {
      type: CSV_TYPE,
      name: fileName(code, at, 'kpis.csv'),
      describedBy: publicPaths.openDataFile(code, 'columns', 'kpis.csv'),
      body: datasetCsv(KPI_DATASET, rows),
    });
  }

  @Get(':scope/reports.csv')
  async reports(@Param('code') code: string, @Param('scope') scope: string, @Res() response: Response): Promise<void> {
    const { organization, rows, changedAt, at } = await this.published(code, scopeOf(scope));
    this.sendFile(response, organization, changedAt, {
      type: CSV_TYPE,
      name: fileName(code, at, 'reports.csv'),
      describedBy: publicPaths.openDataFile(code, 'columns', 'reports.csv'),
      body: datasetCsv(REPORT_DATASET, rows),
    });
  }

  @Get(':scope/data.json')
  async json(@Param('code') code: string, @Param('scope') scope: string, @Res() response: Response): Promise<void> {
    const { organization, rows, changedAt, at } = await this.published(code, scopeOf(scope));
    const data = openDataJson(organization, at === 'all' ? null : at, rows, changedAt);
    this.sendFile(response, organization, changedAt, {
      type: JSON_TYPE,
      name: fileName(code, at, 'data.json'),
      body: Buffer.from(JSON.stringify(data), 'utf8'),
    });
  }

  private async published(code: string, at: Scope) {
    const organization = await this.records.organization(code);
    const reports = await this.records.currentReports(organization, at === 'all' ? undefined : at);
    if (reports.length === 0) throw new NotFoundException(NOT_PUBLISHED);
    const rows: ReportRow[] = reports.map((report) => ({
      organization,
      report,
      pageUrl: `${this.config.baseUrl}${publicPaths.report(code, report.reportId)}`,
    }));
    return { organization, rows, changedAt: await this.changedAt(organization), at };
  }

  private async columnFile<R>(code: string, dataset: OpenDataset<R>, response: Response): Promise<void> {
    const organization = await this.records.organization(code);
    this.sendFile(response, organization, await this.changedAt(organization), {
      type: CSV_TYPE,
      name: fileName(code, 'columns', `${dataset.id}.csv`),
      body: columnDefinitionCsv(dataset),
    });
  }

  /** The files also carry the organization's name and licence, so a change of those is a change of the files. */
  private changedAt(organization: PublicOrganization): Promise<Date | null> {
    return this.records.changedAt(organization.code);
  }

  /** Express derives the ETag from the body and answers a matching conditional GET with 304. */
  private sendFile(
    response: Response,
    organization: PublicOrganization,
    changedAt: Date | null,
    file: { type: string; name: string; body: Buffer; describedBy?: string },
  ): void {
    setPublicCaching(response, changedAt);
    // Percent-encoded as a header must be: a licence page's address may hold Japanese, which a header cannot carry.
    const links = [`<${new URL(organization.licence.url).href}>; rel="license"`];
    if (file.describedBy) links.push(`<${file.describedBy}>; rel="describedby"`);
    response.setHeader('Link', links.join(', '));
    // Public data without credentials: any site may read it from script.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    response.setHeader('Content-Disposition', contentDisposition('attachment', file.name, file.name));
    response.type(file.type).send(file.body);
  }
}
