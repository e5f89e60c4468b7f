import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { auditActorOf, OrganizationActor } from '../auth/actor';
import { fiscalYearLabel } from '../common/era-input';
import { GrantProject } from '../projects/grant-project.entity';
import { ReportChanges } from '../reports/report-changes';
import { ReportsRepository } from '../reports/reports.repository';
import { ResultReport } from '../reports/result-report.entity';
import { enqueueNotifications } from '../notifications/outbox';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';
import { OpenCycleRequest } from './cycles.dto';

/** Fiscal-year cycles: the yearly round of verification, opened and closed by administrators. */
@Injectable()
export class CyclesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly changes: ReportChanges,
    private readonly audit: AuditLog,
  ) {}

  list(organizationId: string): Promise<FiscalYearCycle[]> {
    return this.dataSource.getRepository(FiscalYearCycle).find({ where: { organizationId }, order: { fiscalYear: 'DESC' } });
  }

  /**
   * Opens the year: a draft report for every project whose plan period covers it (projects that have one already
   * keep theirs), and a notice to each owning department with the deadline. All or nothing.
   */
  async open(actor: OrganizationActor, request: OpenCycleRequest): Promise<{ cycle: FiscalYearCycle; draftsCreated: number }> {
    if (request.reviewDueDate && request.reviewDueDate < request.submissionDueDate) {
      throw new BadRequestException({ message: 'The review is due before the reports are.', details: [{ path: '/reviewDueDate', message: 'reviewDueDate must not be before submissionDueDate' }] });
    }
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(FiscalYearCycle, { organizationId: actor.organizationId, fiscalYear: request.fiscalYear })) {
        throw new ConflictException(`The cycle of fiscal year ${request.fiscalYear} is already open (or closed).`);
      }
      const cycle = await manager.save(
        manager.create(FiscalYearCycle, { organizationId: actor.organizationId, fiscalYear: request.fiscalYear, submissionDueDate: request.submissionDueDate, reviewDueDate: request.reviewDueDate ?? null, openedBy: actor.userId }),
      );
      const projects = await manager.find(GrantProject, {
        where: { organizationId: actor.organizationId, planStartFiscalYear: LessThanOrEqual(request.fiscalYear), planEndFiscalYear: MoreThanOrEqual(request.fiscalYear) },
      });
      const drafts: ResultReport[] = [];
      for (const project of projects) {
        if (await manager.existsBy(ResultReport, { projectId: project.id, fiscalYear: request.fiscalYear })) continue;
        const draft = await manager.save(manager.create(ResultReport, { organizationId: actor.organizationId, projectId: project.id, fiscalYear: request.fiscalYear, createdBy: actor.userId, updatedBy: actor.userId }));
        await this.changes.saveRevision(manager, (await this.reports.loadFull(draft.id, manager))!, actor.userId);
        drafts.push(draft);
      }
      await this.audit.append(manager, {
        organizationId: actor.organizationId,
        actor: auditActorOf(actor),
        action: 'cycle.opened',
        entityType: 'fiscal_year_cycle',
        entityId: cycle.id,
        details: { fiscalYear: request.fiscalYear, submissionDueDate: request.submissionDueDate, reviewDueDate: request.reviewDueDate ?? null, draftReportIds: drafts.map((draft) => draft.id) },
      });
      const departments = new Set(projects.filter((project) => drafts.some((draft) => draft.projectId === project.id)).map((project) => project.departmentId));
      await enqueueNotifications(
        manager,
        [...departments].map((departmentId) => ({
          organizationId: actor.organizationId,
          type: 'cycle.opened',
          actorUserId: actor.userId,
          payload: { departmentId, fiscalYear: request.fiscalYear, fiscalYearLabel: fiscalYearLabel(request.fiscalYear), submissionDueDate: request.submissionDueDate },
        })),
      );
      return { cycle, draftsCreated: drafts.length };
    });
  }

  async close(actor: OrganizationActor, cycleId: string): Promise<FiscalYearCycle> {
    return this.dataSource.transaction(async (manager) => {
      const cycle = await manager.findOne(FiscalYearCycle, { where: { id: cycleId, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!cycle) throw new NotFoundException('Cycle not found.');
      if (cycle.status === CycleStatus.Closed) throw new ConflictException('The cycle is already closed.');
      cycle.status = CycleStatus.Closed;
      cycle.closedAt = new Date();
      await manager.save(cycle);
      await this.audit.append(manager, { organizationId: actor.organizationId, actor: auditActorOf(actor), action: 'cycle.closed', entityType: 'fiscal_year_cycle', entityId: cycle.id, details: { fiscalYear: cycle.fiscalYear } });
      return cycle;
    });
  }
}
