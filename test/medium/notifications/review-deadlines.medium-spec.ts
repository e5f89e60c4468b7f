import type { Job } from 'bullmq';
import { AuditLog } from '../../../src/audit/audit-log';
import { Transactions } from '../../../src/infra/database/transactions';
import type { DeadlineJob } from '../../../src/notifications/review-deadlines';
import { ReviewDeadlinesProcessor } from '../../../src/notifications/review-deadlines.processor';
import { OutboxRepository } from '../../../src/outbox/outbox.repository';
import { DEFAULT_REMINDER_OFFSETS } from '../../../src/reports/reviews/review-settings.entity';
import { ReviewSettingsRepository } from '../../../src/reports/reviews/review-settings.repository';
import { ReviewsRepository } from '../../../src/reports/reviews/reviews.repository';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * The reminders the municipality's days send on their own, and the planning division's overdue notice: each one sent is
 * in the report's audit log by the system, written with the notification, so "was the expert reminded before the
 * deadline?" is answered there.
 */
describe('Scheduled reminders and overdue notices in the audit log', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let deadlines: ReviewDeadlinesProcessor;
  const beforeDue = Math.min(...DEFAULT_REMINDER_OFFSETS);

  beforeAll(async () => {
    app = await createMediumApp();
    town = await app.given.municipality();
    // What the worker runs when a job of the review-deadlines queue fires; no queue is needed to call it.
    deadlines = new ReviewDeadlinesProcessor(
      app.get(ReviewsRepository),
      app.get(OutboxRepository),
      app.get(ReviewSettingsRepository),
      app.get(Transactions),
      app.get(AuditLog),
    );
  });

  afterAll(() => app?.close());

  afterEach(() => jest.restoreAllMocks());

  async function awaitedOpinion(opinion?: string) {
    const report = await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.InExpertReview,
    });
    const assignment = await app.given.assignment(report, town.expertB, { opinion });
    return { report, assignment };
  }

  const fire = (assignment: { id: string; dueDate: string }, daysFromDue: number | null) =>
    deadlines.process({ data: { assignmentId: assignment.id, dueDate: assignment.dueDate, daysFromDue } } as Job<
      DeadlineJob,
      string
    >);

  const reportEntries = (reportId: string) =>
    app.dataSource.query<{ action: string; actor_user_id: string | null; actor_roles: string[]; details: object }[]>(
      `SELECT action, actor_user_id, actor_roles, details FROM audit_entries
        WHERE entity_type = 'report' AND entity_id = $1 ORDER BY id`,
      [reportId],
    );

  const lastRemindedAt = async (assignmentId: string): Promise<Date | null> =>
    (await app.dataSource.query('SELECT last_reminded_at FROM review_assignments WHERE id = $1', [assignmentId]))[0]
      .last_reminded_at;

  it('a reminder sent on a reminder day is audited on the report, by the system, with whom and how far from the due date', async () => {
    const { report, assignment } = await awaitedOpinion();

    expect(await fire(assignment, beforeDue)).toBe('reminded');

    expect((await app.outbox({ reportId: report.id })).map((row) => row.type)).toEqual(['review.reminder']);
    expect(await lastRemindedAt(assignment.id)).toBeInstanceOf(Date);
    expect(await reportEntries(report.id)).toEqual([
      {
        action: 'assignment.reminded',
        actor_user_id: null,
        actor_roles: ['system'],
        details: {
          assignmentId: assignment.id,
          expertUserId: town.expertB.id,
          dueDate: assignment.dueDate,
          daysFromDue: beforeDue,
        },
      },
    ]);
  });

  it('the overdue notice to the planning division is audited too, and does not count as a reminder of the expert', async () => {
    const { report, assignment } = await awaitedOpinion();

    expect(await fire(assignment, null)).toBe('overdue notice');

    expect((await app.outbox({ reportId: report.id })).map((row) => row.type)).toEqual(['review.overdue']);
    expect(await lastRemindedAt(assignment.id)).toBeNull();
    expect(await reportEntries(report.id)).toEqual([
      {
        action: 'assignment.overdue_notified',
        actor_user_id: null,
        actor_roles: ['system'],
        details: { assignmentId: assignment.id, expertUserId: town.expertB.id, dueDate: assignment.dueDate },
      },
    ]);
  });

  it('a job run again (a retry) sends nothing more and audits nothing more', async () => {
    const { report, assignment } = await awaitedOpinion();
    await fire(assignment, beforeDue);
    await fire(assignment, null);

    expect(await fire(assignment, beforeDue)).toBe('sent already');
    expect(await fire(assignment, null)).toBe('sent already');

    expect((await app.outbox({ reportId: report.id })).map((row) => row.type).sort()).toEqual([
      'review.overdue',
      'review.reminder',
    ]);
    expect((await reportEntries(report.id)).map((entry) => entry.action)).toEqual([
      'assignment.reminded',
      'assignment.overdue_notified',
    ]);
  });

  it('a reminder whose audit entry cannot be written is not sent either, and its retry sends and audits it once', async () => {
    const { report, assignment } = await awaitedOpinion();
    jest.spyOn(app.get(AuditLog), 'append').mockRejectedValueOnce(new Error('audit log unavailable'));

    await expect(fire(assignment, beforeDue)).rejects.toThrow('audit log unavailable');
    expect(await app.outbox({ reportId: report.id })).toEqual([]);
    expect(await lastRemindedAt(assignment.id)).toBeNull();

    expect(await fire(assignment, beforeDue)).toBe('reminded');
    expect(await app.outbox({ reportId: report.id })).toHaveLength(1);
    expect(await app.auditActions(report.id)).toEqual(['assignment.reminded']);
  });

  it('a reminder no longer needed (the opinion is in) sends and audits nothing', async () => {
    const { report, assignment } = await awaitedOpinion('有効と考えます。');

    expect(await fire(assignment, beforeDue)).toBe('no longer needed');

    expect(await app.outbox({ reportId: report.id })).toEqual([]);
    expect(await reportEntries(report.id)).toEqual([]);
  });
});
