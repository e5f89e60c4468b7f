import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { projectTitle } from './project-title';
import { EntityManager, In, LessThanOrEqual, MoreThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';
import { seesWholeOrganization } from '../access/actor-scope';
import { insertRows, insertStored } from '../infra/database/insert-statements';
import { keywordCondition, keywordOf, numberOrder, type OrderTerm } from '../infra/database/list-queries';
import { OrganizationActor } from '../access/actor';
import { GrantProject } from './grant-project.entity';
import { GrantType } from './grant-type.entity';
import { KpiDefinition } from './kpi-definition.entity';
import { lockUntilCommit } from '../infra/database/advisory-lock';

/** Where a project's plan period stands in a fiscal year: running, not begun yet, or over. */
export const PLAN_PERIOD_STATES = ['ongoing', 'upcoming', 'ended'] as const;
export type PlanPeriodState = (typeof PLAN_PERIOD_STATES)[number];

export interface ProjectFilters {
  departmentId?: string;
  grantTypeCode?: string;
  /** Words all in the project's name (full- and half-width forms alike), or its number (exactly, "No.3" or "3"). */
  q?: string;
  /** Projects whose plan period is in this state in the fiscal year. */
  period?: { state: PlanPeriodState; fiscalYear: number };
}

/** The orders a project list offers; the first is the default (the newest plans first). */
export const PROJECT_SORTS = ['start', 'number', 'name', 'department'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

/** Projects a page of the list, on its page and in the API: a large municipality has hundreds, each with its KPIs. */
export const PROJECT_PAGE_SIZE = 50;

const PERIOD_CONDITIONS: Record<PlanPeriodState, string> = {
  ongoing: 'project.planStartFiscalYear <= :periodYear AND project.planEndFiscalYear >= :periodYear',
  upcoming: 'project.planStartFiscalYear > :periodYear',
  ended: 'project.planEndFiscalYear < :periodYear',
};

const PROJECT_ORDER: Record<ProjectSort, OrderTerm[]> = {
  start: [['project.planStartFiscalYear', 'DESC']],
  number: numberOrder('project.projectNumber'),
  name: [],
  department: [['department.name', 'ASC'], ...numberOrder('project.projectNumber')],
};

/** The projects of `query` that match the filters. */
function matching(query: SelectQueryBuilder<GrantProject>, filters: ProjectFilters): SelectQueryBuilder<GrantProject> {
  if (filters.departmentId)
    query.andWhere('project.departmentId = :departmentId', { departmentId: filters.departmentId });
  if (filters.grantTypeCode)
    query.andWhere('project.grantTypeCode = :grantTypeCode', { grantTypeCode: filters.grantTypeCode });
  const keyword = keywordOf(filters.q);
  if (keyword) query.andWhere(...keywordCondition(keyword, ['project.name'], 'project.projectNumber'));
  if (filters.period) {
    const { state, fiscalYear } = filters.period;
    query.andWhere(PERIOD_CONDITIONS[state], { periodYear: fiscalYear });
  }
  return query;
}

/** `query` in the chosen order, then by name and id: one order for a list and its pages. */
function inListOrder(query: SelectQueryBuilder<GrantProject>, sort: ProjectSort): SelectQueryBuilder<GrantProject> {
  for (const [term, order] of PROJECT_ORDER[sort]) query.addOrderBy(term, order, 'NULLS LAST');
  return query.addOrderBy('project.name', 'ASC').addOrderBy('project.id', 'ASC');
}

/** The projects of `query` (joined to their KPIs) in list order, each with its KPIs in order. */
function withKpisInOrder(query: SelectQueryBuilder<GrantProject>, sort: ProjectSort): Promise<GrantProject[]> {
  return inListOrder(query, sort).addOrderBy('kpi.position', 'ASC').getMany();
}

/** The only place that queries projects; every query is bound to the caller's organization and share. */
@Injectable()
export class ProjectsRepository {
  constructor(
    @InjectRepository(GrantProject) private readonly projects: Repository<GrantProject>,
    @InjectRepository(GrantType) private readonly grantTypes: Repository<GrantType>,
  ) {}

  /** Owners see their departments' projects; planning and administrators all of the organization. */
  visibleTo(actor: OrganizationActor): SelectQueryBuilder<GrantProject> {
    return this.visibleWithoutKpis(actor).leftJoinAndSelect('project.kpis', 'kpi');
  }

  /** The visible projects that match, in the chosen order (then by name); each with its KPIs in order. */
  list(actor: OrganizationActor, filters: ProjectFilters, sort: ProjectSort = 'start'): Promise<GrantProject[]> {
    return withKpisInOrder(matching(this.visibleTo(actor), filters), sort);
  }

  /**
   * One page of list, and how many projects match in all. The page's projects are found first, each once (a project
   * joined to its KPIs is a row per KPI), then read with their KPIs.
   */
  async listPage(
    actor: OrganizationActor,
    filters: ProjectFilters,
    sort: ProjectSort,
    { page, pageSize }: { page: number; pageSize: number },
  ): Promise<[GrantProject[], number]> {
    const found = matching(this.visibleWithoutKpis(actor), filters);
    const [rows, total] = await Promise.all([
      inListOrder(found.clone().select('project.id', 'id'), sort)
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<{ id: string }>(),
      found.getCount(),
    ]);
    if (rows.length === 0) return [[], total];
    const onPage = this.visibleTo(actor).andWhere('project.id = ANY(:onPage)', { onPage: rows.map(({ id }) => id) });
    return [await withKpisInOrder(onPage, sort), total];
  }

  /** The visible projects, newest plan first, without their KPIs: what a choice of project shows of each. */
  choicesFor(actor: OrganizationActor): Promise<GrantProject[]> {
    return inListOrder(this.visibleWithoutKpis(actor), 'start').getMany();
  }

  findVisible(actor: OrganizationActor, projectId: string): Promise<GrantProject | null> {
    return this.visibleTo(actor).andWhere('project.id = :projectId', { projectId }).getOne();
  }

  /**
   * The organization's projects whose plan period shares a year with the one given, with their departments: what a
   * registration (or edit) is compared with for a likely twin, read in its transaction. All of them, not only
   * those the registering person sees: a department registering another's project again is what is asked about.
   */
  overlappingOf(
    organizationId: string,
    period: Pick<GrantProject, 'planStartFiscalYear' | 'planEndFiscalYear'>,
    manager: EntityManager = this.projects.manager,
  ): Promise<GrantProject[]> {
    return inListOrder(this.inOrganization(organizationId, manager), 'number')
      .andWhere('project.planStartFiscalYear <= :end AND project.planEndFiscalYear >= :start', {
        start: period.planStartFiscalYear,
        end: period.planEndFiscalYear,
      })
      .getMany();
  }

  /**
   * One registration (or edit of a project's No, name or plan period) per organization at a time until commit: two of
   * the same project cannot both miss the other.
   */
  async lockRegistrationsOf(manager: EntityManager, organizationId: string): Promise<void> {
    await lockUntilCommit(manager, `project-registration:${organizationId}`);
  }

  private visibleWithoutKpis(actor: OrganizationActor): SelectQueryBuilder<GrantProject> {
    const query = this.inOrganization(actor.organizationId);
    if (!seesWholeOrganization(actor)) {
      query.andWhere('project.departmentId = ANY(:departmentIds)', { departmentIds: actor.departmentIds });
    }
    return query;
  }

  /** The organization's projects, each with its department and grant type. */
  private inOrganization(
    organizationId: string,
    manager: EntityManager = this.projects.manager,
  ): SelectQueryBuilder<GrantProject> {
    return manager
      .createQueryBuilder(GrantProject, 'project')
      .leftJoinAndSelect('project.department', 'department')
      .leftJoinAndSelect('project.grantType', 'grantType')
      .where('project.organizationId = :organizationId', { organizationId });
  }

  /** Titles (projectTitle) of the organization's projects among `projectIds`, by id; a project deleted since is absent. */
  async titlesOf(organizationId: string, projectIds: string[]): Promise<Map<string, string>> {
    if (projectIds.length === 0) return new Map();
    const projects = await this.projects.find({
      select: { id: true, projectNumber: true, name: true },
      where: { organizationId, id: In([...new Set(projectIds)]) },
    });
    return new Map(projects.map((project) => [project.id, projectTitle(project)]));
  }

  /** In any organization and share: whether a project the caller may not see is out of scope or unknown. */
  existsAnywhere(projectId: string): Promise<boolean> {
    return this.projects.existsBy({ id: projectId });
  }

  listGrantTypes(): Promise<GrantType[]> {
    return this.grantTypes.find({ order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  grantTypeExists(code: string): Promise<boolean> {
    return this.grantTypes.existsBy({ code });
  }

  /** Every project of the organization with its KPIs, oldest first (what an import compares a file with). */
  withKpisOf(manager: EntityManager, organizationId: string): Promise<GrantProject[]> {
    return manager.find(GrantProject, {
      where: { organizationId },
      relations: { kpis: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** One import per organization at a time until commit: two confirmations of the same file cannot both create its projects. */
  async lockImportsOf(manager: EntityManager, organizationId: string): Promise<void> {
    await lockUntilCommit(manager, `import:${organizationId}`);
  }

  /** The ids of the department's projects, row-locked: none joins or leaves it until the caller's transaction ends. */
  async lockIdsInDepartment(manager: EntityManager, organizationId: string, departmentId: string): Promise<string[]> {
    const projects = await manager.find(GrantProject, {
      select: { id: true },
      where: { organizationId, departmentId },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return projects.map((project) => project.id);
  }

  /** Row lock for an edit: concurrent edits of one project serialize here, so the version check is reliable. */
  lockForChange(manager: EntityManager, organizationId: string, projectId: string): Promise<GrantProject> {
    return manager.findOneOrFail(GrantProject, {
      where: { id: projectId, organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * A new project row, as stored (null where no value was given), without its relations; the caller adds its KPIs with
   * replaceKpis in the same transaction.
   */
  async insertProject(manager: EntityManager, fields: Partial<GrantProject>): Promise<GrantProject> {
    const [project] = await insertStored(manager, GrantProject, [fields]);
    return project;
  }

  /** New project rows in one statement, their ids in the same order; the caller adds their KPIs with insertKpis. */
  async insertProjects(manager: EntityManager, projects: Partial<GrantProject>[]): Promise<string[]> {
    return (await insertStored(manager, GrantProject, projects)).map((project) => project.id);
  }

  save(manager: EntityManager, project: GrantProject): Promise<GrantProject> {
    return manager.save(project);
  }

  kpisOf(manager: EntityManager, projectId: string): Promise<KpiDefinition[]> {
    return manager.findBy(KpiDefinition, { projectId });
  }

  /** The KPIs of projects just inserted (which have none yet), in one statement. */
  async insertKpis(manager: EntityManager, kpis: Omit<KpiDefinition, 'id' | 'project'>[]): Promise<void> {
    await insertRows(manager, KpiDefinition, kpis);
  }

  /** KPIs are identified by position: results of later reports refer to 指標① etc., not to a row id. */
  async replaceKpis(
    manager: EntityManager,
    projectId: string,
    kpis: Omit<KpiDefinition, 'id' | 'projectId' | 'project'>[],
  ): Promise<void> {
    await manager.delete(KpiDefinition, { projectId });
    await insertRows(
      manager,
      KpiDefinition,
      kpis.map((kpi) => ({ ...kpi, projectId })),
    );
  }

  /** The project with everything a report's plan copy takes from it (KPIs, department, grant type). */
  withPlan(manager: EntityManager, projectId: string): Promise<GrantProject> {
    return manager.findOneOrFail(GrantProject, {
      where: { id: projectId },
      relations: { kpis: true, department: true, grantType: true },
    });
  }

  /** withPlan of many projects in one query. */
  withPlanOf(manager: EntityManager, projectIds: string[]): Promise<GrantProject[]> {
    if (projectIds.length === 0) return Promise.resolve([]);
    return manager.find(GrantProject, {
      where: { id: In([...new Set(projectIds)]) },
      relations: { kpis: true, department: true, grantType: true },
    });
  }

  /**
   * withPlanOf for reports starting from those plans: the projects are locked first, in id order, until the caller's
   * transaction ends, and read after. A start waits for an edit of the plan under way and reads what it left; an edit
   * waits for the start, then finds the new draft to follow it. The key-share lock is the weakest that an edit's row
   * lock waits for, and the one the new reports' foreign keys take anyway.
   */
  async lockedWithPlanOf(manager: EntityManager, projectIds: string[]): Promise<GrantProject[]> {
    const ids = [...new Set(projectIds)];
    await manager.find(GrantProject, {
      where: { id: In(ids) },
      select: { id: true },
      order: { id: 'ASC' },
      lock: { mode: 'for_key_share' },
    });
    return this.withPlanOf(manager, ids);
  }

  /** Projects whose plan period covers the fiscal year (the ones that report on it). */
  coveringYear(manager: EntityManager, organizationId: string, fiscalYear: number): Promise<GrantProject[]> {
    return manager.find(GrantProject, {
      where: {
        organizationId,
        planStartFiscalYear: LessThanOrEqual(fiscalYear),
        planEndFiscalYear: MoreThanOrEqual(fiscalYear),
      },
    });
  }
}
