import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { seesWholeOrganization } from '../auth/actor-scope';
import { OrganizationActor } from '../auth/actor';
import { Role } from '../users/role';
import { escapeLike } from '../projects/projects.repository';
import { ACTIVE_ASSIGNMENT_STATUSES, ReviewAssignment } from '../reviews/review-assignment.entity';
import { ReportStatus } from '../workflow/report-status';
import { ReportRevision } from './report-revision.entity';
import { ResultReport } from './result-report.entity';

export interface ReportFilters {
  fiscalYear?: number;
  departmentId?: string;
  status?: ReportStatus;
  grantTypeCode?: string;
  q?: string;
}

export interface Page {
  page: number;
  pageSize: number;
}

/** The only place that queries reports. Row-level visibility is applied here and nowhere else. */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectRepository(ResultReport) private readonly reports: Repository<ResultReport>,
    @InjectRepository(ReportRevision) private readonly revisions: Repository<ReportRevision>,
  ) {}

  /**
   * Planning and administrators see their organization's reports; project owners their departments';
   * external experts only the reports assigned to them. A user with several roles sees the union.
   */
  visibleTo(actor: OrganizationActor, manager?: EntityManager): SelectQueryBuilder<ResultReport> {
    const query = (manager ? manager.getRepository(ResultReport) : this.reports)
      .createQueryBuilder('report')
      .innerJoinAndSelect('report.project', 'project')
      .where('report.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (seesWholeOrganization(actor)) return query;
    return query.andWhere(
      new Brackets((visible) => {
        visible.where('false');
        if (actor.roles.includes(Role.ProjectOwner)) visible.orWhere('project.departmentId = ANY(:departmentIds)', { departmentIds: actor.departmentIds });
        if (actor.roles.includes(Role.ExternalExpert)) {
          visible.orWhere(
            `EXISTS (SELECT 1 FROM review_assignments assignment WHERE assignment.report_id = report.id AND assignment.expert_user_id = :expertUserId AND assignment.status = ANY(:activeStatuses))`,
            { expertUserId: actor.userId, activeStatuses: ACTIVE_ASSIGNMENT_STATUSES },
          );
        }
      }),
    );
  }

  async list(actor: OrganizationActor, filters: ReportFilters, page: Page): Promise<[ResultReport[], number]> {
    const query = this.visibleTo(actor)
      .leftJoinAndSelect('project.department', 'department')
      .leftJoinAndSelect('project.grantType', 'grantType')
      .orderBy('report.fiscalYear', 'DESC')
      .addOrderBy('project.projectNumber', 'ASC', 'NULLS LAST')
      .addOrderBy('project.name', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    if (filters.fiscalYear) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear: filters.fiscalYear });
    if (filters.departmentId) query.andWhere('project.departmentId = :departmentId', { departmentId: filters.departmentId });
    if (filters.status) query.andWhere('report.status = :status', { status: filters.status });
    if (filters.grantTypeCode) query.andWhere('project.grantTypeCode = :grantTypeCode', { grantTypeCode: filters.grantTypeCode });
    if (filters.q) query.andWhere('project.name ILIKE :q', { q: `%${escapeLike(filters.q)}%` });
    return query.getManyAndCount();
  }

  async isVisible(actor: OrganizationActor, reportId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.visibleTo(actor, manager).andWhere('report.id = :reportId', { reportId }).getCount()) > 0;
  }

  /** The report with everything its read model needs; call after isVisible. */
  loadFull(reportId: string, manager?: EntityManager): Promise<ResultReport | null> {
    return (manager ?? this.reports.manager).findOne(ResultReport, {
      where: { id: reportId },
      relations: { budgetLines: true, kpiResults: true, project: { kpis: true, department: true, grantType: true } },
    });
  }

  /** Row lock for a change: concurrent edits of one report serialize here. */
  lockForChange(manager: EntityManager, organizationId: string, reportId: string): Promise<ResultReport | null> {
    return manager.findOne(ResultReport, { where: { id: reportId, organizationId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Experts currently assigned (pending or accepted) to a report. */
  async assignedExpertIds(reportId: string, manager?: EntityManager): Promise<string[]> {
    const assignments = await (manager ?? this.reports.manager).find(ReviewAssignment, {
      where: { reportId, status: In(ACTIVE_ASSIGNMENT_STATUSES) },
      select: { expertUserId: true },
    });
    return assignments.map((assignment) => assignment.expertUserId);
  }

  listRevisions(organizationId: string, reportId: string): Promise<ReportRevision[]> {
    return this.revisions.find({ where: { organizationId, reportId }, order: { version: 'DESC' } });
  }

  findRevision(organizationId: string, reportId: string, version: number): Promise<ReportRevision | null> {
    return this.revisions.findOneBy({ organizationId, reportId, version });
  }

  existsForYear(projectId: string, fiscalYear: number): Promise<boolean> {
    return this.reports.existsBy({ projectId, fiscalYear });
  }
}
