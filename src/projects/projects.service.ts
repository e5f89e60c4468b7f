import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { notFoundInScope } from '../access/access.decorators';
import { ownsDepartment, seesWholeOrganization } from '../access/actor-scope';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { OrganizationActor } from '../access/actor';
import { assertCurrentVersion, completeVersionBump } from '../infra/database/optimistic-lock';
import type { EntityManager } from 'typeorm';
import { NothingChanged, Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { GrantProject } from './grant-project.entity';
import { KpiDefinition } from './kpi-definition.entity';
import { KpiDirection } from './kpi-direction';
import { diffDocuments } from '../common/document-diff';
import {
  CreateProjectRequest,
  initialProjectChanges,
  KpiDefinitionRequest,
  projectChangeDocument,
  UpdateProjectRequest,
} from './projects.dto';
import { PlanAmendment } from './plan-amendment.entity';
import { PlanAmendmentsRepository } from './plan-amendments.repository';
import { ProjectEdits } from './project-edits';
import { ProjectFilters, ProjectSort, ProjectsRepository } from './projects.repository';
import {
  identityChanged,
  newTwins,
  type ProjectIdentity,
  type SimilarProject,
  similarProjectFor,
  SimilarProjectRegistered,
} from './similar-projects';

@Injectable()
export class ProjectsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectsRepository,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditLog,
    private readonly edits: ProjectEdits,
    private readonly amendments: PlanAmendmentsRepository,
  ) {}

  /** 計画変更の履歴: newest first. */
  async amendmentsOf(actor: OrganizationActor, projectId: string): Promise<PlanAmendment[]> {
    await this.get(actor, projectId);
    return this.amendments.listOf(actor.organizationId, projectId);
  }

  /** Titles of the organization's projects by id, for records that name them (see ProjectsRepository.titlesOf). */
  titlesOf(organizationId: string, projectIds: string[]): Promise<Map<string, string>> {
    return this.projects.titlesOf(organizationId, projectIds);
  }

  list(actor: OrganizationActor, filters: ProjectFilters, sort?: ProjectSort): Promise<GrantProject[]> {
    return this.projects.list(actor, filters, sort);
  }

  /** The projects the actor may choose among (starting a report), without their KPIs. */
  choicesFor(actor: OrganizationActor): Promise<GrantProject[]> {
    return this.projects.choicesFor(actor);
  }

  /** One page of list, with how many projects match in all. */
  listPage(
    actor: OrganizationActor,
    filters: ProjectFilters,
    sort: ProjectSort,
    page: { page: number; pageSize: number },
  ): Promise<[GrantProject[], number]> {
    return this.projects.listPage(actor, filters, sort, page);
  }

  async get(actor: OrganizationActor, projectId: string): Promise<GrantProject> {
    const project = await this.projects.findVisible(actor, projectId);
    if (!project) throw await notFoundInScope(this.projects.existsAnywhere(projectId), 'Project not found.');
    return project;
  }

  /**
   * Registers a project; one that looks registered already (isLikelyTwin with a project of the organization) is
   * refused, naming it as the actor may see it, unless the request confirms it is another project. An edit of a
   * project's No, name or plan period is asked the same (editIn).
   */
  async create(actor: OrganizationActor, request: CreateProjectRequest): Promise<GrantProject> {
    await this.assertMayGiveTo(actor, request.departmentId);
    await this.assertGrantType(request.grantTypeCode);
    const kpis = this.kpiEntities(request.kpis ?? []);
    const id = await this.transactions.run(async (manager) => {
      const twins = await this.confirmedTwins(
        manager,
        actor,
        { ...request, projectNumber: request.projectNumber ?? null },
        request.confirmSimilarProject,
      );
      const { kpis: _ignored, confirmSimilarProject: _confirmed, ...fields } = request;
      const project = await this.projects.insertProject(manager, {
        ...fields,
        organizationId: actor.organizationId,
        overview: request.overview ?? '',
        partnerMunicipalities: request.partnerMunicipalities ?? [],
      });
      await this.projects.replaceKpis(manager, project.id, kpis);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'project.created',
          { type: 'project', id: project.id },
          {
            name: request.name,
            changes: initialProjectChanges({ ...project, kpis }),
            ...confirmedBeside(twins),
          },
        ),
      );
      return project.id;
    });
    return this.get(actor, id);
  }

  /**
   * The projects a registration, or an edit of `projectId`, as typed would be refused beside (confirmedTwins), as the
   * actor may see them: for a form refused for something else after they were confirmed, to list them again.
   */
  async similarTo(actor: OrganizationActor, candidate: ProjectIdentity, projectId?: string): Promise<SimilarProject[]> {
    const edited = projectId ? await this.get(actor, projectId) : undefined;
    const overlapping = await this.projects.overlappingOf(actor.organizationId, candidate);
    return newTwins(candidate, overlapping, edited).map((twin) => similarProjectFor(actor, twin));
  }

  /**
   * Edits the project; its reports open for editing (drafts, and reports being corrected) follow: their plan copies
   * become the project as it is now. Submitted and published reports keep their year's plan. Answers which followed.
   */
  async update(
    actor: OrganizationActor,
    projectId: string,
    request: UpdateProjectRequest,
  ): Promise<{ project: GrantProject; updatedDraftReportIds: string[]; changed: boolean }> {
    // Checked before the transaction, which queries on its own connection only; a project changed in between (its
    // department, say) fails the version check under the lock.
    const visible = await this.get(actor, projectId);
    await this.assertMayManageDepartment(actor, visible.departmentId);
    if (request.departmentId && request.departmentId !== visible.departmentId)
      await this.assertMayGiveTo(actor, request.departmentId);
    if (request.grantTypeCode) await this.assertGrantType(request.grantTypeCode);
    const { updatedDraftReportIds, changed } = await this.transactions.run((manager) =>
      this.editIn(manager, actor, projectId, request),
    );
    return { project: await this.get(actor, projectId), updatedDraftReportIds, changed };
  }

  /**
   * Inside the caller's transaction (a department's retirement, which checked its successor): the project moved to
   * another department as an edit of its 事業担当課 moves it, recorded the same and with its reports following.
   */
  async moveIn(
    manager: EntityManager,
    actor: OrganizationActor,
    projectId: string,
    departmentId: string,
  ): Promise<void> {
    const { version } = await this.projects.lockForChange(manager, actor.organizationId, projectId);
    await this.editIn(manager, actor, projectId, { version, departmentId });
  }

  /** Inside the caller's transaction, with the request checked against the organization: the edit, audited. */
  private async editIn(
    manager: EntityManager,
    actor: OrganizationActor,
    projectId: string,
    request: UpdateProjectRequest,
  ): Promise<{ updatedDraftReportIds: string[]; changed: boolean }> {
    const { version, kpis, amendment, confirmSimilarProject, ...fields } = request;
    const project = await this.projects.lockForChange(manager, actor.organizationId, projectId);
    assertCurrentVersion('project', project.version, version);
    const before = projectChangeDocument({ ...project, kpis: await this.projects.kpisOf(manager, projectId) });
    const edited = { ...project };
    Object.assign(project, fields);
    if (project.planEndFiscalYear < project.planStartFiscalYear) {
      throw new BadRequestException({
        message: 'The plan period ends before it starts.',
        details: [{ path: '/planEndFiscalYear', message: 'planEndFiscalYear must not be before planStartFiscalYear' }],
      });
    }
    // Edited into a twin of another project, it is asked about as its registration would have been.
    const twins = identityChanged(edited, project)
      ? await this.confirmedTwins(manager, actor, project, confirmSimilarProject, edited)
      : [];
    await this.projects.save(manager, project);
    if (kpis) await this.projects.replaceKpis(manager, project.id, this.kpiEntities(kpis));
    await completeVersionBump(manager, GrantProject, project.id, version);
    const after = projectChangeDocument({ ...project, kpis: await this.projects.kpisOf(manager, projectId) });
    const planChanges = diffDocuments(planOf(before), planOf(after));
    if (amendment && planChanges.length === 0) {
      throw new BadRequestException({
        message: 'The amendment changes nothing of the plan: leave it out, or change the targets or plan period.',
        details: [{ path: '/amendment', message: 'no target, KPI or plan period changed' }],
      });
    }
    const changes = diffDocuments(before, after);
    // Saved as it was: undone whole, so no version, no plan copy of a report and no entry records a change of nothing.
    if (changes.length === 0) throw new NothingChanged({ updatedDraftReportIds: [] as string[], changed: false });
    if (!amendment && planChanges.length > 0 && (await this.edits.recordBegun(manager, projectId))) {
      throw new BadRequestException({
        message:
          '提出済みの報告がある事業の目標値・指標・計画期間の変更は計画変更です。適用年度と理由を入力してください ' +
          '(a report of this project is past draft: a plan change needs its effective fiscal year and reason).',
        details: [{ path: '/amendment', message: 'amendment (effectiveFiscalYear, reason) is required' }],
      });
    }
    if (amendment) {
      const recorded = await this.amendments.add(manager, {
        organizationId: actor.organizationId,
        projectId,
        effectiveFiscalYear: amendment.effectiveFiscalYear,
        reason: amendment.reason.trim(),
        changes: planChanges,
        amendedBy: actor.userId,
      });
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'project.amended',
          { type: 'project', id: projectId },
          {
            amendmentId: recorded.id,
            effectiveFiscalYear: recorded.effectiveFiscalYear,
            reason: recorded.reason,
            changes: planChanges,
          },
        ),
      );
    }
    const followed = await this.edits.announce(manager, projectId, actor, amendment?.effectiveFiscalYear ?? null);
    await this.audit.append(
      manager,
      actorEvent(
        actor,
        'project.edited',
        { type: 'project', id: projectId },
        { changes, updatedDraftReportIds: followed, ...confirmedBeside(twins) },
      ),
    );
    return { updatedDraftReportIds: followed, changed: true };
  }

  /**
   * Under the lock of registrations, so that two cannot both miss the other: the projects of the organization that
   * `candidate` newly looks like (newTwins; for an edit, `edited` as it was), refused naming them as the actor may see
   * them unless confirmed.
   */
  private async confirmedTwins(
    manager: EntityManager,
    actor: OrganizationActor,
    candidate: ProjectIdentity,
    confirmed: boolean | undefined,
    edited?: GrantProject,
  ): Promise<GrantProject[]> {
    await this.projects.lockRegistrationsOf(manager, actor.organizationId);
    const overlapping = await this.projects.overlappingOf(actor.organizationId, candidate, manager);
    const twins = newTwins(candidate, overlapping, edited);
    if (twins.length > 0 && !confirmed)
      throw new SimilarProjectRegistered(twins.map((twin) => similarProjectFor(actor, twin)));
    return twins;
  }

  private async assertMayManageDepartment(actor: OrganizationActor, departmentId: string): Promise<void> {
    await this.organizations.getDepartment(actor.organizationId, departmentId);
    assertOwnsOrSees(actor, departmentId);
  }

  /** A department a project is given to (a new project's, or a move's) must not be retired. */
  private async assertMayGiveTo(actor: OrganizationActor, departmentId: string): Promise<void> {
    await this.organizations.getCurrentDepartment(actor.organizationId, departmentId);
    assertOwnsOrSees(actor, departmentId);
  }

  private async assertGrantType(code: string): Promise<void> {
    if (!(await this.projects.grantTypeExists(code))) {
      throw new BadRequestException({
        message: `Unknown grant type "${code}".`,
        details: [{ path: '/grantTypeCode', message: 'grantTypeCode must be a code from GET /api/v1/grant-types' }],
      });
    }
  }

  private kpiEntities(kpis: KpiDefinitionRequest[]): Omit<KpiDefinition, 'id' | 'projectId' | 'project'>[] {
    const seen = new Set<number>();
    kpis.forEach((kpi, index) => {
      if (seen.has(kpi.position)) {
        throw new BadRequestException({
          message: `Two KPIs share position ${kpi.position}.`,
          details: [{ path: `/kpis/${index}/position`, message: 'each KPI needs its own position (指標①–④)' }],
        });
      }
      seen.add(kpi.position);
    });
    return kpis.map((kpi) => ({
      position: kpi.position,
      name: kpi.name.trim(),
      baseline: kpi.baseline ?? null,
      target: kpi.target ?? null,
      unit: kpi.unit?.trim() ?? '',
      targetYearMonth: kpi.targetYearMonth ?? null,
      direction: kpi.direction ?? KpiDirection.HigherIsBetter,
    }));
  }
}

function assertOwnsOrSees(actor: OrganizationActor, departmentId: string): void {
  if (!seesWholeOrganization(actor) && !ownsDepartment(actor, departmentId)) {
    throw new ForbiddenException(
      "Only the owning department, the planning division or an administrator may manage this department's projects.",
    );
  }
}

/** Of an entry of a project saved knowing of its twins: the ones the refusal named, which it was confirmed beside. */
function confirmedBeside(twins: GrantProject[]): { confirmedBeside?: string[] } {
  return twins.length > 0 ? { confirmedBeside: twins.map((twin) => twin.id) } : {};
}

/** The part of a project that is its plan: the period and the KPI definitions (a change of it is an amendment). */
function planOf(document: ReturnType<typeof projectChangeDocument>) {
  return {
    planStartFiscalYear: document.planStartFiscalYear,
    planEndFiscalYear: document.planEndFiscalYear,
    kpis: document.kpis,
  };
}
