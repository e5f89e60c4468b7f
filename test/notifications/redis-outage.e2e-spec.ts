import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest, reportUpdate } from '../support/report-scenario';
import { freePort, OwnRedis } from '../support/redis-server';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Notifications while Redis is down', () => {
  let t: TestApp;
  let cast: Cast;
  let redis: OwnRedis;
  const sink = new SmtpSink();
  const REPORTS = 50;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    t = await createTestApp({
      RUN_WORKER: 'true',
      REDIS_URL: redis.url,
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    cast = await castAsahikawa(t);
  }, 60_000);

  afterAll(async () => {
    // Running again if the test stopped half-way, so the app can close its connections cleanly.
    await redis.start();
    await t.close();
    await redis.stop();
    await sink.stop();
  });

  it('lets 50 transitions succeed with Redis stopped; once it is back, every notification arrives exactly once', async () => {
    const owner = { Authorization: `Bearer ${cast.tokens.owner}` };
    const seed = ASAHIKAWA_R4_REPORTS[0];
    const project = (
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/projects`)
        .set(owner)
        .send({ ...projectRequest(seed, cast.departmentId), planStartFiscalYear: 2001, planEndFiscalYear: 2060 })
        .expect(201)
    ).body;
    const ids: string[] = [];
    for (let year = 2001; year < 2001 + REPORTS; year++) {
      const draft = (
        await t
          .http()
          .post(`/api/v1/organizations/${cast.organizationId}/reports`)
          .set(owner)
          .send({ projectId: project.id, fiscalYear: year })
          .expect(201)
      ).body;
      await t
        .http()
        .patch(`/api/v1/organizations/${cast.organizationId}/reports/${draft.id}`)
        .set(owner)
        .send(reportUpdate(seed, draft.version))
        .expect(200);
      ids.push(draft.id);
    }
    await settle(t);

    await redis.stop();
    expect((await t.http().get('/health')).status).toBe(503);
    const submissions = await Promise.all(
      ids.map((id) => t.http().post(`/api/v1/organizations/${cast.organizationId}/reports/${id}/submit`).set(owner)),
    );
    expect(submissions.map((response) => response.status)).toEqual(ids.map(() => 200));
    const [{ waiting }] = await t.dataSource.query(
      `SELECT count(*)::int AS waiting FROM notification_outbox WHERE dispatched_at IS NULL AND type = 'report.submitted'`,
    );
    expect(waiting).toBe(REPORTS);

    await redis.start();
    const expected = REPORTS * 2; // each submission tells the two planning users
    await eventually(
      () => sink.received.length,
      (count) => count >= expected,
      60_000,
    );
    await settle(t, 30_000);
    const rows = await t.dataSource.query(
      `SELECT report_id, user_id FROM notifications WHERE type = 'report.submitted'`,
    );
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((row: any) => `${row.report_id}/${row.user_id}`)).size).toBe(expected);
    expect(sink.received).toHaveLength(expected);
    for (const address of ['planner@example.jp', 'approver@example.jp']) {
      const subjects = sink.to(address).map((mail) => mail.subject);
      expect(subjects).toHaveLength(REPORTS);
    }
  }, 180_000);
});
