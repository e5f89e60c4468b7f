import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { fiscalYearLabel } from '../common/era-input';
import { Transactions } from '../infra/database/transactions';
import { OutboxRepository } from '../outbox/outbox.repository';
import { GrantProject } from '../projects/grant-project.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { ReportDrafts, reportCreated } from '../reports/changes/report-drafts';
import { ReportsRepository } from '../reports/report/reports.repository';
import { OpenCycleRequest } from './cycles.dto';
import { CyclesRepository } from './cycles.repository';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';

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

  /**
   * Opens the year: a draft report for every project whose plan period covers it (projects that have one already
   * keep theirs), and a notice to each owning department with the deadline. All or nothing.
   */
  async open(
    actor: OrganizationActor,
    request: OpenCycleRequest,
  ): Promise<{ cycle: FiscalYearCycle; draftsCreated: number }> {
    return this.transactions.run(async (manager) => {
      // A report started meanwhile for one of the year's projects is seen, and left out.
      await this.drafts.lockStarts(manager, [{ organizationId: actor.organizationId, fiscalYear: request.fiscalYear }]);
      const projects = await this.projectsToStart(manager, actor.organizationId, request);
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
          },
        ),
        ...drafts.map((draft) => reportCreated(actor, draft, { cycleId: cycle.id })),
      ]);
      const departments = new Set(projects.map((project) => project.departmentId));
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
      return { cycle, draftsCreated: drafts.length };
    });
  }

  /** What opening the year would do now, for the page that asks before it is done: the same checks, nothing written. */
  async preview(
    actor: OrganizationActor,
    request: OpenCycleRequest,
  ): Promise<{ draftsToCreate: number; departmentsToNotify: number }> {
    const projects = await this.transactions.run((manager) =>
      this.projectsToStart(manager, actor.organizationId, request),
    );
    return {
      draftsToCreate: projects.length,
      departmentsToNotify: new Set(projects.map((project) => project.departmentId)).size,
    };
  }

  /** The projects whose plan period covers the year and that have no report of it yet; refuses a year opened before. */
  private async projectsToStart(
    manager: EntityManager,
    organizationId: string,
    request: OpenCycleRequest,
  ): Promise<GrantProject[]> {
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
    if (covering.length === 0) return [];
    const started = await this.reports.projectsWithReportOf(
      manager,
      covering.map((project) => project.id),
      request.fiscalYear,
    );
    return covering.filter((project) => !started.has(project.id));
  }

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
      return cycle;
    });
  }
}
