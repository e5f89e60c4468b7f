import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Queue } from 'bullmq';
import { Client } from 'pg';
import { roleOf } from '../../src/infra/config/app-config';
import { FailedEventSweep } from '../../src/notifications/failed-event-sweep';
import { NOTIFICATION_EVENTS_QUEUE } from '../../src/notifications/queues';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { withAuditRefusing } from '../support/audit-outage';
import { inboxByType, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { sendPageForm, shownText } from '../web/support/page-forms';

/** A notification event whose handling failed every attempt, as the administrators' list shows it. */
type FailedEvent = { id: string; type: string; label: string; lastError: string; failedAt: string };

/** Runs `during` with the app's role's privileges narrowed by `narrowing`, then restored by `restoring`. */
async function withPrivileges<T>(
  t: TestApp,
  { narrowing, restoring }: Record<'narrowing' | 'restoring', (role: string) => string>,
  during: () => Promise<T>,
): Promise<T> {
  const superuser = new Client({ connectionString: t.superuserUrl });
  await superuser.connect();
  const role = roleOf(t.config.databaseUrl);
  await superuser.query(narrowing(role));
  try {
    return await during();
  } finally {
    await superuser.query(restoring(role));
    await superuser.end();
  }
}

/** Runs `during` while the app's role may not write inbox rows, as a database that refuses its writes would. */
function withoutInboxWrites<T>(t: TestApp, during: () => Promise<T>): Promise<T> {
  return withPrivileges(
    t,
    {
      narrowing: (role) => `REVOKE INSERT ON notifications FROM ${role}`,
      restoring: (role) => `GRANT INSERT ON notifications TO ${role}`,
    },
    during,
  );
}

/**
 * Runs `during` while the app's role may relay outbox rows but not mark them failed, as a database down when an event's
 * last attempt fails would leave its mark unwritten.
 */
function withoutFailureMarks<T>(t: TestApp, during: () => Promise<T>): Promise<T> {
  return withPrivileges(
    t,
    {
      narrowing: (role) =>
        `REVOKE UPDATE ON notification_outbox FROM ${role}; GRANT UPDATE (dispatched_at) ON notification_outbox TO ${role}`,
      // Revoking the table's privilege revokes its columns' too.
      restoring: (role) =>
        `REVOKE UPDATE ON notification_outbox FROM ${role}; GRANT UPDATE ON notification_outbox TO ${role}`,
    },
    during,
  );
}

async function submit(t: TestApp, cast: Cast, seed: (typeof ASAHIKAWA_R4_REPORTS)[number]): Promise<string> {
  const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
  await t
    .http()
    .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
    .set({ Authorization: `Bearer ${cast.tokens.owner}` })
    .expect(200);
  return report.id;
}

async function eventOf(t: TestApp, type: string, reportId: string): Promise<string> {
  const [{ id }] = await t.dataSource.query(`SELECT id FROM notification_outbox WHERE type = $1 AND report_id = $2`, [
    type,
    reportId,
  ]);
  return id;
}

describe('A notification event whose handling fails for minutes', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();

  beforeAll(async () => {
    // The event retries as configured by default.
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('is retried past the first five attempts, and its notices and mails arrive once when the database is back', async () => {
    const events = t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE));
    let eventId = '';
    await withoutInboxWrites(t, async () => {
      const started = Date.now();
      const reportId = await submit(t, cast, ASAHIKAWA_R4_REPORTS[2]);
      eventId = await eventOf(t, 'report.submitted', reportId);
      // Five failures took 15 s, after which the event used to be given up; the database stays away for 20 s.
      await eventually(
        async () => (await events.getJob(eventId))?.attemptsMade ?? 0,
        (failures) => failures >= 5 && Date.now() - started >= 20_000,
        60_000,
      );
      expect(await (await events.getJob(eventId))!.getState()).toBe('delayed');
    });

    await settle(t, 60_000);
    expect(await inboxByType(t)).toEqual({ 'report.submitted': ['approver@example.jp', 'planner@example.jp'] });
    expect(sink.to('planner@example.jp')).toHaveLength(1);
    expect(sink.to('approver@example.jp')).toHaveLength(1);
    const job = (await events.getJob(eventId))!;
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBeGreaterThan(5);
    expect(await t.dataSource.query(`SELECT failed_at FROM notification_outbox WHERE id = $1`, [eventId])).toEqual([
      { failed_at: null },
    ]);
  }, 120_000);
});

describe('A notification event that fails every attempt', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const failedList = () => `/api/v1/organizations/${cast.organizationId}/notifications/failed-events`;

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      NOTIFICATION_EVENT_MAX_ATTEMPTS: '3',
      NOTIFICATION_EVENT_MAX_BACKOFF_MS: '100',
    });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('is shown to the administrators, who can send it again, audited, with no notice or mail twice', async () => {
    const reportId = await submit(t, cast, ASAHIKAWA_R4_REPORTS[0]);
    const report = `/api/v1/organizations/${cast.organizationId}/reports/${reportId}`;
    await t
      .http()
      .post(`${report}/accept`)
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    await settle(t);
    const [assignment] = (await t.http().get(`${report}/assignments`).set(as('planner')).expect(200)).body;

    // Taking the expert off: the notice and the mail go out, then ending their one-click link fails, every attempt.
    const failed = await withAuditRefusing(t.superuserUrl, 'review_link.revoked', async () => {
      await t
        .http()
        .delete(`${report}/assignments/${assignment.id}`)
        .set(as('admin'))
        .send({ reason: '担当替え' })
        .expect(204);
      return (
        await eventually(
          async () => (await t.http().get(failedList()).set(as('admin')).expect(200)).body as FailedEvent[],
          (list) => list.length === 1,
        )
      )[0];
    });
    const eventId = await eventOf(t, 'assignment.removed', reportId);
    expect(failed).toMatchObject({
      id: eventId,
      type: 'assignment.removed',
      label: '意見照会の取消し',
      lastError: expect.stringContaining('audit log unavailable'),
    });
    // Given up for good: three attempts, no more.
    const job = (await t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE)).getJob(eventId))!;
    expect({ state: await job.getState(), attempts: job.attemptsMade }).toEqual({ state: 'failed', attempts: 3 });
    await t.http().get(failedList()).set(as('planner')).expect(403);
    await settle(t);
    expect(sink.to('experta@example.jp').filter((mail) => mail.subject.includes('【取消し】'))).toHaveLength(1);

    const page = `/o/${cast.organizationId}/admin/failed-notifications`;
    const admin = await sessionCookie(t, 'admin@012041.example.jp');
    const shown = await t.http().get(page).set('Cookie', admin).expect(200);
    expect(shownText(shown.text)).toContain('作成できなかった通知');
    expect(shownText(shown.text)).toContain('意見照会の取消し');
    const resent = await sendPageForm(t, admin, page, `${page}/events/${eventId}/retry`);
    expect(resent.status).toBe(303);
    await eventually(
      () =>
        t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'review_link.revoked' AND entity_id = $1`, [
          assignment.id,
        ]),
      (rows: unknown[]) => rows.length === 1,
    );
    await settle(t);

    expect((await t.http().get(failedList()).set(as('admin')).expect(200)).body).toEqual([]);
    expect(
      await t.dataSource.query(
        `SELECT count(*)::int AS count FROM notifications WHERE type = 'assignment.removed' AND user_id = $1`,
        [cast.userIds.expertA],
      ),
    ).toEqual([{ count: 1 }]);
    expect(sink.to('experta@example.jp').filter((mail) => mail.subject.includes('【取消し】'))).toHaveLength(1);
    const [retried] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_entries WHERE action = 'notification_event.retried' AND entity_id = $1`,
      [eventId],
    );
    expect(retried).toEqual({
      actor_user_id: cast.userIds.admin,
      details: expect.objectContaining({
        eventType: 'assignment.removed',
        lastError: expect.stringContaining('audit log unavailable'),
      }),
    });
    await t.http().post(`${failedList()}/${eventId}/retry`).set(as('admin')).expect(404);
  }, 60_000);

  it('leaves the list once its job, retried from the queue dashboard, succeeds', async () => {
    const events = t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE));
    const listed = async () =>
      ((await t.http().get(failedList()).set(as('admin')).expect(200)).body as FailedEvent[]).map(({ id }) => id);
    const eventId = await withoutInboxWrites(t, async () => {
      const reportId = await submit(t, cast, ASAHIKAWA_R4_REPORTS[2]);
      const id = await eventOf(t, 'report.submitted', reportId);
      await eventually(listed, (ids) => ids.includes(id));
      return id;
    });

    // As the dashboard's retry does: the failed job runs again, outside the administrators' resend.
    await (await events.getJob(eventId))!.retry();
    await eventually(
      async () => (await events.getJob(eventId))!.getState(),
      (state) => state === 'completed',
    );
    expect(await listed()).not.toContain(eventId);
    expect(
      await t.dataSource.query(`SELECT failed_at, last_error FROM notification_outbox WHERE id = $1`, [eventId]),
    ).toEqual([{ failed_at: null, last_error: null }]);
    // Done: there is nothing left to send again.
    await t.http().post(`${failedList()}/${eventId}/retry`).set(as('admin')).expect(404);
  }, 60_000);

  it('is listed after the next sweep of the worker when its mark could not be written', async () => {
    const events = t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE));
    const listed = async () => (await t.http().get(failedList()).set(as('admin')).expect(200)).body as FailedEvent[];
    // The worker marks a job failed after the queue has: the privileges stay narrowed until it has tried and said so.
    const errors = jest.spyOn(Logger.prototype, 'error');
    const eventId = await withoutInboxWrites(t, () =>
      withoutFailureMarks(t, async () => {
        const reportId = await submit(t, cast, ASAHIKAWA_R4_REPORTS[3]);
        const id = await eventOf(t, 'report.submitted', reportId);
        await eventually(
          () => errors.mock.calls.map(([message]) => String(message)),
          (messages) => messages.some((message) => message.includes(`${id} could not be marked failed`)),
        );
        return id;
      }),
    ).finally(() => errors.mockRestore());
    expect((await listed()).map(({ id }) => id)).not.toContain(eventId);

    await t.app.get(FailedEventSweep).sweep();
    const job = (await events.getJob(eventId))!;
    expect((await listed()).find(({ id }) => id === eventId)).toMatchObject({
      type: 'report.submitted',
      lastError: job.failedReason,
      failedAt: new Date(job.finishedOn!).toISOString(),
    });
    expect(job.failedReason).toContain('permission denied for table notifications');

    // Listed, it can be sent again as any other.
    await t.http().post(`${failedList()}/${eventId}/retry`).set(as('admin')).expect(202);
    await eventually(listed, (list) => !list.some(({ id }) => id === eventId));
    await settle(t);
  }, 60_000);

  it('can be sent again after the queue has trimmed its failed job', async () => {
    const reportId = await submit(t, cast, ASAHIKAWA_R4_REPORTS[1]);
    const eventId = await eventOf(t, 'report.submitted', reportId);
    await settle(t);
    // As if it had failed long ago: the queue keeps only the latest failed jobs, so its job is no longer there.
    await t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE)).remove(eventId);
    await t.dataSource.query(
      `UPDATE notification_outbox SET failed_at = now(), last_error = 'SMTP down' WHERE id = $1`,
      [eventId],
    );

    await t.http().post(`${failedList()}/${eventId}/retry`).set(as('admin')).expect(202);
    await eventually(
      async () => (await t.http().get(failedList()).set(as('admin')).expect(200)).body as FailedEvent[],
      (list) => list.length === 0,
    );
    await settle(t);
    // Handled again, idempotently: still one notice and one mail each.
    expect(sink.to('planner@example.jp').filter((mail) => mail.text.includes(reportId))).toHaveLength(1);
  }, 60_000);
});
