import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../infra/config/app-config';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReviewSettingsRepository } from '../reports/reviews/review-settings.repository';
import { REVIEW_SETTINGS_CHANGED_EVENT } from '../reports/reviews/review-settings.service';
import { ReviewsRepository } from '../reports/reviews/reviews.repository';
import { REVIEW_DEADLINES_QUEUE } from './queues';

export interface DeadlineJob {
  assignmentId: string;
  /** The due date the job was scheduled for: a job of a date since moved sends nothing. */
  dueDate: string;
  /** A reminder to the expert this many days from the due date; null: the planning division's overdue notice. */
  daysFromDue: number | null;
}

export interface DeadlineSchedule {
  daysFromDue: number | null;
  at: Date;
}

/**
 * When an expert is reminded: on each of the municipality's days relative to the due date (意見照会の設定), at the
 * due time of day in Japan; and when the planning division is told the opinion is overdue: a day after the due date.
 * Reminders already past are skipped; the overdue notice never is. In time order.
 */
export function deadlineSchedule(
  dueDate: string,
  reminderOffsets: number[],
  now: Date,
  config: Pick<AppConfig, 'reviewDueTime' | 'reviewDayMs'>,
): DeadlineSchedule[] {
  const dueTime = config.reviewDueTime.length === 5 ? `${config.reviewDueTime}:00` : config.reviewDueTime;
  const dueAt = new Date(`${dueDate}T${dueTime}+09:00`).getTime();
  const reminders = [...new Set(reminderOffsets)]
    .map((daysFromDue) => ({ daysFromDue, at: new Date(dueAt + daysFromDue * config.reviewDayMs) }))
    .filter((entry) => entry.at.getTime() > now.getTime());
  const overdueNotice = { daysFromDue: null, at: new Date(dueAt + config.reviewDayMs) };
  // A reminder and the notice at the same moment: the expert's reminder first.
  return [...reminders, overdueNotice].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** One job per assignment, due date and day (d-7, d0, d+3); the overdue notice apart. */
export const deadlineJobId = (assignmentId: string, dueDate: string, daysFromDue: number | null) =>
  `${assignmentId}-${dueDate}-${daysFromDue === null ? 'overdue' : `d${daysFromDue > 0 ? '+' : ''}${daysFromDue}`}`;

/**
 * Schedules the delayed reminder jobs of review assignments. Jobs are never removed: each one checks when it fires
 * whether it is still wanted (the assignment awaits an opinion, its due date and the municipality's reminder days are
 * those it was scheduled for), so a change never races a job being processed and stale jobs send nothing.
 */
@Injectable()
export class ReviewDeadlines {
  constructor(
    @InjectQueue(REVIEW_DEADLINES_QUEUE) private readonly queue: Queue<DeadlineJob>,
    private readonly reviews: ReviewsRepository,
    private readonly settings: ReviewSettingsRepository,
    private readonly config: AppConfig,
  ) {}

  /** New, moved or reopened assignments get reminders; changed reminder days add the new days' reminders. */
  async onEvent(event: OutboxEvent): Promise<void> {
    const assignmentId = typeof event.payload.assignmentId === 'string' ? event.payload.assignmentId : null;
    // The year's review due date moved (src/cycles/cycle-deadlines.service.ts), or a declined or dismissed expert is
    // asked again: reminders for the new date.
    if (['expert.assigned', 'assignment.due_date_changed', 'assignment.reopened'].includes(event.type) && assignmentId)
      await this.schedule(event.organizationId, assignmentId, String(event.payload.dueDate));
    if (event.type === REVIEW_SETTINGS_CHANGED_EVENT) {
      const { reminderOffsets } = await this.settings.of(event.organizationId);
      for (const awaited of await this.reviews.awaitedAssignmentsOf(event.organizationId))
        await this.add(awaited.id, awaited.dueDate, reminderOffsets);
    }
  }

  /** Adds the jobs of the assignment's due date; those already there (same id) stay as they are. */
  private async schedule(organizationId: string, assignmentId: string, dueDate: string): Promise<void> {
    await this.add(assignmentId, dueDate, (await this.settings.of(organizationId)).reminderOffsets);
  }

  private async add(assignmentId: string, dueDate: string, reminderOffsets: number[]): Promise<void> {
    const now = new Date();
    await this.queue.addBulk(
      deadlineSchedule(dueDate, reminderOffsets, now, this.config).map(({ daysFromDue, at }) => ({
        name: daysFromDue === null ? 'overdue' : 'reminder',
        data: { assignmentId, dueDate, daysFromDue },
        opts: {
          jobId: deadlineJobId(assignmentId, dueDate, daysFromDue),
          delay: Math.max(0, at.getTime() - now.getTime()),
          removeOnComplete: true,
        },
      })),
    );
  }
}
