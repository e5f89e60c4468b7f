import { Body, ConflictException, Controller, Get, HttpStatus, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UuidParam } from '../../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { ownsDepartment, seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { OrganizationsService } from '../../organizations/organizations.service';
import {
  CreateProjectRequest,
  PlanAmendmentView,
  ProjectIdentityRequest,
  ProjectView,
  UpdateProjectRequest,
} from '../../projects/projects.dto';
import {
  PLAN_PERIOD_STATES,
  type PlanPeriodState,
  PROJECT_PAGE_SIZE,
  PROJECT_SORTS,
  type ProjectSort,
  ProjectsRepository,
} from '../../projects/projects.repository';
import { ProjectsService } from '../../projects/projects.service';
import { type SimilarProject, SimilarProjectRegistered } from '../../projects/similar-projects';
import { targetAgainstDirection } from '../../projects/kpi-direction';
import { TasksService } from '../../tasks/tasks.service';
import { Role } from '../../access/role';
import { FormBody, formErrors, FormState, formValues, PageError, remapRows, statusOf, text, validated } from '../forms';
import { departmentMoveHint } from '../messages/confirmations';
import { PROJECT_SAVED_BY_SOMEONE_ELSE } from '../messages/error-messages';
import { newReportPath, organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { choicesOf, pagedList, queryStatus, readListQuery } from '../list-query';
import { textOf } from '../../common/text';
import { fiscalYearInJapan } from '../../common/dates';
import { formatFiscalYear } from '../../common/japanese-era';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleStatus } from '../../cycles/fiscal-year-cycle.entity';
import { ReportsService } from '../../reports/reports.service';
import {
  differingFields,
  KPI_ROWS,
  newProjectValues,
  planChangeText,
  projectFieldLabels,
  projectRequest,
  projectValues,
} from './project-form';

/** The project being edited; after a stale edit also what is saved now, and which of its fields differ from the form. */
interface FormContext {
  project?: ProjectView;
  saved?: ProjectView;
  differs?: Record<string, boolean>;
  /** Registered projects that look like the one being registered or edited, refused beside them until confirmed. */
  similar?: SimilarProject[];
}

/** A plan period's state in the current fiscal year. */
const PLAN_PERIOD_LABELS: Record<PlanPeriodState, string> = {
  ongoing: '実施中',
  upcoming: '開始前',
  ended: '終了',
};

const PROJECT_SORT_LABELS: Record<ProjectSort, string> = {
  start: '計画開始の新しい順',
  number: 'No順',
  name: '事業名順',
  department: '事業担当課順',
};

/** Where the saved project is shown next to a refused stale edit; the error summary links there. */
const SAVED_PROJECT_ANCHOR = 'saved-project';

/**
 * 国提出事業 as pages: the list, registration and editing. The same roles as the projects API; which departments
 * a person may manage, and every other rule, is decided by ProjectsService on each save.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/projects')
export class ProjectPagesController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly projectCatalogue: ProjectsRepository,
    private readonly organizations: OrganizationsService,
    private readonly tasks: TasksService,
    private readonly cycles: CyclesService,
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
  ) {}

  /** The projects that match the search and filters of the URL (so the view can be bookmarked), in its order. */
  @Get()
  async list(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const [departments, grantTypes] = await Promise.all([
      this.departmentChoices(actor),
      this.projectCatalogue.listGrantTypes(),
    ]);
    const parameters = {
      departmentId: { label: '事業担当課', choices: departments.map(({ id, name }) => ({ value: id, text: name })) },
      grantTypeCode: { label: '交付金', choices: grantTypes.map(({ code, label }) => ({ value: code, text: label })) },
      period: { label: '実施計画期間', choices: choicesOf(PLAN_PERIOD_STATES, PLAN_PERIOD_LABELS) },
      sort: { label: '並び順', choices: choicesOf(PROJECT_SORTS, PROJECT_SORT_LABELS) },
    };
    const list = readListQuery(query, parameters);
    const { departmentId, grantTypeCode, period, sort } = list.chosen;
    const filters = {
      q: list.q,
      departmentId,
      grantTypeCode,
      period: period ? { state: period as PlanPeriodState, fiscalYear: fiscalYearInJapan() } : undefined,
    };
    const [{ items: projects, paging }, toStart] = await Promise.all([
      pagedList(
        textOf(query.page),
        PROJECT_PAGE_SIZE,
        (page) => this.projects.listPage(actor, filters, (sort as ProjectSort | undefined) ?? 'start', page),
        { q: list.q, ...list.chosen },
      ),
      this.reportsToStart(actor),
    ]);
    // The reports of the page's projects only: a large municipality's ten years are a thousand and more.
    const reports = await this.tasks.reportList(actor, { projectIds: projects.map((project) => project.id) });
    const oldestFirst = reports.sort((a, b) => a.report.fiscalYear - b.report.fiscalYear);
    return this.pages.render(
      response,
      'projects/list.njk',
      {
        projects: projects.map(ProjectView.from).map((project) => ({
          ...project,
          kpis: project.kpis.map((kpi) => ({ ...kpi, targetAgainstDirection: targetAgainstDirection(kpi) })),
          tasks: oldestFirst.filter(({ report }) => report.projectId === project.id),
          startReports: toStart
            .filter(({ projectIds }) => projectIds.has(project.id))
            .map(({ fiscalYear }) => ({
              label: `${formatFiscalYear(fiscalYear)}の報告を作成する`,
              href: newReportPath(actor.organizationId, project.id, fiscalYear),
            })),
        })),
        pagination: paging,
        list,
        parameters,
        errors: list.errors,
      },
      queryStatus(list.errors),
    );
  }

  @Get('new')
  async newProject(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    const departments = await this.departmentChoices(actor);
    return this.renderForm(
      response,
      actor,
      new FormState(newProjectValues(departments.map((department) => department.id))),
    );
  }

  @Post('new')
  async create(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const { request, kpiRows } = projectRequest(body);
    let project: { id: string };
    try {
      project = await this.projects.create(actor, await validated(CreateProjectRequest, request));
    } catch (error) {
      const errors = refusedFields(error, kpiRows);
      if (!errors) throw error;
      const similar = await this.similarBeside(actor, error, request);
      return this.renderForm(response, actor, new FormState(formValues(body), errors), { similar }, statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, `projects#project-${project.id}`),
      'project-created',
    );
  }

  @Get(':projectId/edit')
  async edit(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
    @Res() response: Response,
  ): Promise<void> {
    const project = ProjectView.from(await this.projects.get(actor, projectId));
    return this.renderForm(response, actor, new FormState(projectValues(project)), { project });
  }

  @Post(':projectId/edit')
  async update(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const { request, kpiRows } = projectRequest(body);
    let notice: string;
    try {
      const { updatedDraftReportIds, changed } = await this.projects.update(
        actor,
        projectId,
        await validated(UpdateProjectRequest, { ...request, version: Number(text(body, '/version')) }),
      );
      notice = !changed
        ? 'project-unchanged'
        : updatedDraftReportIds.length > 0
          ? 'project-saved-drafts-followed'
          : 'project-saved';
    } catch (error) {
      const project = ProjectView.from(await this.projects.get(actor, projectId));
      // A likely twin is refused with 409 as well: it is asked about beside the form, as on registration.
      if (error instanceof ConflictException && !(error instanceof SimilarProjectRegistered)) {
        // The typed values stay; the form now carries the saved version, so saving again knowingly replaces it.
        const typed = formValues(body);
        const state = new FormState({ ...typed, '/version': String(project.version) }, [
          { ...PROJECT_SAVED_BY_SOMEONE_ELSE, href: `#${SAVED_PROJECT_ANCHOR}` },
        ]);
        return this.renderForm(
          response,
          actor,
          state,
          { project, saved: project, differs: differingFields(projectValues(project), typed) },
          HttpStatus.CONFLICT,
        );
      }
      const errors = refusedFields(error, kpiRows);
      if (!errors) throw error;
      const similar = await this.similarBeside(actor, error, request, projectId);
      return this.renderForm(
        response,
        actor,
        new FormState(formValues(body), errors),
        { project, similar },
        statusOf(error),
      );
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, `projects#project-${projectId}`), notice);
  }

  /**
   * For each year opened and not closed, the projects that should report on it and have no report of it (as the year
   * board lists them): a project registered after its year was opened gets no draft from the opening.
   */
  private async reportsToStart(actor: OrganizationActor) {
    const open = (await this.cycles.list(actor.organizationId)).filter((cycle) => cycle.status === CycleStatus.Open);
    return Promise.all(
      open.map(async ({ fiscalYear }) => ({
        fiscalYear,
        projectIds: new Set((await this.reports.unreportedOf(actor, fiscalYear)).map(({ project }) => project.id)),
      })),
    );
  }

  /**
   * The likely twins to list beside a refused form: those a refusal of them named, or, with 「別の事業として登録する」
   * ticked on a form refused for something else, those it was confirmed beside, so that the ticked box keeps its list.
   * None while the No, name or plan period is refused too: the save asks again once they are read.
   */
  private async similarBeside(
    actor: OrganizationActor,
    error: unknown,
    request: Record<string, unknown>,
    projectId?: string,
  ): Promise<SimilarProject[]> {
    if (error instanceof SimilarProjectRegistered) return error.twins;
    if (!request.confirmSimilarProject) return [];
    const { projectNumber, name, planStartFiscalYear, planEndFiscalYear } = request;
    const identity = await validated(ProjectIdentityRequest, {
      projectNumber,
      name,
      planStartFiscalYear,
      planEndFiscalYear,
    }).catch(() => null);
    return identity
      ? this.projects.similarTo(actor, { ...identity, projectNumber: identity.projectNumber ?? null }, projectId)
      : [];
  }

  /**
   * The departments to offer: all for those who see the whole organization, otherwise the person's own — asked of
   * the same predicates the service's check uses, so the page never offers what a save would refuse (a retired one).
   */
  private async departmentChoices(actor: OrganizationActor) {
    const departments = await this.organizations.listCurrentDepartments(actor.organizationId);
    return departments.filter((department) => seesWholeOrganization(actor) || ownsDepartment(actor, department.id));
  }

  private async renderForm(
    response: Response,
    actor: OrganizationActor,
    form: FormState,
    context: FormContext = {},
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    const [departments, grantTypes, amendments, inFlight] = await Promise.all([
      this.departmentChoices(actor),
      this.projectCatalogue.listGrantTypes(),
      context.project ? this.projects.amendmentsOf(actor, context.project.id) : [],
      context.project ? this.reports.inFlightOfProject(actor, context.project.id) : [],
    ]);
    const list = organizationPath(actor.organizationId, 'projects');
    return this.pages.render(
      response,
      'projects/form.njk',
      {
        form,
        errors: form.errors,
        project: context.project,
        saved: context.saved,
        savedKpis: KPI_ROWS.map((row) => context.saved?.kpis.find((kpi) => kpi.position === row + 1) ?? null),
        differs: context.differs ?? {},
        similar: context.similar ?? [],
        savedAnchor: SAVED_PROJECT_ANCHOR,
        action: context.project ? `${list}/${context.project.id}/edit` : `${list}/new`,
        back: list,
        departments: departments.map((department) => ({ value: department.id, text: department.name })),
        departmentHint: departmentMoveHint(inFlight),
        grantTypes: grantTypes.map((type) => ({ value: type.code, text: type.label })),
        kpiRows: KPI_ROWS,
        amendments: amendments.map((amendment) => ({
          ...PlanAmendmentView.from(amendment),
          lines: amendment.changes.map(planChangeText),
        })),
      },
      status,
    );
  }
}

/** Refused fields in Japanese, each beside its field; a KPI's errors beside the row group it was typed in. */
function refusedFields(error: unknown, kpiRows: number[]): PageError[] | null {
  const errors = formErrors(error, projectFieldLabels(kpiRows));
  return errors && remapRows(errors, '/kpis', kpiRows);
}
