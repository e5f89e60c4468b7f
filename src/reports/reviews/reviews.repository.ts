import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../rules/assignment-status';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ReviewAssignment } from './review-assignment.entity';

/** The only place that queries review assignments and a report's thread. */
@Injectable()
export class ReviewsRepository {
  constructor(
    @InjectRepository(ReviewAssignment) private readonly assignments: Repository<ReviewAssignment>,
    @InjectRepository(ReportComment) private readonly comments: Repository<ReportComment>,
  ) {}

  /** Every assignment of a report with its expert, or only one expert's. */
  assignmentsOf(organizationId: string, reportId: string, expertUserId?: string): Promise<ReviewAssignment[]> {
    return this.assignments.find({
      where: { organizationId, reportId, ...(expertUserId ? { expertUserId } : {}) },
      relations: { expert: true },
      order: { createdAt: 'ASC' },
    });
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

  activeAssignments(manager: EntityManager, reportId: string): Promise<ReviewAssignment[]> {
    return manager.findBy(ReviewAssignment, { reportId, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
  }

  /** The expert's most recent assignment to the report, whatever its state. */
  latestAssignmentOf(manager: EntityManager, reportId: string, expertUserId: string): Promise<ReviewAssignment | null> {
    return manager.findOne(ReviewAssignment, { where: { reportId, expertUserId }, order: { createdAt: 'DESC' } });
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

  /** Ids of every assignment of a report, whatever its state. */
  async assignmentIdsOf(reportId: string): Promise<string[]> {
    return (await this.assignments.find({ where: { reportId }, select: { id: true } })).map(
      (assignment) => assignment.id,
    );
  }

  /** A pending or accepted assignment with its report and expert. */
  findActiveAssignmentWithReportAndExpert(assignmentId: string): Promise<ReviewAssignment | null> {
    return this.assignments.findOne({
      where: { id: assignmentId, status: In(ACTIVE_ASSIGNMENT_STATUSES) },
      relations: { report: true, expert: true },
    });
  }
}
