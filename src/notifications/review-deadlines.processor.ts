import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { auditEvent, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { processorOptions } from '../infra/queue/queue.module';
import { NotificationRequest, OutboxRepository } from '../outbox/outbox.repository';
import { reminderRequest } from '../reports/reviews/reminder-templates';
import { ReviewSettingsRepository } from '../reports/reviews/review-settings.repository';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { ReportStatus } from '../reports/rules/report-status';
import { deterministicUuid } from './deterministic-id';
import { REVIEW_DEADLINES_QUEUE } from './queues';
import { DeadlineJob } from './review-deadlines';

/**
 * A reminder fires: if the expert still owes an opinion on a report under review, the assignment still counts (not
 * declined, dismissed or removed), and its due date and reminder day are still those scheduled, it becomes a notification.
 * Each one sent is in the report's audit log, by the system, as a reminder sent by hand is by its sender: whether an
 * expert was reminded before the deadline is answered there.
 */
@Processor(REVIEW_DEADLINES_QUEUE, processorOptions())
export class ReviewDeadlinesProcessor extends WorkerHost {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly outbox: OutboxRepository,
    private readonly settings: ReviewSettingsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  async process(job: Job<DeadlineJob>): Promise<string> {
    const { assignmentId, dueDate, daysFromDue } = job.data;
    const assignment = await this.reviews.findActiveAssignmentWithReportAndExpert(assignmentId);
    if (!assignment || assignment.opinionSubmittedAt) return 'no longer needed';
    if (assignment.report?.status !== ReportStatus.InExpertReview) return 'review closed';
    if (assignment.dueDate !== dueDate) return 'due date moved';
    if (
      daysFromDue !== null &&
      !(await this.settings.of(assignment.organizationId)).reminderOffsets.includes(daysFromDue)
    )
      return 'no longer a reminder day';
    const request: NotificationRequest =
      daysFromDue === null
        ? {
            organizationId: assignment.organizationId,
            type: 'review.overdue',
            reportId: assignment.reportId,
            payload: {
              assignmentId,
              expertUserId: assignment.expertUserId,
              expertName: assignment.expert?.displayName ?? '',
              dueDate: assignment.dueDate,
            },
          }
        : reminderRequest(assignment, daysFromDue);
    // Once per day and due date: a repeated job sends nothing twice, a moved due date gets its own reminders.
    const eventId = deterministicUuid(
      `${assignmentId}:${daysFromDue === null ? 'overdue' : `d${daysFromDue}`}:${assignment.dueDate}`,
    );
    const sent = await this.transactions.run(async (manager) => {
      if (!(await this.outbox.enqueueOnce(eventId, request, manager))) return false;
      if (daysFromDue !== null) await this.reviews.markReminded(manager, assignmentId, new Date());
      await this.audit.append(
        manager,
        auditEvent(
          assignment.organizationId,
          SYSTEM_ACTOR,
          daysFromDue === null ? 'assignment.overdue_notified' : 'assignment.reminded',
          { type: 'report', id: assignment.reportId },
          {
            assignmentId,
            expertUserId: assignment.expertUserId,
            dueDate: assignment.dueDate,
            ...(daysFromDue === null ? {} : { daysFromDue }),
          },
        ),
      );
      return true;
    });
    if (!sent) return 'sent already';
    return daysFromDue === null ? 'overdue notice' : 'reminded';
  }
}
