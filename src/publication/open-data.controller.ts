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
  datasetFile,
  datasetOfFile,
  OPEN_DATASETS,
  type OpenDataset,
  openDataJson,
  type ReportRow,
} from './open-data';
import { setPublicCaching } from './public-caching';
import { type OpenDataFile, PUBLIC_SITE_NAME, publicPaths } from './public-paths';
import { type PublicOrganization, PublicRecordService } from './public-record.service';
import { PublicResponseCacheInterceptor, ReadsQuery } from './public-response-cache.interceptor';

const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
const JSON_TYPE = 'application/json; charset=utf-8';
const NOT_PUBLISHED = 'この年度に公表された報告はありません。';
const NO_SUCH_FILE = 'このファイルはありません。';

/** `2022` or `all` in the path; anything else names no file. */
type Scope = number | 'all';

function scopeOf(text: string): Scope {
  if (text === 'all') return 'all';
  if (/^\d{4}$/.test(text)) return Number(text);
  throw new NotFoundException(NOT_PUBLISHED);
}

function datasetNamed(file: string): OpenDataset<unknown> {
  const dataset = datasetOfFile(file);
  if (!dataset) throw new NotFoundException(NO_SUCH_FILE);
  return dataset;
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
      [...OPEN_DATASETS.map(datasetFile), 'data.json' as const].map((file) => ({
        file,
        href: publicPaths.openDataFile(code, scope, file),
      }));
    const html = await new Promise<string>((resolve, reject) =>
      response.render(
        'public/open-data-index.njk',
        {
          page: {
            title: `オープンデータ - ${organization.name}`,
            description: `${organization.name}が公表した事業実施結果報告、KPIの実績(年度ごとの実績値を含む)、市予算事業と公表の履歴(訂正前の版を含む)を、年度ごとのCSV・JSONと項目定義で提供しています。`,
            url: `${this.config.baseUrl}${publicPaths.openData(code)}`,
            siteName: PUBLIC_SITE_NAME,
            feedHref: publicPaths.feed(code),
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
          datasets: OPEN_DATASETS.map((dataset) => ({
            id: dataset.id,
            title: dataset.title,
            label: dataset.label,
            rowPer: dataset.rowPer,
            href: publicPaths.openDataFile(code, 'columns', datasetFile(dataset)),
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
  @Get('columns/:file')
  async columnFile(@Param('code') code: string, @Param('file') file: string, @Res() response: Response): Promise<void> {
    const dataset = datasetNamed(file);
    const organization = await this.records.organization(code);
    this.sendFile(response, organization, await this.changedAt(organization), {
      type: CSV_TYPE,
      name: fileName(code, 'columns', datasetFile(dataset)),
      body: columnDefinitionCsv(dataset),
    });
  }

  // Before `:scope/:file`, which would otherwise take data.json for a dataset's CSV.
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

  @Get(':scope/:file')
  async csv(
    @Param('code') code: string,
    @Param('scope') scope: string,
    @Param('file') file: string,
    @Res() response: Response,
  ): Promise<void> {
    const dataset = datasetNamed(file);
    const { organization, rows, changedAt, at } = await this.published(code, scopeOf(scope));
    this.sendFile(response, organization, changedAt, {
      type: CSV_TYPE,
      name: fileName(code, at, datasetFile(dataset)),
      describedBy: publicPaths.openDataFile(code, 'columns', datasetFile(dataset)),
      body: datasetCsv(dataset, rows),
    });
  }

  private async published(code: string, at: Scope) {
    const organization = await this.records.organization(code);
    const fiscalYear = at === 'all' ? undefined : at;
    const [reports, earlier] = await Promise.all([
      this.records.currentReports(organization, fiscalYear),
      this.records.earlierEditions(organization, fiscalYear),
    ]);
    if (reports.length === 0) throw new NotFoundException(NOT_PUBLISHED);
    const url = (path: string) => `${this.config.baseUrl}${path}`;
    const rows: ReportRow[] = reports.map((report) => ({
      organization,
      report,
      pageUrl: url(publicPaths.report(code, report.reportId)),
      editions: [...(earlier.get(report.reportId) ?? []), report].map((edition) => ({
        report: edition,
        pageUrl: url(publicPaths.edition(code, edition.reportId, edition.edition)),
      })),
    }));
    return { organization, rows, changedAt: await this.changedAt(organization), at };
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
