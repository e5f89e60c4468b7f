import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { processorOptions } from '../infra/queue/queue.module';
import { OutboxRepository } from '../outbox/outbox.repository';
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
 */
@Processor(REVIEW_DEADLINES_QUEUE, processorOptions())
export class ReviewDeadlinesProcessor extends WorkerHost {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly outbox: OutboxRepository,
    private readonly settings: ReviewSettingsRepository,
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
    // Once per day and due date: a repeated job sends nothing twice, a moved due date gets its own reminders.
    const once = (what: string) => deterministicUuid(`${assignmentId}:${what}:${assignment.dueDate}`);
    if (daysFromDue === null) {
      await this.outbox.enqueueOnce(once('overdue'), {
        organizationId: assignment.organizationId,
        type: 'review.overdue',
        reportId: assignment.reportId,
        payload: {
          assignmentId,
          expertUserId: assignment.expertUserId,
          expertName: assignment.expert?.displayName ?? '',
          dueDate: assignment.dueDate,
        },
      });
      return 'overdue notice';
    }
    await this.outbox.enqueueOnce(once(`d${daysFromDue}`), reminderRequest(assignment, daysFromDue));
    await this.reviews.markReminded(assignmentId, new Date());
    return 'reminded';
  }
}
