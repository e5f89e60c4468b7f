import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { EMAIL_DELIVERIES_QUEUE, NOTIFICATION_EVENTS_QUEUE } from '../../src/notifications/queues';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Mails committed by a run that could not enqueue them', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('are sent by the retry of its job, each once', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[2],
    );
    await settle(t);
    // Redis goes away right after the inbox rows and their mails were committed.
    const emails = t.app.get<Queue>(getQueueToken(EMAIL_DELIVERIES_QUEUE));
    const enqueue = jest.spyOn(emails, 'addBulk').mockRejectedValueOnce(new Error('Connection is closed.'));

    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(200);
    for (const address of ['planner@example.jp', 'approver@example.jp'])
      await eventually(
        () => sink.to(address).length,
        (count) => count >= 1,
        30_000,
      );
    await settle(t);

    expect(enqueue.mock.calls.length).toBeGreaterThanOrEqual(2);
    const [{ id }] = await t.dataSource.query(
      `SELECT id FROM notification_outbox WHERE type = 'report.submitted' AND report_id = $1`,
      [report.id],
    );
    const job = await t.app.get<Queue>(getQueueToken(NOTIFICATION_EVENTS_QUEUE)).getJob(id);
    expect(job?.attemptsStarted).toBe(2);
    expect(sink.to('planner@example.jp')).toHaveLength(1);
    expect(sink.to('approver@example.jp')).toHaveLength(1);
    expect(
      await t.dataSource.query(
        `SELECT d.status, count(*)::int AS count FROM email_deliveries d
         JOIN notifications n ON n.id = d.notification_id WHERE n.outbox_event_id = $1 GROUP BY d.status`,
        [id],
      ),
    ).toEqual([{ status: 'sent', count: 2 }]);
  });
});
