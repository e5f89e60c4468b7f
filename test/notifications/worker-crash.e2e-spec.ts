import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

/** A separate worker process (`npm run start:worker`'s entry point), which the test can kill. */
function startWorker(t: TestApp, smtpUrl: string): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/worker.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: t.config.databaseUrl,
      // Without migrations the worker still reads, as the owner, whether they all ran.
      DATABASE_OWNER_URL: t.config.databaseOwnerUrl,
      REDIS_URL: t.config.redisUrl,
      REDIS_PREFIX: t.config.redisPrefix,
      AUTH_SECRET: t.config.authSecret,
      SMTP_URL: smtpUrl,
      RUN_MIGRATIONS: 'false',
      OUTBOX_RELAY_INTERVAL_MS: '50',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      NOTIFICATION_BACKOFF_MS: '100',
    },
    stdio: 'ignore',
  });
}

describe('A worker killed while delivering', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  let smtpUrl: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    smtpUrl = await sink.start();
    // The API alone (RUN_WORKER=false): all delivery happens in the worker processes below.
    t = await createTestApp({ SMTP_URL: smtpUrl });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await t.close();
    await sink.stop();
  });

  async function deliveryStatus(address: string): Promise<string | undefined> {
    const rows: { status: string }[] = await t.dataSource.query(
      `SELECT status FROM email_deliveries WHERE to_address = $1`,
      [address],
    );
    return rows[0]?.status;
  }

  it('has its job retried by another worker, and the mail is received once', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[4],
    );
    // The first mail to the planner hangs in the middle of the SMTP transfer.
    let stallPlanner = true;
    sink.hooks.stall = (recipients) => recipients.includes('planner@example.jp') && stallPlanner;

    const first = startWorker(t, smtpUrl);
    workers.push(first);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(200);
    await eventually(
      () => sink.stalled,
      (stalled) => stalled === 1,
      60_000,
    );
    // The approver's mail goes beside it; the kill waits until that one is recorded as sent. Killed between the SMTP
    // server's acceptance and that record, a mail would go again (under the same Message-ID): delivery is at least once.
    await eventually(
      () => deliveryStatus('approver@example.jp'),
      (status) => status === 'sent',
      60_000,
    );

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    stallPlanner = false;
    workers.push(startWorker(t, smtpUrl));

    await eventually(
      () => sink.to('planner@example.jp').length,
      (count) => count >= 1,
      60_000,
    );
    await eventually(
      () => sink.to('approver@example.jp').length,
      (count) => count >= 1,
      60_000,
    );
    // Give a duplicate every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sink.to('planner@example.jp')).toHaveLength(1);
    expect(sink.to('approver@example.jp')).toHaveLength(1);
    expect(await deliveryStatus('planner@example.jp')).toBe('sent');
    expect(
      await t.dataSource.query(`SELECT count(*)::int AS count FROM notifications WHERE type = 'report.submitted'`),
    ).toEqual([{ count: 2 }]);
  }, 180_000);
});
