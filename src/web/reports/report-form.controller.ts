import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QueryText } from '../../infra/http/query-text';
import { UuidParam } from '../../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { AllowAction } from '../../reports/rules/allow-action';
import { OrganizationActor } from '../../access/actor';
import { parseFiscalYearInput } from '../../common/era-input';
import { formatFiscalYear } from '../../common/japanese-era';
import { CyclesService } from '../../cycles/cycles.service';
import { type GrantProject } from '../../projects/grant-project.entity';
import { projectTitle } from '../../projects/project-title';
import { UpdateProjectRequest } from '../../projects/projects.dto';
import { ProjectsService } from '../../projects/projects.service';
import { AssessmentScale, offeredChoices } from '../../reports/report/assessment-choices';
import { AssessmentOptions } from '../../reports/report/assessment-options';
import { computeBudgetTotals, totalWarnings } from '../../reports/report/report-calculations';
import { type Section } from '../../reports/report/report-sections';
import { ReportView } from '../../reports/report/report-view';
import { CarryOverBudgetRequest, CreateReportRequest, UpdateReportRequest } from '../../reports/reports.dto';
import { ReportsService, type WordedDecision } from '../../reports/reports.service';
import { Role } from '../../access/role';
import { ReportStatus } from '../../reports/rules/report-status';
import { ReportAction } from '../../reports/rules/report-workflow';
import { submissionDueDates, TasksService } from '../../tasks/tasks.service';
import {
  FormBody,
  formErrors,
  FormState,
  formValues,
  PageError,
  remapRows,
  rowIndices,
  statusOf,
  text,
  underPointer,
  validated,
} from '../forms';
import { queryStatus } from '../list-query';
import {
  FISCAL_YEAR_UNREADABLE,
  REPORT_SECTION_SAVED_MEANWHILE,
  reportStatusChanged,
} from '../messages/error-messages';
import { fieldLabel } from '../messages/field-labels';
import { BUDGET_CARRIED_OVER, budgetCarriedOverNotice } from '../messages/notices';
import { organizationPath, reportPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { type ChangeRow, changedMeanwhile } from './changes';
import { ReportPageExceptionFilter } from './report-page-exception.filter';
import { assertPermitted } from './permissions';
import {
  achievementPreview,
  actualsPrecedePlan,
  budgetRequest,
  effectRequest,
  isSection,
  kpiRequest,
  publishedValuePreview,
  SECTIONS,
  sectionValues,
  keptYearlyActuals,
  yearlyActualYears,
} from './report-form';

/** A section of the form by its name in the address; any other name has no page. */
function formSection(name: string): Section {
  if (!isSection(name)) throw new NotFoundException('No such section of the report form.');
  return name;
}

/**
 * A section's fields as typed, read as saving them would read them (at the version shown), for what the page works
 * out while typing; null when they cannot be read yet, which the page says instead.
 */
async function typedRequest(view: ReportView, fields: Record<string, unknown>): Promise<UpdateReportRequest | null> {
  try {
    return await validated(UpdateReportRequest, { version: view.version, ...fields });
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return null;
  }
}

/** The owning department's side: their reports by year and state, a new report, and the form section by section. */
@ApiExcludeController()
@UseFilters(ReportPageExceptionFilter)
@Controller('o/:organizationId')
export class ReportFormController {
  constructor(
    private readonly reports: ReportsService,
    private readonly projects: ProjectsService,
    private readonly cycles: CyclesService,
    private readonly tasks: TasksService,
    private readonly pages: PageRenderer,
    private readonly options: AssessmentOptions,
  ) {}

  @Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
  @Get('my-reports')
  async myReports(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('fiscalYear') requestedYear: string,
    @QueryText('status') requestedStatus: string,
    @Res() response: Response,
  ): Promise<void> {
    const fiscalYear = requestedYear ? parseFiscalYearInput(requestedYear) : null;
    const status = Object.values(ReportStatus).find((candidate: string) => candidate === requestedStatus);
    const errors: PageError[] =
      requestedYear && fiscalYear === null
        ? [{ text: FISCAL_YEAR_UNREADABLE, href: '#f-fiscalYear', path: '/fiscalYear' }]
        : [];
    const dueDates = submissionDueDates(await this.cycles.list(actor.organizationId));
    const { reports: everything, waiting } = await this.tasks.ownReports(actor, dueDates);
    const shown = everything.filter(
      ({ report }) => (!fiscalYear || report.fiscalYear === fiscalYear) && (!status || report.status === status),
    );
    const years = [...new Set(shown.map(({ report }) => report.fiscalYear))].sort((a, b) => b - a);
    return this.pages.render(
      response,
      'my-reports.njk',
      {
        ownsProjects: actor.roles.includes(Role.ProjectOwner),
        waiting,
        groups: years.map((year) => ({
          fiscalYear: year,
          submissionDueDate: dueDates.get(year),
          tasks: shown.filter(({ report }) => report.fiscalYear === year),
        })),
        fiscalYears: [...new Set(everything.map(({ report }) => report.fiscalYear))].sort((a, b) => b - a),
        statuses: Object.values(ReportStatus),
        filters: { fiscalYear, status },
        total: shown.length,
        form: new FormState({ '/fiscalYear': requestedYear, '/status': status ?? '' }, errors),
        errors,
      },
      queryStatus(errors),
    );
  }

  @Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
  @Get('new-report')
  async newReport(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('projectId') projectId: string,
    @QueryText('fiscalYear') fiscalYear: string,
    @Res() response: Response,
  ): Promise<void> {
    // A link that starts a given project's report of a given year (the year board's) fills both in.
    return this.renderNewReport(response, actor, new FormState({ '/projectId': projectId, '/fiscalYear': fiscalYear }));
  }

  @Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
  @Post('reports')
  async create(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let request: CreateReportRequest | undefined;
    try {
      request = await validated(CreateReportRequest, {
        projectId: text(body, '/projectId'),
        fiscalYear: text(body, '/fiscalYear'),
      });
      const report = await this.reports.create(actor, request);
      return this.pages.redirect(response, reportPath(actor.organizationId, report.id), 'created');
    } catch (error) {
      // "Already exists" names no field: it is about the year chosen for the project.
      const errors = formErrors(error)?.map((item) =>
        item.path ? item : { ...item, path: '/fiscalYear', href: '#f-fiscalYear' },
      );
      if (!errors) throw error;
      // The year's report is there already: a way to it, where the reader may open it.
      const existing =
        error instanceof ConflictException && request
          ? await this.reports.ofProjectYear(actor, request.projectId, request.fiscalYear)
          : null;
      return this.renderNewReport(
        response,
        actor,
        new FormState(formValues(body), errors),
        HttpStatus.BAD_REQUEST,
        existing && { href: reportPath(actor.organizationId, existing.id), fiscalYear: existing.fiscalYear },
      );
    }
  }

  @AllowAction(ReportAction.Edit)
  @Get('reports/:reportId/sections/:section')
  async section(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Param('section') name: string,
    @QueryText('notice') notice: string,
    @Res() response: Response,
  ): Promise<void> {
    const section = formSection(name);
    const view = await this.editable(actor, reportId);
    return this.renderSection(
      response,
      actor,
      view,
      section,
      new FormState(sectionValues(section, view)),
      HttpStatus.OK,
      // The lines just carried over are the draft's only ones: the page counts them, the link carries no number.
      notice === BUDGET_CARRIED_OVER && section === 'budget'
        ? { notice: budgetCarriedOverNotice(view.budgetLines.length) }
        : {},
    );
  }

  /** ④ started from the latest earlier report's budget items; the button shows only while the draft's ④ is empty. */
  @AllowAction(ReportAction.Edit)
  @Post('reports/:reportId/sections/budget/carry-over')
  async carryOverBudget(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const request = await validated(CarryOverBudgetRequest, { version: Number(text(body, '/version')) });
      await this.reports.carryOverBudgetLines(actor, reportId, request);
    } catch (error) {
      // Pressed again from an older tab, or the previous year changed meanwhile: said on ④ as it is saved now.
      const errors = formErrors(error);
      if (!errors) throw error;
      const view = await this.editable(actor, reportId);
      return this.renderSection(
        response,
        actor,
        view,
        'budget',
        new FormState(sectionValues('budget', view), errors),
        statusOf(error),
      );
    }
    const base = reportPath(actor.organizationId, reportId);
    return this.pages.redirect(response, `${base}/sections/budget#budget-lines`, BUDGET_CARRIED_OVER);
  }

  @AllowAction(ReportAction.Edit)
  @Post('reports/:reportId/sections/:section')
  async saveSection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Param('section') name: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const section = formSection(name);
    const view = await this.reports.get(actor, reportId);
    // A save refused is its section page again with what was typed, and why.
    const showAgain = (form: FormState, status: HttpStatus, extra?: { changedMeanwhile: ChangeRow[] }) =>
      this.renderSection(response, actor, view, section, form, status, extra);
    try {
      assertPermitted(ReportAction.Edit, view, actor);
    } catch (error) {
      // Submitted (or sent on) from another tab meanwhile: what was typed is shown again, not lost to an error page.
      if (!(error instanceof ConflictException)) throw error;
      const refusal = { ...reportStatusChanged(view.statusLabel, '保存', true), href: '#main' };
      return showAgain(new FormState(formValues(body), [refusal]), HttpStatus.CONFLICT);
    }
    let changed: boolean;
    try {
      changed = await this.save(actor, view, section, body);
    } catch (error) {
      const meanwhile = changedMeanwhile(error);
      if (meanwhile) {
        // The typed values stay; the form now carries the current version, so saving again knowingly replaces the
        // changes shown beside it.
        const state = new FormState({ ...formValues(body), '/version': String(meanwhile.currentVersion) }, [
          { ...REPORT_SECTION_SAVED_MEANWHILE, href: '#changed-meanwhile' },
        ]);
        return showAgain(state, HttpStatus.CONFLICT, { changedMeanwhile: meanwhile.changes });
      }
      // ③ is saved as a field of the project: its errors come back as /overview, the form has it under /project.
      const labels =
        section === 'overview'
          ? { '/overview': fieldLabel('/project/overview') }
          : section === 'kpis'
            ? kpiRequest(body, view).labels
            : {};
      const errors = formErrors(error, labels);
      if (!errors) throw error;
      const shown =
        section === 'budget'
          ? remapRows(errors, '/budgetLines', budgetRequest(body).rows)
          : section === 'kpis'
            ? this.remapYearRows(errors, body, view)
            : section === 'overview'
              ? underPointer(errors, '/project')
              : errors;
      return showAgain(new FormState(formValues(body), shown), statusOf(error));
    }
    const base = reportPath(actor.organizationId, reportId);
    // Adding a line: the saved lines, then the new blank one to fill in.
    const next =
      text(body, 'intent') === 'add-line'
        ? `${base}/sections/budget#budget-line-${budgetRequest(body).rows.length + 1}`
        : `${base}#${SECTIONS[section].anchor}`;
    return this.pages.redirect(response, next, changed ? 'saved' : 'unchanged');
  }

  /** Live totals (④) and achievement rates (⑤) while typing; the page works the same without it. */
  @AllowAction(ReportAction.Edit)
  @Post('reports/:reportId/sections/:section/preview')
  async preview(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Param('section') name: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const section = formSection(name);
    const view = await this.editable(actor, reportId);
    if (section === 'budget')
      return this.pages.renderFragment(response, 'reports/partials/budget-totals.njk', {
        totals: await this.budgetPreview(body, view),
      });
    if (section === 'kpis')
      return this.pages.renderFragment(response, 'reports/partials/kpi-achievement.njk', {
        achievement: await this.kpiPreview(body, view),
      });
    throw new NotFoundException('This section has no preview.');
  }

  /** Whether the save changed anything: a section saved as it was writes nothing. */
  private async save(actor: OrganizationActor, view: ReportView, section: Section, body: FormBody): Promise<boolean> {
    if (section === 'overview') {
      const request = await validated(UpdateProjectRequest, {
        version: Number(text(body, '/project/version')),
        overview: text(body, '/project/overview'),
      });
      return (await this.projects.update(actor, view.project.id, request)).changed;
    }
    const fields =
      section === 'budget'
        ? budgetRequest(body).request
        : section === 'kpis'
          ? kpiRequest(body, view).request
          : effectRequest(body);
    const request = await validated(UpdateReportRequest, { version: Number(text(body, '/version')), ...fields });
    // Against the version read just now: a save from an older tab may go ahead on a newer one.
    return (await this.reports.update(actor, view.id, request)).version !== view.version;
  }

  /** A section page is only for a report the caller may edit now (the workflow rules decide). */
  private async editable(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    const view = await this.reports.get(actor, reportId);
    assertPermitted(ReportAction.Edit, view, actor);
    return view;
  }

  private async renderSection(
    response: Response,
    actor: OrganizationActor,
    view: ReportView,
    section: Section,
    form: FormState,
    status: HttpStatus = HttpStatus.OK,
    shown: { notice?: string; changedMeanwhile?: ChangeRow[] } = {},
  ): Promise<void> {
    const base = reportPath(actor.organizationId, view.id);
    const submittedRows = rowIndices(form.values, '/budgetLines');
    const lastRow = submittedRows.length ? Math.max(...submittedRows) : -1;
    const lastRowBlank =
      lastRow >= 0 &&
      !Object.entries(form.values).some(
        ([key, value]) =>
          key.startsWith(`/budgetLines/${lastRow}/`) && !key.endsWith('/remove') && String(value).trim() !== '',
      );
    const budgetRows = lastRowBlank ? submittedRows : [...submittedRows, lastRow + 1];
    return this.pages.render(
      response,
      `reports/sections/${section}.njk`,
      {
        view,
        base,
        section: SECTIONS[section],
        sectionId: section,
        form,
        errors: form.errors,
        version: form.value('/version') || String(view.version),
        budgetRows,
        totals: section === 'budget' ? await this.budgetPreview(form.values, view) : null,
        carryOver: section === 'budget' ? await this.reports.budgetCarryOver(actor, view) : null,
        achievement: section === 'kpis' ? await this.kpiPreview(form.values, view) : null,
        // ⑥ as the municipality words it (the report's own option stays offered if retired since).
        effectLevels:
          section === 'effect'
            ? offeredChoices(
                await this.options.list(actor.organizationId, AssessmentScale.EffectLevel),
                view.effect.option,
              )
            : [],
        actualsPrecedePlan: actualsPrecedePlan(view),
        yearRows: view.kpis.map((_kpi, index) =>
          yearlyActualYears(view).map((fiscalYear, row) => ({
            row,
            fiscalYear,
            pointer: `/kpiResults/${index}/yearlyActuals/${row}`,
          })),
        ),
        keptActuals: view.kpis.map((kpi) => keptYearlyActuals(view, kpi.yearlyActuals)),
        ...(shown.notice ? { notice: shown.notice } : {}),
        changedMeanwhile: shown.changedMeanwhile,
      },
      status,
    );
  }

  private async renderNewReport(
    response: Response,
    actor: OrganizationActor,
    form: FormState,
    status: HttpStatus = HttpStatus.OK,
    existing: { href: string; fiscalYear: number } | null = null,
  ): Promise<void> {
    const projects = await this.projects.choicesFor(actor);
    const endings = await this.reports.endingDecisions(projects.map((project) => project.id));
    return this.pages.render(
      response,
      'new-report.njk',
      {
        projectChoices: projects.map((project) => projectChoice(project, endings.get(project.id))),
        endsSome: endings.size > 0,
        form,
        errors: form.errors,
        existing,
        back: organizationPath(actor.organizationId, 'my-reports'),
      },
      status,
    );
  }

  /** Totals of the lines as entered, and how the typed totals compare; nothing is saved. */
  private async budgetPreview(body: FormBody, view: ReportView) {
    const request = await typedRequest(view, budgetRequest(body).request);
    if (!request) return { readable: false };
    const computed = computeBudgetTotals(
      (request.budgetLines ?? []).map((line) => ({
        budgetAmount: line.budgetAmount ?? null,
        budgetGrantAmount: line.budgetGrantAmount ?? null,
        actualAmount: line.actualAmount ?? null,
        actualGrantAmount: line.actualGrantAmount ?? null,
      })),
    );
    const typed = {
      budgetAmount: request.typedTotals?.budgetAmount ?? null,
      budgetGrantAmount: request.typedTotals?.budgetGrantAmount ?? null,
      actualAmount: request.typedTotals?.actualAmount ?? null,
      actualGrantAmount: request.typedTotals?.actualGrantAmount ?? null,
    };
    return {
      computed,
      typed,
      mismatches: totalWarnings(typed, computed).map((warning) => ({ ...warning, label: fieldLabel(warning.path) })),
      readable: true,
    };
  }

  private async kpiPreview(body: FormBody, view: ReportView) {
    const request = await typedRequest(view, kpiRequest(body, view).request);
    if (!request) return { rows: achievementPreview(view, []), warnings: [], readable: false };
    return {
      rows: achievementPreview(
        view,
        (request.kpiResults ?? []).map((result) => result.latestValue),
      ),
      warnings: publishedValuePreview(view, request.kpiResults ?? []),
      readable: true,
    };
  }

  private remapYearRows(errors: PageError[], body: FormBody, view: ReportView): PageError[] {
    const { yearRows } = kpiRequest(body, view);
    return yearRows.reduce(
      (mapped, rows, index) => remapRows(mapped, `/kpiResults/${index}/yearlyActuals`, rows),
      errors,
    );
  }
}

/** A project as a choice of the new report's form: its title and plan period, and the decided ⑧ that ended it. */
function projectChoice(project: GrantProject, ending: WordedDecision | undefined) {
  const period = `${formatFiscalYear(project.planStartFiscalYear)}～${formatFiscalYear(project.planEndFiscalYear)}`;
  return {
    value: project.id,
    text: `${projectTitle(project)}(${period})`,
    hint: ending
      ? `${formatFiscalYear(ending.fiscalYear)}の報告で今後の方針が「${ending.label}」と決まっています。`
      : '',
  };
}
