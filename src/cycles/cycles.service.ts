import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { fiscalYearLabel } from '../common/era-input';
import { Transactions } from '../infra/database/transactions';
import { OutboxRepository } from '../outbox/outbox.repository';
import { GrantProject } from '../projects/grant-project.entity';
import { byProjectNumber } from '../projects/project-title';
import { ProjectsRepository } from '../projects/projects.repository';
import { ReportDrafts, reportCreated } from '../reports/changes/report-drafts';
import { endsTheProject } from '../reports/report/assessment';
import { ReportsRepository } from '../reports/report/reports.repository';
import { OpenCycleRequest } from './cycles.dto';
import { CyclesRepository } from './cycles.repository';
import { type EndedProject } from './ended-project';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';
import { refusePassedSubmissionDueDate } from './submission-due-date';

/** Fiscal-year cycles: the yearly round of verification, opened and closed by administrators. */
@Injectable()
export class CyclesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cycles: CyclesRepository,
    private readonly projects: ProjectsRepository,
    private readonly reports: ReportsRepository,
    private readonly drafts: ReportDrafts,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxRepository,
  ) {}

  list(organizationId: string): Promise<FiscalYearCycle[]> {
    return this.cycles.list(organizationId);
  }

  /** One cycle of the organization; 404 for another organization's as for an unknown one. */
  async get(organizationId: string, cycleId: string): Promise<FiscalYearCycle> {
    const cycle = await this.cycles.find(organizationId, cycleId);
    if (!cycle) throw new NotFoundException('Cycle not found.');
    return cycle;
  }

  /**
   * Opens the year: a draft report for every project whose plan period covers it (projects that have one already
   * keep theirs), and a notice to each owning department with the deadline. A project whose latest decided ⑧ ends it
   * (事業の終了, 事業の中止) gets none unless the request names it: the opening says which were left out, and why.
   * All or nothing.
   */
  async open(
    actor: OrganizationActor,
    request: OpenCycleRequest,
  ): Promise<{ cycle: FiscalYearCycle; draftsCreated: number; leftOut: EndedProject[] }> {
    return this.transactions.run(async (manager) => {
      // A report started meanwhile for one of the year's projects is seen, and left out.
      await this.drafts.lockStarts(manager, [{ organizationId: actor.organizationId, fiscalYear: request.fiscalYear }]);
      const { projects, ended, leftOut } = await this.projectsToStart(manager, actor.organizationId, request);
      const cycle = await this.cycles.create(manager, {
        organizationId: actor.organizationId,
        fiscalYear: request.fiscalYear,
        submissionDueDate: request.submissionDueDate,
        reviewDueDate: request.reviewDueDate ?? null,
        openedBy: actor.userId,
      });
      // One statement per table for all the year's drafts, as an import writes them.
      const drafts = await this.drafts.startAll(
        manager,
        projects.map((project) => ({
          organizationId: actor.organizationId,
          projectId: project.id,
          fiscalYear: request.fiscalYear,
          userId: actor.userId,
        })),
      );
      const decidedIn = ({ project, decision }: EndedProject) => ({
        projectId: project.id,
        decidedReportId: decision.reportId,
        decidedFiscalYear: decision.fiscalYear,
        decision: decision.decision,
      });
      // Each draft's own history starts with its creation, naming the opening; all in one statement with the year's.
      await this.audit.appendAll(manager, [
        actorEvent(
          actor,
          'cycle.opened',
          { type: 'fiscal_year_cycle', id: cycle.id },
          {
            fiscalYear: request.fiscalYear,
            submissionDueDate: request.submissionDueDate,
            reviewDueDate: request.reviewDueDate ?? null,
            draftReportIds: drafts.map((draft) => draft.id),
            // Why a covering project got no draft: its latest decided ⑧ ends it, and it was not named to get one.
            leftOutAsEnded: leftOut.map(decidedIn),
            includedThoughEnded: ended.filter((candidate) => !leftOut.includes(candidate)).map(decidedIn),
          },
        ),
        ...drafts.map((draft) => reportCreated(actor, draft, { cycleId: cycle.id })),
      ]);
      const departments = await this.departmentsToTell(manager, actor.organizationId, request.fiscalYear, projects);
      await this.outbox.enqueue(
        manager,
        [...departments].map((departmentId) => ({
          organizationId: actor.organizationId,
          type: 'cycle.opened',
          actorUserId: actor.userId,
          payload: {
            departmentId,
            fiscalYear: request.fiscalYear,
            fiscalYearLabel: fiscalYearLabel(request.fiscalYear),
            submissionDueDate: request.submissionDueDate,
          },
        })),
      );
      return { cycle, draftsCreated: drafts.length, leftOut };
    });
  }

  /**
   * What opening the year would do now, for the page that asks before it is done: the same checks, nothing written.
   * `projects` are those that would get a draft, in list order; `ended` lists every project without a report whose latest decided ⑧ ends it, for the page to offer each.
   */
  async preview(
    actor: OrganizationActor,
    request: OpenCycleRequest,
  ): Promise<{ projects: GrantProject[]; departmentsToNotify: number; ended: EndedProject[] }> {
    const { projects, ended, departments } = await this.transactions.run(async (manager) => {
      const toStart = await this.projectsToStart(manager, actor.organizationId, request);
      return {
        ...toStart,
        departments: await this.departmentsToTell(manager, actor.organizationId, request.fiscalYear, toStart.projects),
      };
    });
    return { projects: [...projects].sort(byProjectNumber), departmentsToNotify: departments.size, ended };
  }

  /**
   * Whom opening the year tells its deadline: the departments of the drafts it starts, and of drafts started before
   * it (a report begun early still has to be submitted by then).
   */
  private async departmentsToTell(
    manager: EntityManager,
    organizationId: string,
    fiscalYear: number,
    starting: GrantProject[],
  ): Promise<Set<string>> {
    return new Set([
      ...starting.map((project) => project.departmentId),
      ...(await this.reports.draftDepartmentsOf(manager, organizationId, fiscalYear)),
    ]);
  }

  /**
   * The projects whose plan period covers the year and that have no report of it yet, but for those whose latest
   * decided ⑧ ends them and that the request does not name (`leftOut`, of all such: `ended`). Refuses a submission
   * deadline gone by (but for a year whose verification is over), a year opened before, and a named project that is not one of the
   * year's.
   */
  private async projectsToStart(
    manager: EntityManager,
    organizationId: string,
    request: OpenCycleRequest,
  ): Promise<{ projects: GrantProject[]; ended: EndedProject[]; leftOut: EndedProject[] }> {
    refusePassedSubmissionDueDate(request.fiscalYear, request.submissionDueDate);
    if (request.reviewDueDate && request.reviewDueDate < request.submissionDueDate) {
      throw new BadRequestException({
        message: 'The review is due before the reports are.',
        details: [{ path: '/reviewDueDate', message: 'reviewDueDate must not be before submissionDueDate' }],
      });
    }
    if (await this.cycles.exists(manager, organizationId, request.fiscalYear)) {
      throw new ConflictException(`The cycle of fiscal year ${request.fiscalYear} is already open (or closed).`);
    }
    const covering = await this.projects.coveringYear(manager, organizationId, request.fiscalYear);
    const coveringIds = new Set(covering.map((project) => project.id));
    const strangers = (request.includeEndedProjectIds ?? []).flatMap((projectId, index) =>
      coveringIds.has(projectId)
        ? []
        : [
            {
              path: `/includeEndedProjectIds/${index}`,
              message: 'includeEndedProjectIds may name only projects whose plan period covers the year',
            },
          ],
    );
    if (strangers.length > 0) {
      throw new BadRequestException({
        message: `includeEndedProjectIds names a project whose plan period does not cover fiscal year ${request.fiscalYear}.`,
        details: strangers,
      });
    }
    if (covering.length === 0) return { projects: [], ended: [], leftOut: [] };
    const started = await this.reports.projectsWithReportOf(
      manager,
      covering.map((project) => project.id),
      request.fiscalYear,
    );
    const missing = covering.filter((project) => !started.has(project.id));
    const decisions = await this.reports.latestDecisions(
      missing.map((project) => project.id),
      request.fiscalYear,
      manager,
    );
    const ended = missing.flatMap((project) => {
      const decision = decisions.get(project.id);
      return decision && endsTheProject(decision.decision) ? [{ project, decision }] : [];
    });
    const included = new Set(request.includeEndedProjectIds ?? []);
    const leftOut = ended.filter(({ project }) => !included.has(project.id));
    const leftOutIds = new Set(leftOut.map(({ project }) => project.id));
    return { projects: missing.filter((project) => !leftOutIds.has(project.id)), ended, leftOut };
  }

  /** Closes the year; the notices that opened it are settled (対応済み) for the departments they went to. */
  async close(actor: OrganizationActor, cycleId: string): Promise<FiscalYearCycle> {
    return this.transactions.run(async (manager) => {
      const cycle = await this.cycles.lock(manager, actor.organizationId, cycleId);
      if (!cycle) throw new NotFoundException('Cycle not found.');
      if (cycle.status === CycleStatus.Closed) throw new ConflictException('The cycle is already closed.');
      cycle.status = CycleStatus.Closed;
      cycle.closedAt = new Date();
      await this.cycles.save(manager, cycle);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'cycle.closed',
          { type: 'fiscal_year_cycle', id: cycle.id },
          { fiscalYear: cycle.fiscalYear },
        ),
      );
      // Tells no one; settles the year's 開始 notices, which asked for drafts no longer awaited.
      await this.outbox.enqueue(manager, [
        {
          organizationId: actor.organizationId,
          type: 'cycle.closed',
          actorUserId: actor.userId,
          payload: { fiscalYear: cycle.fiscalYear },
        },
      ]);
      return cycle;
    });
  }
}
