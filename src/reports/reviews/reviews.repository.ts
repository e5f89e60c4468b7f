import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, type FindOptionsOrder, In, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import { type OrganizationActor } from '../../access/actor';
import { seesWholeOrganization } from '../../access/actor-scope';
import { User } from '../../users/user.entity';
import {
  asListed,
  attentionOf,
  joiningListedRelations,
  type ReportWithAttention,
  selectingListedReport,
  withAttention,
} from '../report/reports.repository';
import { type DeclineReason } from '../rules/assignment-answer';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../rules/assignment-status';
import { Role } from '../../access/role';
import { ReportAction, statesFor } from '../rules/report-workflow';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ReviewAssignment } from './review-assignment.entity';

/** An expert's assignment, with its report as a list shows it and what the report waits for. */
export interface AssignmentWithReport extends ReportWithAttention {
  assignment: ReviewAssignment;
}

/** Opinions still awaited by an organization from one expert: what the organization picker counts. */
export interface OpinionsAwaited {
  organizationId: string;
  open: number;
  overdue: number;
}

/** How one expert of an organization has answered its requests for opinions (in a fiscal year, or in all). */
export interface ExpertStatistics {
  expertUserId: string;
  displayName: string;
  email: string;
  deactivated: boolean;
  /** No longer a member of the organization: listed for the opinions they gave in the period. */
  formerMember: boolean;
  /** Every request, whatever came of it, but removals (an administrator's reassignment, not the expert's doing). */
  invitations: number;
  accepted: number;
  declined: number;
  lastDeclineReasonKind: DeclineReason | null;
  lastDeclinedAt: Date | null;
  dismissed: number;
  /** Opinions still awaited past their due date on reports in review. */
  overdue: number;
  /** Days from the request (the assignment's creation) to the opinion, the median; null without any opinion. */
  medianDaysToOpinion: number | null;
}

/** A report in review on which an expert's opinion is still awaited, named as its project and year. */
export interface AwaitedReport {
  reportId: string;
  projectName: string;
  fiscalYear: number;
}

/** Opinions are awaited while their report is in review (the rules' enter_opinion). */
const OPINION_STATES = statesFor(ReportAction.EnterOpinion);

/**
 * Assignments in the order their experts were asked, and those asked at once (one acceptance names a panel) by name:
 * they share the transaction's time, and where the rows lie, which decides ties otherwise, moves with every update.
 */
const ASKED_ORDER: FindOptionsOrder<ReviewAssignment> = { createdAt: 'ASC', expert: { displayName: 'ASC' }, id: 'ASC' };

/** The only place that queries review assignments and a report's thread. */
@Injectable()
export class ReviewsRepository {
  constructor(
    @InjectRepository(ReviewAssignment) private readonly assignments: Repository<ReviewAssignment>,
    @InjectRepository(ReportComment) private readonly comments: Repository<ReportComment>,
  ) {}

  /** Every assignment of several reports with its expert, in one query (a year's committee pack), in ASKED_ORDER. */
  assignmentsOfReports(organizationId: string, reportIds: string[]): Promise<ReviewAssignment[]> {
    return this.assignments.find({
      where: { organizationId, reportId: In(reportIds) },
      relations: { expert: true },
      order: ASKED_ORDER,
    });
  }

  /** Every assignment of a report with its expert, or only one expert's, in ASKED_ORDER. */
  assignmentsOf(organizationId: string, reportId: string, expertUserId?: string): Promise<ReviewAssignment[]> {
    return this.assignments.find({
      where: { organizationId, reportId, ...(expertUserId ? { expertUserId } : {}) },
      relations: { expert: true },
      order: ASKED_ORDER,
    });
  }

  /** Whether the expert was ever asked for an opinion on the report, whatever came of it (removals included). */
  hasBeenAssigned(organizationId: string, reportId: string, expertUserId: string): Promise<boolean> {
    return this.assignments.existsBy({ organizationId, reportId, expertUserId });
  }

  getAssignment(assignmentId: string): Promise<ReviewAssignment> {
    return this.assignments.findOneByOrFail({ id: assignmentId });
  }

  findAssignment(manager: EntityManager, reportId: string, assignmentId: string): Promise<ReviewAssignment | null> {
    return manager.findOneBy(ReviewAssignment, { id: assignmentId, reportId });
  }

  findActiveAssignment(
    manager: EntityManager,
    reportId: string,
    assignmentId: string,
  ): Promise<ReviewAssignment | null> {
    return manager.findOneBy(ReviewAssignment, { id: assignmentId, reportId, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
  }

  /** The organization's reports in review on which the expert's opinion is still awaited, the earliest due first. */
  async awaitedReportsOf(
    organizationId: string,
    expertUserId: string,
    manager?: EntityManager,
  ): Promise<AwaitedReport[]> {
    const awaited = await (manager ?? this.assignments.manager).find(ReviewAssignment, {
      where: {
        organizationId,
        expertUserId,
        status: In(ACTIVE_ASSIGNMENT_STATUSES),
        opinionSubmittedAt: IsNull(),
        report: { status: In(OPINION_STATES) },
      },
      relations: { report: { project: true } },
      order: { dueDate: 'ASC' },
    });
    return awaited.map((assignment) => ({
      reportId: assignment.reportId,
      projectName: assignment.report!.project!.name,
      fiscalYear: assignment.report!.fiscalYear,
    }));
  }

  activeAssignments(manager: EntityManager, reportId: string): Promise<ReviewAssignment[]> {
    return manager.findBy(ReviewAssignment, { reportId, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
  }

  /** Each expert's most recent assignment to the report, whatever its state, by expert; in one query. */
  async latestAssignmentsOf(
    manager: EntityManager,
    reportId: string,
    expertUserIds: string[],
  ): Promise<Map<string, ReviewAssignment>> {
    const assignments = await manager.find(ReviewAssignment, {
      where: { reportId, expertUserId: In(expertUserIds) },
      order: { createdAt: 'ASC' },
    });
    // Oldest first, so each expert's latest is the one left in the map.
    return new Map(assignments.map((assignment) => [assignment.expertUserId, assignment]));
  }

  saveAssignment(manager: EntityManager, assignment: ReviewAssignment): Promise<ReviewAssignment> {
    return manager.save(assignment);
  }

  createAssignments(
    manager: EntityManager,
    assignments: Pick<ReviewAssignment, 'organizationId' | 'reportId' | 'expertUserId' | 'dueDate' | 'assignedBy'>[],
  ): Promise<ReviewAssignment[]> {
    return manager.save(assignments.map((assignment) => manager.create(ReviewAssignment, assignment)));
  }

  commentsOf(organizationId: string, reportId: string): Promise<ReportComment[]> {
    return this.comments.find({ where: { organizationId, reportId }, order: { createdAt: 'ASC' } });
  }

  findQuestion(manager: EntityManager, reportId: string, questionId: string): Promise<ReportComment | null> {
    return manager.findOneBy(ReportComment, { id: questionId, reportId, kind: CommentKind.Question });
  }

  addComment(
    manager: EntityManager,
    comment: Pick<ReportComment, 'organizationId' | 'reportId' | 'kind' | 'parentId' | 'authorUserId' | 'body'>,
  ): Promise<ReportComment> {
    return manager.save(manager.create(ReportComment, comment));
  }

  /** The caller's own assignments that still count, with their reports, the earliest due date first. */
  assignmentsOfExpert(actor: OrganizationActor, today: string): Promise<AssignmentWithReport[]> {
    return readWithReports(
      this.withReports(today)
        .andWhere('assignment.organizationId = :organizationId', { organizationId: actor.organizationId })
        .andWhere('assignment.expertUserId = :expertUserId', { expertUserId: actor.userId }),
    );
  }

  /**
   * Every assignment of the organization whose opinion is past its due date and still awaited, with its expert,
   * the longest overdue first. Only those who see the whole organization (planning, administrators) see them.
   */
  async overdueOpinions(actor: OrganizationActor, today: string): Promise<AssignmentWithReport[]> {
    if (!seesWholeOrganization(actor)) return [];
    return readWithReports(
      this.withReports(today)
        // By expert_user_id: the entity's `expert` relation maps a column of its own (expert_id) that stays empty.
        .leftJoinAndMapOne('assignment.expert', User, 'expert', 'expert.id = assignment.expertUserId')
        .andWhere('assignment.organizationId = :organizationId', { organizationId: actor.organizationId })
        .andWhere('assignment.opinionSubmittedAt IS NULL')
        .andWhere('report.status = ANY(:opinionStates)', { opinionStates: OPINION_STATES })
        .andWhere('assignment.dueDate < :today', { today }),
    );
  }

  /** Per organization, the opinions one expert still owes (their report in review) and how many are overdue. */
  async opinionsAwaitedFrom(expertUserId: string, today: string): Promise<OpinionsAwaited[]> {
    const rows: { organization_id: string; open: number; overdue: number }[] = await this.assignments.manager.query(
      `SELECT assignment.organization_id, count(*)::int AS open, count(*) FILTER (WHERE assignment.due_date < $4)::int AS overdue
         FROM review_assignments assignment JOIN result_reports report ON report.id = assignment.report_id
        WHERE assignment.expert_user_id = $1 AND assignment.status = ANY($2) AND assignment.opinion_submitted_at IS NULL
          AND report.status = ANY($3)
        GROUP BY assignment.organization_id`,
      [expertUserId, ACTIVE_ASSIGNMENT_STATUSES, OPINION_STATES, today],
    );
    return rows.map((row) => ({ organizationId: row.organization_id, open: row.open, overdue: row.overdue }));
  }

  /**
   * Per expert of the organization (every holder of the role, asked or not, and whoever gave an opinion in the period
   * though they have left since, by name): their assignments counted by outcome, the last decline's reason and date, and
   * the median days to an opinion; of one fiscal year's reports or all.
   */
  async expertStatistics(
    organizationId: string,
    fiscalYear: number | null,
    today: string,
  ): Promise<ExpertStatistics[]> {
    const rows: {
      expert_user_id: string;
      display_name: string;
      email: string;
      deactivated: boolean;
      former_member: boolean;
      invitations: number;
      accepted: number;
      declined: number;
      last_decline_reason_kind: DeclineReason | null;
      last_declined_at: Date | null;
      dismissed: number;
      overdue: number;
      median_days_to_opinion: number | null;
    }[] = await this.assignments.manager.query(
      // The organization's assignments are read once, from its reports (of the year through their index), for both the
      // counts and the experts who gave an opinion: joined from every user, they were the whole country's (480 ms).
      `WITH asked AS MATERIALIZED (
         SELECT assignment.id, assignment.expert_user_id, assignment.status, assignment.decline_reason_kind,
                assignment.responded_at, assignment.opinion_submitted_at, assignment.created_at, assignment.due_date,
                report.status AS report_status
           FROM result_reports report JOIN review_assignments assignment ON assignment.report_id = report.id
          WHERE report.organization_id = $1 AND assignment.organization_id = $1
            ${fiscalYear === null ? '' : 'AND report.fiscal_year = $6'}
       )
       SELECT expert.id AS expert_user_id, expert.display_name, expert.email,
              expert.deactivated_at IS NOT NULL AS deactivated,
              NOT EXISTS (SELECT 1 FROM memberships member
                           WHERE member.organization_id = $1 AND member.user_id = expert.id) AS former_member,
              count(assignment.id)::int AS invitations,
              count(*) FILTER (WHERE assignment.status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE assignment.status = 'declined')::int AS declined,
              (array_agg(assignment.decline_reason_kind ORDER BY assignment.responded_at DESC)
                 FILTER (WHERE assignment.status = 'declined'))[1] AS last_decline_reason_kind,
              max(assignment.responded_at) FILTER (WHERE assignment.status = 'declined') AS last_declined_at,
              count(*) FILTER (WHERE assignment.status = 'dismissed')::int AS dismissed,
              count(*) FILTER (WHERE assignment.status = ANY($2) AND assignment.opinion_submitted_at IS NULL
                                 AND assignment.due_date < $4 AND assignment.report_status = ANY($3))::int AS overdue,
              round((percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM assignment.opinion_submitted_at - assignment.created_at) / 86400
              ) FILTER (WHERE assignment.opinion_submitted_at IS NOT NULL))::numeric, 1)::float AS median_days_to_opinion
         FROM users expert
         LEFT JOIN asked assignment ON assignment.expert_user_id = expert.id AND assignment.status <> 'removed'
        WHERE expert.id IN (SELECT membership.user_id FROM memberships membership
                             WHERE membership.organization_id = $1 AND membership.role = $5
                            UNION SELECT given.expert_user_id FROM asked given WHERE given.opinion_submitted_at IS NOT NULL)
        GROUP BY expert.id
        ORDER BY expert.display_name, expert.email`,
      [
        organizationId,
        ACTIVE_ASSIGNMENT_STATUSES,
        OPINION_STATES,
        today,
        Role.ExternalExpert,
        ...(fiscalYear === null ? [] : [fiscalYear]),
      ],
    );
    return rows.map((row) => ({
      expertUserId: row.expert_user_id,
      displayName: row.display_name,
      email: row.email,
      deactivated: row.deactivated,
      formerMember: row.former_member,
      invitations: row.invitations,
      accepted: row.accepted,
      declined: row.declined,
      lastDeclineReasonKind: row.last_decline_reason_kind,
      lastDeclinedAt: row.last_declined_at,
      dismissed: row.dismissed,
      overdue: row.overdue,
      medianDaysToOpinion: row.median_days_to_opinion,
    }));
  }

  /**
   * The fiscal years of the reports the organization has asked experts about, the latest first: each year of its
   * reports asked whether one of them has an assignment, rather than every assignment joined to its report.
   */
  async fiscalYearsAsked(organizationId: string): Promise<number[]> {
    const rows: { fiscal_year: number }[] = await this.assignments.manager.query(
      `SELECT year.fiscal_year FROM (SELECT DISTINCT fiscal_year FROM result_reports WHERE organization_id = $1) year
        WHERE EXISTS (SELECT 1 FROM result_reports report JOIN review_assignments assignment ON assignment.report_id = report.id
                       WHERE report.organization_id = $1 AND report.fiscal_year = year.fiscal_year)
        ORDER BY year.fiscal_year DESC`,
      [organizationId],
    );
    return rows.map((row) => row.fiscal_year);
  }

  /** Assignments that still count, each with its report, project and what the report waits for; by due date. */
  private withReports(today: string): SelectQueryBuilder<ReviewAssignment> {
    const query = joiningListedRelations(
      this.assignments
        .createQueryBuilder('assignment')
        .innerJoin('assignment.report', 'report')
        .innerJoin('report.project', 'project'),
    )
      .where('assignment.status = ANY(:activeStatuses)', { activeStatuses: ACTIVE_ASSIGNMENT_STATUSES })
      .orderBy('assignment.dueDate', 'ASC')
      .addOrderBy('project.name', 'ASC');
    return withAttention(selectingListedReport(query, 'assignment'), today);
  }

  /**
   * Inside the caller's transaction: the opinions on the year's reports in review that are still awaited and due on
   * `from` get `to` as their due date (a year's deadline was moved). Returns them, changed.
   */
  async moveAwaitedDueDates(
    manager: EntityManager,
    organizationId: string,
    fiscalYear: number,
    from: string,
    to: string,
  ): Promise<ReviewAssignment[]> {
    const awaited = await manager
      .createQueryBuilder(ReviewAssignment, 'assignment')
      .innerJoin('assignment.report', 'report')
      .where('assignment.organizationId = :organizationId', { organizationId })
      .andWhere('report.fiscalYear = :fiscalYear', { fiscalYear })
      .andWhere('report.status = ANY(:opinionStates)', { opinionStates: OPINION_STATES })
      .andWhere('assignment.status = ANY(:activeStatuses)', { activeStatuses: ACTIVE_ASSIGNMENT_STATUSES })
      .andWhere('assignment.opinionSubmittedAt IS NULL')
      .andWhere('assignment.dueDate = :from', { from })
      .setLock('pessimistic_write', undefined, ['assignment'])
      .getMany();
    for (const assignment of awaited) assignment.dueDate = to;
    return awaited.length > 0 ? manager.save(awaited) : [];
  }

  /** An assignment of the report with its expert, whatever its state. */
  findAssignmentWithExpert(
    manager: EntityManager,
    reportId: string,
    assignmentId: string,
  ): Promise<ReviewAssignment | null> {
    return manager.findOne(ReviewAssignment, { where: { id: assignmentId, reportId }, relations: { expert: true } });
  }

  async markReminded(manager: EntityManager, assignmentId: string, at: Date): Promise<void> {
    await manager.update(ReviewAssignment, { id: assignmentId }, { lastRemindedAt: at });
  }

  /** The organization's opinions still awaited on reports in review, for rescheduling their reminders. */
  awaitedAssignmentsOf(organizationId: string): Promise<Pick<ReviewAssignment, 'id' | 'dueDate'>[]> {
    return this.assignments
      .createQueryBuilder('assignment')
      .innerJoin('assignment.report', 'report')
      .select(['assignment.id', 'assignment.dueDate'])
      .where('assignment.organizationId = :organizationId', { organizationId })
      .andWhere('report.status = ANY(:opinionStates)', { opinionStates: OPINION_STATES })
      .andWhere('assignment.status = ANY(:activeStatuses)', { activeStatuses: ACTIVE_ASSIGNMENT_STATUSES })
      .andWhere('assignment.opinionSubmittedAt IS NULL')
      .getMany();
  }

  /** A pending or accepted assignment with its report and expert. */
  findActiveAssignmentWithReportAndExpert(assignmentId: string): Promise<ReviewAssignment | null> {
    return this.assignments.findOne({
      where: { id: assignmentId, status: In(ACTIVE_ASSIGNMENT_STATUSES) },
      relations: { report: true, expert: true },
    });
  }
}

/** Runs a query built by withReports: one row per assignment (only to-one joins). */
async function readWithReports(query: SelectQueryBuilder<ReviewAssignment>): Promise<AssignmentWithReport[]> {
  const { entities, raw } = await query.getRawAndEntities<Record<string, unknown>>();
  const attention = new Map(raw.map((row) => [row.assignment_id as string, attentionOf(row)]));
  return entities.map((assignment) => ({
    assignment,
    report: asListed(assignment.report!),
    attention: attention.get(assignment.id)!,
  }));
}
