import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { processorOptions } from '../infra/queue/queue.module';
import { ResultReport } from '../reports/report/result-report.entity';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { User } from '../users/user.entity';
import { ReportStatus } from '../reports/rules/report-status';
import { deterministicUuid } from './deterministic-id';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { REVIEW_DEADLINES_QUEUE } from './queues';

export type DeadlineKind = 'reminder' | 'due_today' | 'overdue';

interface DeadlineJob {
  assignmentId: string;
  kind: DeadlineKind;
}

export interface DeadlineSchedule {
  kind: DeadlineKind;
  at: Date;
}

/**
 * When an expert is reminded: N days before the due date and on it (at the due time, Japan), and told
 * they are overdue one day after. Times already past are skipped, except the overdue notice.
 */
export function deadlineSchedule(dueDate: string, now: Date, config: Pick<AppConfig, 'reviewDueTime' | 'reviewDayMs' | 'reviewReminderDaysBefore'>): DeadlineSchedule[] {
  const dueTime = config.reviewDueTime.length === 5 ? `${config.reviewDueTime}:00` : config.reviewDueTime;
  const dueAt = new Date(`${dueDate}T${dueTime}+09:00`).getTime();
  const schedule: DeadlineSchedule[] = [
    { kind: 'reminder', at: new Date(dueAt - config.reviewReminderDaysBefore * config.reviewDayMs) },
    { kind: 'due_today', at: new Date(dueAt) },
    { kind: 'overdue', at: new Date(dueAt + config.reviewDayMs) },
  ];
  return schedule.filter((entry, index) => entry.kind === 'overdue' || (entry.at.getTime() > now.getTime() && (index > 0 || config.reviewReminderDaysBefore > 0)));
}

const jobId = (assignmentId: string, kind: DeadlineKind) => `${assignmentId}-${kind}`;

/** Schedules and cancels the delayed reminder jobs of review assignments. */
@Injectable()
export class ReviewDeadlines {
  constructor(
    @InjectQueue(REVIEW_DEADLINES_QUEUE) private readonly queue: Queue<DeadlineJob>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Reacts to workflow events: new assignments get reminders; finished or removed ones lose them. */
  async onEvent(event: OutboxEvent): Promise<void> {
    const assignmentId = typeof event.payload.assignmentId === 'string' ? event.payload.assignmentId : null;
    if (event.type === 'expert.assigned' && assignmentId) await this.schedule(assignmentId, String(event.payload.dueDate));
    if (assignmentId && ['assignment.removed', 'assignment.declined'].includes(event.type)) await this.cancel([assignmentId]);
    if (assignmentId && event.type === 'opinion.entered' && !event.payload.revised) await this.cancel([assignmentId]);
    if (event.type === 'report.evaluated' && event.reportId) {
      const assignments = await this.dataSource.getRepository(ReviewAssignment).findBy({ reportId: event.reportId });
      await this.cancel(assignments.map((assignment) => assignment.id));
    }
  }

  async schedule(assignmentId: string, dueDate: string): Promise<void> {
    const now = new Date();
    await this.queue.addBulk(
      deadlineSchedule(dueDate, now, this.config).map(({ kind, at }) => ({
        name: kind,
        data: { assignmentId, kind },
        opts: { jobId: jobId(assignmentId, kind), delay: Math.max(0, at.getTime() - now.getTime()), removeOnComplete: true },
      })),
    );
  }

  async cancel(assignmentIds: string[]): Promise<void> {
    for (const assignmentId of assignmentIds) {
      for (const kind of ['reminder', 'due_today', 'overdue'] as const) await this.queue.remove(jobId(assignmentId, kind));
    }
  }
}

/** A reminder fires: if the expert still owes an opinion on a report under review, it becomes a notification. */
@Processor(REVIEW_DEADLINES_QUEUE, processorOptions())
export class ReviewDeadlinesProcessor extends WorkerHost {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async process(job: Job<DeadlineJob>): Promise<string> {
    const { assignmentId, kind } = job.data;
    const assignment = await this.dataSource.getRepository(ReviewAssignment).findOneBy({ id: assignmentId, status: In(ACTIVE_ASSIGNMENT_STATUSES) });
    if (!assignment || assignment.opinionSubmittedAt) return 'no longer needed';
    const report = await this.dataSource.getRepository(ResultReport).findOneBy({ id: assignment.reportId });
    if (report?.status !== ReportStatus.InExpertReview) return 'review closed';
    const expert = await this.dataSource.getRepository(User).findOneBy({ id: assignment.expertUserId });
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(OutboxEvent)
      .values({
        id: deterministicUuid(`${assignmentId}:${kind}`),
        organizationId: assignment.organizationId,
        type: `review.${kind}`,
        reportId: assignment.reportId,
        actorUserId: null,
        payload: { assignmentId, expertUserId: assignment.expertUserId, expertName: expert?.displayName ?? '', dueDate: assignment.dueDate },
      })
      .orIgnore()
      .execute();
    return 'notified';
  }
}
