import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { adjacentFiscalYears, parseFiscalYearInput } from '../../common/era-input';
import { formatFiscalYear } from '../../common/japanese-era';
import { REPORT_STATUS_LABELS } from '../../reports/rules/report-status';
import { PACK_STATUSES } from '../../committee-packs/committee-pack';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleStatus } from '../../cycles/fiscal-year-cycle.entity';
import { apiPath } from '../../infra/http/api-path';
import { QueryText } from '../../infra/http/query-text';
import { ReportsService } from '../../reports/reports.service';
import { Role } from '../../access/role';
import { fiscalYearInJapan } from '../../common/dates';
import { ReportStatus } from '../../reports/rules/report-status';
import { ReportAction, rolesFor } from '../../reports/rules/report-workflow';
import { FormState, PageError } from '../forms';
import { FISCAL_YEAR_UNREADABLE } from '../messages/error-messages';
import { newReportPath, organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { kpiChart, kpiSeries } from './kpi-chart';
import { LedgerService } from '../../reports/ledger/ledger.service';
import { submissionDueDates, TasksService } from '../../tasks/tasks.service';
import { textOf } from '../../common/text';
import { projectTitle } from '../../projects/project-title';
import { OrganizationsService } from '../../organizations/organizations.service';
import { ProjectsRepository } from '../../projects/projects.repository';
import { REPORT_SORTS, type ReportSort } from '../../reports/report/reports.repository';
import { targetCounts } from '../../reports/report/report-calculations';
import { choicesOf, queryStatus, queryString, readListQuery } from '../list-query';
import { departmentFilterChoices } from '../view-helpers';

const REPORT_SORT_LABELS: Record<ReportSort, string> = {
  number: 'No順',
  name: '事業名順',
  department: '担当課順',
  updated: '更新の新しい順',
};

/** Downloads of a year from the export API (it takes the session cookie, so the links work from the pages). */
function yearExports(organizationId: string, fiscalYear: number) {
  const base = `/${apiPath(`organizations/${organizationId}`)}`;
  return [
    { label: '全報告(Excel・公表様式)', href: `${base}/exports/fiscal-years/${fiscalYear}?format=xlsx` },
    { label: 'KPIの一覧(CSV)', href: `${base}/exports/fiscal-years/${fiscalYear}?format=csv` },
    { label: '実績一覧(Excel)', href: `${base}/year-summaries/${fiscalYear}/xlsx` },
  ];
}

/** 外部評価委員会資料 of the year, once a report of it is in (or past) expert review: downloads and the import's form. */
function committeePackLinks(organizationId: string, fiscalYear: number, statuses: ReportStatus[]) {
  const count = statuses.filter((status) => PACK_STATUSES.includes(status)).length;
  if (count === 0) return undefined;
  const base = `/${apiPath(`organizations/${organizationId}/committee-packs`)}`;
  return {
    count,
    workbookHref: `${base}/${fiscalYear}.xlsx`,
    pageHref: `${base}/${fiscalYear}`,
    importHref: organizationPath(organizationId, `committee-packs/${fiscalYear}/import`),
  };
}

/**
 * 前の年度 / 次の年度 of a year's page, and the year form's hidden fields: both keep the page's other parameters
 * (`kept`, a board's search, filters and order), so that stepping through the years compares like with like.
 */
function yearPicker(fiscalYear: number, kept: Record<string, string | undefined> = {}) {
  const { previous, next } = adjacentFiscalYears(fiscalYear);
  const href = (year: number | undefined) => year && queryString({ fiscalYear: String(year), ...kept });
  return {
    previous,
    next,
    previousHref: href(previous),
    nextHref: href(next),
    hidden: Object.fromEntries(Object.entries(kept).filter(([, value]) => value)),
  };
}

/** The planning division's view of a fiscal year: every report by state, and what the year achieved. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId')
export class PlanningController {
  constructor(
    private readonly reports: ReportsService,
    private readonly cycles: CyclesService,
    private readonly tasks: TasksService,
    private readonly pages: PageRenderer,
    private readonly ledger: LedgerService,
    private readonly organizations: OrganizationsService,
    private readonly projects: ProjectsRepository,
  ) {}

  /** The year's reports by state; search, filters and sort are in the URL, so a filtered board can be bookmarked. */
  @Get('board')
  async board(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const { fiscalYear, form } = await this.yearOf(actor, textOf(query.fiscalYear));
    const [departments, grantTypes] = await Promise.all([
      this.organizations.listDepartments(actor.organizationId),
      this.projects.listGrantTypes(),
    ]);
    const parameters = {
      departmentId: { label: '担当課', choices: departmentFilterChoices(departments) },
      status: { label: '状態', choices: choicesOf(Object.values(ReportStatus), REPORT_STATUS_LABELS) },
      grantTypeCode: { label: '交付金', choices: grantTypes.map(({ code, label }) => ({ value: code, text: label })) },
      sort: { label: '並び順', choices: choicesOf(REPORT_SORTS, REPORT_SORT_LABELS) },
    };
    const list = readListQuery(query, parameters);
    // The chosen values are among the choices, so of these types.
    const status = list.chosen.status as ReportStatus | undefined;
    const sort = (list.chosen.sort as ReportSort | undefined) ?? 'number';
    const { departmentId, grantTypeCode } = list.chosen;
    const cycles = await this.cycles.list(actor.organizationId);
    const dueDates = submissionDueDates(cycles);
    const [tasks, waiting, unreported] = await Promise.all([
      this.tasks.reportList(actor, { fiscalYear, q: list.q, departmentId, status, grantTypeCode }, sort, dueDates),
      this.tasks.planningTasks(actor, dueDates),
      this.reports.unreportedOf(actor, fiscalYear),
    ]);
    const cycle = cycles.find((candidate) => candidate.fiscalYear === fiscalYear);
    const columns = Object.values(ReportStatus)
      .filter((candidate) => !status || candidate === status)
      .map((candidate) => ({
        status: candidate,
        label: REPORT_STATUS_LABELS[candidate],
        tasks: tasks.filter((task) => task.report.status === candidate),
      }));
    const errors = [...form.errors, ...list.errors];
    return this.pages.render(
      response,
      'planning/board.njk',
      {
        fiscalYear,
        form,
        errors,
        list,
        parameters,
        submissionDueDate: cycle?.submissionDueDate,
        deadlinesHref:
          cycle?.status === CycleStatus.Open
            ? organizationPath(actor.organizationId, `cycles/${cycle.id}/deadlines`)
            : undefined,
        waiting,
        waitingCount: Object.values(waiting).reduce((sum, entries) => sum + entries.length, 0),
        // A year no administrator has opened has no reports to show yet (past years imported without one have).
        notStarted: !cycle && !list.filtered && tasks.length === 0,
        cyclesHref: actor.roles.includes(Role.Administrator)
          ? organizationPath(actor.organizationId, 'admin/cycles#open-title')
          : undefined,
        // Whatever the filters: a project left without a report is not one of the reports they narrow.
        unreported: unreported.map(({ project, decision }) => ({
          title: projectTitle(project),
          departmentName: project.department?.name,
          planStartFiscalYear: project.planStartFiscalYear,
          planEndFiscalYear: project.planEndFiscalYear,
          covers: project.planStartFiscalYear <= fiscalYear && fiscalYear <= project.planEndFiscalYear,
          decision,
          startHref: newReportPath(actor.organizationId, project.id, fiscalYear),
        })),
        columns,
        total: tasks.length,
        overdueReviews: tasks.reduce((sum, task) => sum + task.opinions.overdue, 0),
        years: yearPicker(fiscalYear, { q: list.q, ...list.chosen }),
        summaryHref: organizationPath(actor.organizationId, `summary?fiscalYear=${fiscalYear}`),
        // 一括受理 offers every submitted report of the year, whatever the filters show.
        yearAcceptanceHref: rolesFor(ReportAction.Accept).some((role) => actor.roles.includes(role))
          ? organizationPath(actor.organizationId, `board/acceptance?fiscalYear=${fiscalYear}`)
          : undefined,
        // 一括公表 lists every decided report of the year, whatever the filters show.
        yearPublicationHref: rolesFor(ReportAction.Publish).some((role) => actor.roles.includes(role))
          ? organizationPath(actor.organizationId, `board/publication?fiscalYear=${fiscalYear}`)
          : undefined,
        exportLinks: tasks.length ? yearExports(actor.organizationId, fiscalYear) : [],
        committeePack: committeePackLinks(
          actor.organizationId,
          fiscalYear,
          tasks.map((task) => task.report.status),
        ),
      },
      queryStatus(errors),
    );
  }

  /** KPI achievement of every report of the year, with each KPI's values across the years its reports cover. */
  @Get('summary')
  async summary(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('fiscalYear') requested: string,
    @Res() response: Response,
  ): Promise<void> {
    const { fiscalYear, form } = await this.yearOf(actor, requested);
    const views = await this.reports.viewsOfYear(actor, fiscalYear);
    // The charts read each project's reports by its KPI ledger's rule: the same values, year by year, as the ledger page
    // and its exports, without wording a ledger the page does not show.
    const reportsOfProjects = await this.ledger.reportsOfReportedProjects(
      actor,
      views.map((view) => view.project.id),
    );
    const rows = views.map((view) => ({
      view,
      kpis: view.kpis.map((kpi) => ({
        ...kpi,
        chart: kpiChart(
          kpiSeries(reportsOfProjects.get(view.project.id)!, kpi.definition.position, fiscalYear),
          kpi.definition.target,
          kpi.definition.unit,
        ),
      })),
    }));
    const kpis = rows.flatMap((row) => row.kpis);
    return this.pages.render(
      response,
      'planning/summary.njk',
      {
        fiscalYear,
        form,
        errors: form.errors,
        rows,
        counts: {
          reports: rows.length,
          kpis: kpis.length,
          ...targetCounts(kpis.map(({ definition, latestValue }) => ({ ...definition, latest: latestValue }))),
          published: rows.filter((row) => row.view.status === ReportStatus.Published).length,
        },
        years: yearPicker(fiscalYear),
        boardHref: organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`),
        exportLinks: rows.length ? yearExports(actor.organizationId, fiscalYear) : [],
      },
      queryStatus(form.errors),
    );
  }

  /** The requested year (和暦 or western; '' for none), else the latest year with reports, else this fiscal year. */
  private async yearOf(actor: OrganizationActor, requested: string): Promise<{ fiscalYear: number; form: FormState }> {
    const parsed = requested ? parseFiscalYearInput(requested) : null;
    const errors: PageError[] =
      requested && parsed === null
        ? [{ text: FISCAL_YEAR_UNREADABLE, href: '#f-fiscalYear', path: '/fiscalYear' }]
        : [];
    const [[latest]] = parsed ? [[]] : await this.reports.list(actor, {}, { page: 1, pageSize: 1 });
    const fiscalYear = parsed ?? latest?.fiscalYear ?? fiscalYearInJapan();
    return { fiscalYear, form: new FormState({ '/fiscalYear': requested || formatFiscalYear(fiscalYear) }, errors) };
  }
}
