import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../infra/config/app-config';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { REVIEW_DEADLINES_QUEUE } from './queues';

export type DeadlineKind = 'reminder' | 'due_today' | 'overdue';

export interface DeadlineJob {
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
export function deadlineSchedule(
  dueDate: string,
  now: Date,
  config: Pick<AppConfig, 'reviewDueTime' | 'reviewDayMs' | 'reviewReminderDaysBefore'>,
): DeadlineSchedule[] {
  const dueTime = config.reviewDueTime.length === 5 ? `${config.reviewDueTime}:00` : config.reviewDueTime;
  const dueAt = new Date(`${dueDate}T${dueTime}+09:00`).getTime();
  const schedule: DeadlineSchedule[] = [
    { kind: 'reminder', at: new Date(dueAt - config.reviewReminderDaysBefore * config.reviewDayMs) },
    { kind: 'due_today', at: new Date(dueAt) },
    { kind: 'overdue', at: new Date(dueAt + config.reviewDayMs) },
  ];
  return schedule.filter(
    (entry, index) =>
      entry.kind === 'overdue' ||
      (entry.at.getTime() > now.getTime() && (index > 0 || config.reviewReminderDaysBefore > 0)),
  );
}

const jobId = (assignmentId: string, kind: DeadlineKind) => `${assignmentId}-${kind}`;

/** Schedules and cancels the delayed reminder jobs of review assignments. */
@Injectable()
export class ReviewDeadlines {
  constructor(
    @InjectQueue(REVIEW_DEADLINES_QUEUE) private readonly queue: Queue<DeadlineJob>,
    private readonly reviews: ReviewsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Reacts to workflow events: new assignments get reminders, moved ones new reminders; finished or removed ones lose them. */
  async onEvent(event: OutboxEvent): Promise<void> {
    const assignmentId = typeof event.payload.assignmentId === 'string' ? event.payload.assignmentId : null;
    if (event.type === 'expert.assigned' && assignmentId)
      await this.schedule(assignmentId, String(event.payload.dueDate));
    // The year's review due date moved (src/cycles/cycle-deadlines.service.ts): reminders for the new date only.
    if (event.type === 'assignment.due_date_changed' && assignmentId) {
      await this.cancel([assignmentId]);
      await this.schedule(assignmentId, String(event.payload.dueDate));
    }
    if (assignmentId && ['assignment.removed', 'assignment.declined'].includes(event.type))
      await this.cancel([assignmentId]);
    if (assignmentId && event.type === 'opinion.entered' && !event.payload.revised) await this.cancel([assignmentId]);
    if (event.type === 'report.evaluated' && event.reportId)
      await this.cancel(await this.reviews.assignmentIdsOf(event.reportId));
  }

  async schedule(assignmentId: string, dueDate: string): Promise<void> {
    const now = new Date();
    await this.queue.addBulk(
      deadlineSchedule(dueDate, now, this.config).map(({ kind, at }) => ({
        name: kind,
        data: { assignmentId, kind },
        opts: {
          jobId: jobId(assignmentId, kind),
          delay: Math.max(0, at.getTime() - now.getTime()),
          removeOnComplete: true,
        },
      })),
    );
  }

  async cancel(assignmentIds: string[]): Promise<void> {
    for (const assignmentId of assignmentIds) {
      for (const kind of ['reminder', 'due_today', 'overdue'] as const)
        await this.queue.remove(jobId(assignmentId, kind));
    }
  }
}
