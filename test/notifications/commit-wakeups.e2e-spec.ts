import { Client } from 'pg';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

/** Far longer than any wait below: whatever happens in time was woken by the commit, not by a poll. */
const NO_POLLING = '60000';

describe('Work written in a transaction wakes the worker at commit', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: NO_POLLING });
    cast = await castAsahikawa(t);
  });
  afterAll(() => t?.close());

  const unsealed = async (): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_entries WHERE hash IS NULL`))[0].count;

  async function submitOne(): Promise<string> {
    const draft = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, {
      ...ASAHIKAWA_R4_REPORTS[0],
      projectName: `起床の確認 ${Math.random()}`,
    });
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${draft.id}/submit`)
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(200);
    return draft.id as string;
  }

  const planningToldOf = (reportId: string) =>
    eventually(
      async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS count FROM notifications WHERE type = 'report.submitted' AND report_id = $1`,
            [reportId],
          )
        )[0].count,
      (count) => count > 0,
      10_000,
    );

  it('relays a submission to planning and seals its audit entries without waiting for a poll', async () => {
    const reportId = await submitOne();
    await planningToldOf(reportId);
    await eventually(unsealed, (count) => count === 0, 10_000);
  });

  it('does both again after the listening connection was cut, catching up on what came meanwhile', async () => {
    const superuser = new Client({ connectionString: t.superuserUrl });
    await superuser.connect();
    try {
      const [{ cut }] = await superuser
        .query(
          `SELECT count(pg_terminate_backend(pid))::int AS cut FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
        )
        .then((result) => result.rows);
      expect(cut).toBe(1);
    } finally {
      await superuser.end();
    }
    const reportId = await submitOne();
    await planningToldOf(reportId);
    await eventually(unsealed, (count) => count === 0, 10_000);
  });
});
