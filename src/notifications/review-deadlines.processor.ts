import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { processorOptions } from '../infra/queue/queue.module';
import { OutboxRepository } from '../outbox/outbox.repository';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { ReportStatus } from '../reports/rules/report-status';
import { deterministicUuid } from './deterministic-id';
import { REVIEW_DEADLINES_QUEUE } from './queues';
import { DeadlineJob } from './review-deadlines';

/** A reminder fires: if the expert still owes an opinion on a report under review, it becomes a notification. */
@Processor(REVIEW_DEADLINES_QUEUE, processorOptions())
export class ReviewDeadlinesProcessor extends WorkerHost {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly outbox: OutboxRepository,
  ) {
    super();
  }

  async process(job: Job<DeadlineJob>): Promise<string> {
    const { assignmentId, kind } = job.data;
    const assignment = await this.reviews.findActiveAssignmentWithReportAndExpert(assignmentId);
    if (!assignment || assignment.opinionSubmittedAt) return 'no longer needed';
    if (assignment.report?.status !== ReportStatus.InExpertReview) return 'review closed';
    // Once per due date: a repeated job sends nothing twice, a moved due date gets its own reminders.
    await this.outbox.enqueueOnce(deterministicUuid(`${assignmentId}:${kind}:${assignment.dueDate}`), {
      organizationId: assignment.organizationId,
      type: `review.${kind}`,
      reportId: assignment.reportId,
      payload: {
        assignmentId,
        expertUserId: assignment.expertUserId,
        expertName: assignment.expert?.displayName ?? '',
        dueDate: assignment.dueDate,
      },
    });
    return 'notified';
  }
}
