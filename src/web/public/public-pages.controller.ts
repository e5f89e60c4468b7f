import {
  Controller,
  Get,
  HttpStatus,
  Next,
  NotFoundException,
  Param,
  Query,
  Res,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Response } from 'express';
import { Public } from '../../access/access.decorators';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../../common/era-input';
import { formatFiscalYear } from '../../common/japanese-era';
import { formatMeasured } from '../../exports/report-layout';
import { reportSheet } from '../../exports/report-page';
import { yearSummary } from '../../exports/year-summary';
import { AppConfig } from '../../infra/config/app-config';
import {
  type EditionSummary,
  type PublicOrganization,
  type PublishedReport,
  PublicRecordService,
} from '../../publication/public-record.service';
import { type KpiLedgerView } from '../../reports/ledger/kpi-ledger';
import { previousYearAsPublished } from '../../reports/report/previous-year';
import { targetCounts } from '../../reports/report/report-calculations';
import { type Choice, type ChoiceParameter, queryStatus, readListQuery } from '../list-query';
import { ledgerKpisWithCharts } from '../planning/kpi-chart';
import { fiscalYearWithWestern } from '../view-helpers';
import { publicPaths } from '../../publication/public-paths';
import { type Breadcrumb, type PublicPageMeta, sendPublicPage } from './public-page';
import { PublicExceptionFilter } from './public-exception.filter';
import { PublicResponseCacheInterceptor, ReadsQuery } from '../../publication/public-response-cache.interceptor';
import { projectTitle } from '../../projects/project-title';
import { keywordMatches, keywordOf } from '../../infra/database/list-queries';

const NOT_PUBLISHED = '公表されていないか、存在しないページです。';

/** A fiscal year in a public URL: the western year only (2022), so every page has exactly one address. */
function fiscalYearOf(value: string): number | null {
  const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
  return year >= MIN_FISCAL_YEAR && year <= MAX_FISCAL_YEAR ? year : null;
}

function distinctChoices(choices: Choice[]): Choice[] {
  const byValue = new Map(choices.filter((choice) => choice.value !== '').map((choice) => [choice.value, choice]));
  return [...byValue.values()].sort((a, b) => a.text.localeCompare(b.text, 'ja'));
}

/** What the year's list filters by, besides its search (q). */
const YEAR_FILTERS = ['grantType', 'department', 'decision'] as const;

/** ⑧ as the year's list filters it: the wording the municipality decided with. */
const decisionOf = (report: PublishedReport) => report.view.policy.label ?? '';

/**
 * The public site: what each municipality published, readable by anyone without signing in. Every page comes from the
 * public record (published editions only) and says nothing about who reads it, so shared caches may serve it.
 */
@ApiExcludeController()
@UseFilters(PublicExceptionFilter)
@Public()
@UseInterceptors(PublicResponseCacheInterceptor)
@ReadsQuery()
@Controller('public')
export class PublicPagesController {
  constructor(
    private readonly record: PublicRecordService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async index(@Res() response: Response): Promise<void> {
    const organizations = await this.record.organizationsWithRecord();
    const changedAt = await this.record.changedAt(null);
    return this.send(
      response,
      'public/index.njk',
      {
        title: '公表している団体',
        description: '地方創生関連交付金事業の効果検証(事業実施結果報告)を公表している地方公共団体の一覧です。',
        path: publicPaths.index(),
        breadcrumbs: [{ label: '公表している団体' }],
      },
      {
        organizations: organizations.map((organization) => ({
          ...organization,
          href: publicPaths.organization(organization.code),
        })),
      },
      changedAt,
    );
  }

  @Get(':code')
  async organization(@Param('code') code: string, @Res() response: Response): Promise<void> {
    const organization = await this.record.organization(code);
    const [years, withdrawn] = await Promise.all([
      this.record.years(organization),
      this.record.withdrawn(organization),
    ]);
    return this.send(
      response,
      'public/organization.njk',
      {
        title: `${organization.name} 地方創生関連交付金事業の効果検証`,
        description: `${organization.name}が公表した地方創生関連交付金事業の事業実施結果報告(KPIの実績、外部有識者の評価、今後の方針)を年度ごとに掲載しています。`,
        path: publicPaths.organization(code),
        breadcrumbs: [...this.trail(), { label: organization.name }],
        organization,
      },
      {
        years: years.map((year) => ({
          ...year,
          href: publicPaths.year(code, year.fiscalYear),
          summaryHref: publicPaths.summary(code, year.fiscalYear),
        })),
        withdrawnCount: withdrawn.length,
        openDataHref: publicPaths.openData(code),
      },
      await this.changedAt(organization),
    );
  }

  /** A path that is not a fiscal year (the open data's, another page's) is left to the route that serves it. */
  @Get(':code/:year')
  @ReadsQuery('q', ...YEAR_FILTERS)
  async year(
    @Param('code') code: string,
    @Param('year') year: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
    @Next() next: NextFunction,
  ): Promise<void> {
    const fiscalYear = fiscalYearOf(year);
    if (fiscalYear === null) return next();
    const organization = await this.record.organization(code);
    const [reports, withdrawn] = await Promise.all([
      this.record.currentReports(organization, fiscalYear),
      this.record.withdrawnNotices(organization, fiscalYear),
    ]);
    if (reports.length === 0 && withdrawn.length === 0) throw new NotFoundException(NOT_PUBLISHED);
    const parameters: Record<(typeof YEAR_FILTERS)[number], ChoiceParameter> = {
      grantType: {
        label: '交付金',
        choices: distinctChoices(
          reports.map(({ view }) => ({
            value: view.project.grantTypeCode,
            text: view.project.grantTypeLabel ?? view.project.grantTypeCode,
          })),
        ),
      },
      department: {
        label: '担当課',
        choices: distinctChoices(
          reports.map(({ view }) => ({ value: view.project.departmentId, text: view.project.departmentName ?? '' })),
        ),
      },
      decision: {
        label: '今後の方針',
        choices: distinctChoices(reports.map((report) => ({ value: decisionOf(report), text: decisionOf(report) }))),
      },
    };
    const list = readListQuery(query, parameters);
    // The year's reports are all read already (a few dozen): the search narrows them here, not by another query.
    const keyword = keywordOf(list.q);
    const shown = reports.filter(
      (report) =>
        (!keyword || keywordMatches(keyword, [report.view.project.name], report.view.project.projectNumber)) &&
        (!list.chosen.grantType || report.view.project.grantTypeCode === list.chosen.grantType) &&
        (!list.chosen.department || report.view.project.departmentId === list.chosen.department) &&
        (!list.chosen.decision || decisionOf(report) === list.chosen.decision),
    );
    const yearLabel = this.yearLabel(fiscalYear);
    return this.send(
      response,
      'public/year.njk',
      {
        title: `${yearLabel} 事業実施結果報告の一覧 - ${organization.name}`,
        description: `${organization.name}の${yearLabel}の地方創生関連交付金事業 ${reports.length}件の事業実施結果報告(事業効果、外部有識者の評価、今後の方針)の一覧です。`,
        path: publicPaths.year(code, fiscalYear),
        breadcrumbs: [...this.trail(organization), { label: `${formatFiscalYear(fiscalYear)}の事業実施結果報告` }],
        organization,
      },
      {
        fiscalYear,
        yearLabel,
        list,
        parameters,
        total: reports.length,
        reports: shown.map((report) => ({
          view: report.view,
          publishedAt: report.publishedAt,
          edition: report.edition,
          href: publicPaths.report(code, report.reportId),
        })),
        withdrawn: withdrawn.map((notice) => ({
          ...notice,
          href: publicPaths.report(code, notice.entry.reportId),
        })),
        yearHref: publicPaths.year(code, fiscalYear),
        summaryHref: publicPaths.summary(code, fiscalYear),
      },
      await this.changedAt(organization),
      queryStatus(list.errors),
    );
  }

  @Get(':code/:year/summary')
  async summary(@Param('code') code: string, @Param('year') year: string, @Res() response: Response): Promise<void> {
    const fiscalYear = fiscalYearOf(year);
    if (fiscalYear === null) throw new NotFoundException(NOT_PUBLISHED);
    const organization = await this.record.organization(code);
    const reports = await this.record.currentReports(organization, fiscalYear);
    if (reports.length === 0) throw new NotFoundException(NOT_PUBLISHED);
    const ledgers = await this.record.ledgers(organization, reports);
    const summary = yearSummary(
      fiscalYear,
      reports.map((report) => report.view),
      ledgers,
    );
    const kpis = summary.projects.flatMap((project) => project.kpis);
    const yearLabel = this.yearLabel(fiscalYear);
    return this.send(
      response,
      'public/summary.njk',
      {
        title: `${yearLabel} KPIの達成状況 - ${organization.name}`,
        description: `${organization.name}の${yearLabel}の地方創生関連交付金事業 ${summary.projects.length}事業のKPI(重要業績評価指標)の目標値・実績値・達成率の一覧です。`,
        path: publicPaths.summary(code, fiscalYear),
        breadcrumbs: [
          ...this.trail(organization),
          { label: `${formatFiscalYear(fiscalYear)}の事業実施結果報告`, href: publicPaths.year(code, fiscalYear) },
          { label: 'KPIの達成状況' },
        ],
        organization,
      },
      {
        fiscalYear,
        yearLabel,
        summary: {
          ...summary,
          projects: summary.projects.map((project) => ({
            ...project,
            href: publicPaths.report(code, project.reportId),
          })),
        },
        counts: {
          projects: summary.projects.length,
          kpis: kpis.length,
          ...targetCounts(kpis.map((kpi) => ({ ...kpi, latest: kpi.latestValue }))),
        },
        yearHref: publicPaths.year(code, fiscalYear),
      },
      await this.changedAt(organization),
    );
  }

  @Get(':code/reports/:reportId')
  async report(
    @Param('code') code: string,
    @Param('reportId') reportId: string,
    @Res() response: Response,
  ): Promise<void> {
    const organization = await this.record.organization(code);
    const record = await this.record.report(organization, reportId);
    if (record.state === 'withdrawn') return this.sendWithdrawn(response, organization, record.last, record.entry);
    const ledger = await this.record.ledgerOf(organization, record.current);
    return this.sendReport(response, organization, record.current, record.editions, ledger);
  }

  @Get(':code/reports/:reportId/editions/:edition')
  async edition(
    @Param('code') code: string,
    @Param('reportId') reportId: string,
    @Param('edition') edition: string,
    @Res() response: Response,
  ): Promise<void> {
    const organization = await this.record.organization(code);
    const record = await this.record.report(organization, reportId);
    if (record.state === 'withdrawn') return this.sendWithdrawn(response, organization, record.last, record.entry);
    const number = /^[1-9]\d{0,5}$/.test(edition) ? Number(edition) : NaN;
    const found = await this.record.edition(organization, record, number);
    if ('withdrawal' in found) {
      const { withdrawnAt, reason } = found.withdrawal;
      return this.sendWithdrawn(response, organization, record.current, { withdrawnAt, withdrawalReason: reason });
    }
    return this.sendReport(response, organization, found, record.editions, null, record.current);
  }

  private async sendReport(
    response: Response,
    organization: PublicOrganization,
    shown: PublishedReport,
    editions: EditionSummary[],
    ledger: KpiLedgerView | null,
    current: PublishedReport = shown,
  ): Promise<void> {
    const { view } = shown;
    const code = organization.code;
    const earlier = shown.edition !== current.edition;
    const currentHref = publicPaths.report(code, shown.reportId);
    const name = projectTitle(view.project);
    const trail: Breadcrumb[] = [
      ...this.trail(organization),
      {
        label: `${formatFiscalYear(view.fiscalYear)}の事業実施結果報告`,
        href: publicPaths.year(code, view.fiscalYear),
      },
    ];
    return this.send(
      response,
      'public/report.njk',
      {
        title: `${earlier ? `第${shown.edition}版 ` : ''}${view.project.name} ${this.yearLabel(view.fiscalYear)} 事業実施結果報告 - ${organization.name}`,
        description: `${organization.name}の${this.yearLabel(view.fiscalYear)}の事業実施結果報告「${view.project.name}」: KPIの実績、事業効果、外部有識者からの評価、今後の方針。`,
        path: earlier ? publicPaths.edition(code, shown.reportId, shown.edition) : currentHref,
        breadcrumbs: earlier
          ? [...trail, { label: name, href: currentHref }, { label: `第${shown.edition}版` }]
          : [...trail, { label: name }],
        organization,
        ogType: 'article',
      },
      {
        view,
        sheet: reportSheet(view),
        // ⑤ 前年度実績 as the edition was published with it, 「—」 where the year before had none public then.
        previousKpis: previousYearAsPublished(view).map((year) => (year ? formatMeasured(year) : '—')),
        shown,
        earlier,
        // The edition that corrected the one shown (「この版は第N版で訂正されています」).
        replacedBy: editions.find((edition) => edition.edition > shown.edition)?.edition,
        current: { ...current, href: currentHref },
        editions: editions.map((edition) => ({
          ...edition,
          href:
            edition.edition === current.edition
              ? currentHref
              : publicPaths.edition(code, shown.reportId, edition.edition),
          isShown: edition.edition === shown.edition,
        })),
        ledger: ledger && {
          ...ledger,
          kpis: ledgerKpisWithCharts(ledger),
        },
        panelMembers: shown.panelMemberNames,
        reportHref: (reportId: string) => publicPaths.report(code, reportId),
        yearHref: publicPaths.year(code, view.fiscalYear),
      },
      await this.changedAt(organization),
    );
  }

  /** 公表の取消: the address stays and says so (410 Gone), naming only the project and the year. */
  private async sendWithdrawn(
    response: Response,
    organization: PublicOrganization,
    last: PublishedReport,
    entry: { withdrawnAt: Date | null; withdrawalReason: string | null },
  ): Promise<void> {
    const { view } = last;
    return this.send(
      response,
      'public/withdrawn.njk',
      {
        title: `この報告の公表は取り消されました - ${organization.name}`,
        description: `${organization.name}は${this.yearLabel(view.fiscalYear)}の事業実施結果報告「${view.project.name}」の公表を取り消しました。`,
        path: publicPaths.report(organization.code, last.reportId),
        breadcrumbs: [
          ...this.trail(organization),
          {
            label: `${formatFiscalYear(view.fiscalYear)}の事業実施結果報告`,
            href: publicPaths.year(organization.code, view.fiscalYear),
          },
          { label: '公表の取消' },
        ],
        organization,
      },
      {
        projectName: view.project.name,
        fiscalYear: view.fiscalYear,
        withdrawnAt: entry.withdrawnAt,
        reason: entry.withdrawalReason,
        yearHref: publicPaths.year(organization.code, view.fiscalYear),
      },
      await this.changedAt(organization),
      HttpStatus.GONE,
    );
  }

  private send(
    response: Response,
    template: string,
    meta: PublicPageMeta,
    data: Record<string, unknown>,
    changedAt: Date | null,
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    return sendPublicPage(response, template, meta, this.config.baseUrl, data, changedAt, status);
  }

  private changedAt(organization: PublicOrganization): Promise<Date | null> {
    return this.record.changedAt(organization.code);
  }

  private trail(organization?: PublicOrganization): Breadcrumb[] {
    return [
      { label: '公表している団体', href: publicPaths.index() },
      ...(organization ? [{ label: organization.name, href: publicPaths.organization(organization.code) }] : []),
    ];
  }

  private yearLabel(fiscalYear: number): string {
    return fiscalYearWithWestern(fiscalYear);
  }
}
