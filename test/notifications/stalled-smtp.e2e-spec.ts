import { castAsahikawa } from '../support/organization-scenario';
import { settle } from '../support/notification-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Mail through an SMTP server that stalls', () => {
  let t: TestApp;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      NOTIFICATION_MAX_ATTEMPTS: '3',
      NOTIFICATION_BACKOFF_MS: '50',
      // A second here, where the default gives a slow server half a minute.
      SMTP_TIMEOUT_MS: '1000',
    });
    await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const askPasswordReset = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202);

  it('gives up a stalled transfer after SMTP_TIMEOUT_MS and retries it, while the other mail goes out', async () => {
    const stalled = ['owner@example.jp', 'experta@example.jp', 'expertb@example.jp', 'planner@example.jp'];
    // The server takes each one's first mail and never answers it: as many stalls as mails are sent at a time.
    const stallingOnce = new Set(stalled);
    sink.hooks.stall = (recipients) => recipients.some((address) => stallingOnce.delete(address));
    for (const email of stalled) await askPasswordReset(email);
    await eventually(
      () => sink.stalled,
      (count) => count === stalled.length,
    );

    // Another person's reset link comes through, in about the timeout rather than nodemailer's 10 minutes.
    await askPasswordReset('approver@example.jp');
    await eventually(
      () => sink.to('approver@example.jp').length,
      (count) => count === 1,
      10_000,
    );
    // And each stalled mail is sent on its next attempt, once.
    for (const address of stalled)
      await eventually(
        () => sink.to(address).length,
        (count) => count === 1,
        10_000,
      );
    await settle(t);
    expect(
      await t.dataSource.query(
        `SELECT to_address AS "toAddress", status, attempts FROM email_deliveries ORDER BY to_address`,
      ),
    ).toEqual([
      { toAddress: 'approver@example.jp', status: 'sent', attempts: 1 },
      ...[...stalled].sort().map((toAddress) => ({ toAddress, status: 'sent', attempts: 2 })),
    ]);
  });
});
