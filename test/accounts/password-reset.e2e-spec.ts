import { Role } from '../../src/access/role';
import { secretTokenHash } from '../../src/common/secret-token';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { settle } from '../support/notification-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const NEW_PASSWORD = 'a longer new passphrase for the owner';

async function auditRows(t: TestApp, action: string): Promise<{ details: any; organization_id: string | null }[]> {
  return t.dataSource.query(`SELECT details, organization_id FROM audit_entries WHERE action = $1 ORDER BY id`, [
    action,
  ]);
}

/** パスワードを忘れた場合 and the administrator's reset link, over the API, with the mail through real SMTP. */
describe('Password reset by e-mail', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      // This suite's requests all come from one client address; its limit has a suite of its own below.
      PASSWORD_RESET_MAX_REQUESTS_PER_IP: '1000',
    });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const ask = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email });
  const complete = (token: string, password: string) =>
    t.http().post('/api/v1/auth/password-reset/complete').send({ token, password });

  /** The token of the newest reset mail to the address. */
  async function mailedToken(address: string, mails = 1): Promise<string> {
    const received = await eventually(
      () => sink.to(address),
      (found) => found.length >= mails,
    );
    return /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(received[received.length - 1].text)![1];
  }

  it('answers an address with an account and one without alike, and mails only the account', async () => {
    const known = await ask('Owner@Example.jp').expect(202);
    const unknown = await ask('nobody@example.jp').expect(202);
    expect(unknown.body).toEqual(known.body);
    expect(known.body.message).toMatch(/If this address has an account/);

    const token = await mailedToken('owner@example.jp');
    await settle(t);
    expect(sink.to('nobody@example.jp')).toEqual([]);
    const [mail] = sink.to('owner@example.jp');
    expect(mail.subject).toContain('パスワード再設定');
    expect(mail.text).toContain('サインインのページで、このメールアドレスのパスワード再設定が依頼されました');
    // Only the hash is stored; the token is in no table.
    const [{ stored }] = await t.dataSource.query(
      `SELECT count(*)::int AS stored FROM password_resets WHERE token_hash = $1`,
      [secretTokenHash(token)],
    );
    expect(stored).toBe(1);
    const [{ leaked }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM notification_outbox WHERE payload::text LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM audit_entries WHERE details::text LIKE '%' || $1 || '%') AS leaked`,
      [token],
    );
    expect(Number(leaked)).toBe(0);
    // The audit log knows which was which; the caller never does.
    // Asked of an account: its municipality's auditor sees it, as asked by no one known.
    expect(await auditRows(t, 'auth.password_reset_requested')).toEqual([
      { details: expect.objectContaining({ email: 'owner@example.jp' }), organization_id: cast.organizationId },
    ]);
    expect((await auditRows(t, 'auth.password_reset_refused')).map((row) => row.details)).toEqual([
      { email: 'nobody@example.jp', reason: 'unknown_account' },
    ]);
  });

  it('sets the new password under the password policy, once; the other sessions and the old password end', async () => {
    const token = await mailedToken('owner@example.jp');
    const short = await complete(token, 'short').expect(400);
    expect(JSON.stringify(short.body)).toContain('at least 10 characters');
    const guessable = {
      aaaaaaaaaa: 'repeats characters or words',
      '1234567890': 'is, or is close to, a commonly used password',
      password123: 'is, or is close to, a commonly used password',
      // Known from the link's account, not from the request.
      'owner@example.jp': 'contains your name or e-mail address',
    };
    for (const [password, reason] of Object.entries(guessable)) {
      const refused = await complete(token, password).expect(400);
      expect(refused.body.details).toEqual([
        {
          path: '/password',
          message: `password is too easy to guess: it ${reason}. Choose a longer one, e.g. several unrelated words`,
        },
      ]);
    }
    await t
      .http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(200);

    await complete(token, NEW_PASSWORD).expect(204);

    await t
      .http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: 'owner@example.jp', password: TEST_PASSWORD }).expect(401);
    await signIn(t, 'owner@example.jp', NEW_PASSWORD);
    const again = await complete(token, 'yet another long passphrase').expect(410);
    expect(again.body.message).toMatch(/no longer valid/);
    await signIn(t, 'owner@example.jp', NEW_PASSWORD);
    // In the chain of the municipality the person works for, where its auditor reads it.
    expect((await auditRows(t, 'auth.password_reset')).map((row) => row.organization_id)).toEqual([
      cast.organizationId,
    ]);
  });

  it('refuses an expired link (410), an unknown one (404) and a malformed one (400), changing nothing', async () => {
    await ask('expertb@example.jp').expect(202);
    const token = await mailedToken('expertb@example.jp');
    await t.dataSource.query(
      `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [secretTokenHash(token)],
    );
    const expired = await complete(token, NEW_PASSWORD).expect(410);
    expect(expired.body.message).toMatch(/expired/);
    await complete('A'.repeat(43), NEW_PASSWORD).expect(404);
    await complete('not-a-token', NEW_PASSWORD).expect(400);
    await signIn(t, 'expertb@example.jp');
  });

  it('limits requests per address, whether or not it has an account, with Retry-After', async () => {
    for (const address of ['planner@example.jp', 'ghost@example.jp']) {
      for (let request = 0; request < t.config.passwordResetMaxRequests; request++) await ask(address).expect(202);
      const refused = await ask(address).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.message).toMatch(/Too many password reset requests/);
    }
    await settle(t);
    expect(sink.to('planner@example.jp')).toHaveLength(t.config.passwordResetMaxRequests);
    expect((await auditRows(t, 'auth.password_reset_throttled')).map((row) => row.details.email)).toEqual([
      'planner@example.jp',
      'ghost@example.jp',
    ]);
  });

  it('lets an administrator send a member a link, audited in the organization; only administrators may', async () => {
    const path = `/api/v1/organizations/${cast.organizationId}/users/${cast.userIds.approver}/password-reset`;
    await t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${cast.tokens.planner}` })
      .expect(403);
    const sent = await t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(202);
    expect(Date.parse(sent.body.expiresAt)).toBeGreaterThan(Date.now());

    const token = await mailedToken('approver@example.jp');
    expect(sink.to('approver@example.jp')[0].text).toContain('所属団体のシステム管理者が');
    const [audit] = await auditRows(t, 'user.password_reset_sent');
    expect(audit).toMatchObject({ organization_id: cast.organizationId, details: { email: 'approver@example.jp' } });
    await complete(token, NEW_PASSWORD).expect(204);
    await signIn(t, 'approver@example.jp', NEW_PASSWORD);

    const outsider = '00000000-0000-4000-8000-000000000000';
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/users/${outsider}/password-reset`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(404);
  });

  it('uses one link at most: a new password ends every other open link of the account', async () => {
    await ask('experta@example.jp').expect(202);
    await ask('experta@example.jp').expect(202);
    await mailedToken('experta@example.jp', 2);
    const [one, other] = sink
      .to('experta@example.jp')
      .map((mail) => /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]);
    await complete(one, NEW_PASSWORD).expect(204);
    await complete(other, 'a different long passphrase').expect(410);
    await signIn(t, 'experta@example.jp', NEW_PASSWORD);
  });

  it('ends the open links with a password changed in the account settings: the password chosen stays', async () => {
    await addUser(t, cast.organizationId, 'changer@example.jp', Role.PlanningDivision);
    const session = await signIn(t, 'changer@example.jp');
    await ask('changer@example.jp').expect(202);
    const token = await mailedToken('changer@example.jp');

    await t
      .http()
      .post('/api/v1/auth/password')
      .set({ Authorization: `Bearer ${session}` })
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);

    const ended = await complete(token, 'a passphrase from the older link').expect(410);
    expect(ended.body.message).toMatch(/no longer valid/);
    await signIn(t, 'changer@example.jp', NEW_PASSWORD);
  });

  it('says a link ended by a deactivation is no longer valid, and why while the account is stopped; never "used"', async () => {
    const member = `/api/v1/organizations/${cast.organizationId}/users/${cast.userIds.planner}`;
    const admin = { Authorization: `Bearer ${cast.tokens.admin}` };
    await t.http().post(`${member}/password-reset`).set(admin).expect(202);
    const token = await mailedToken('planner@example.jp', t.config.passwordResetMaxRequests + 1);
    await t.http().post(`${member}/deactivate`).set(admin).expect(204);

    const stopped = await complete(token, NEW_PASSWORD).expect(410);
    expect(stopped.body.message).toMatch(/deactivated by an administrator/);
    const stoppedPage = await t.http().get(`/password-reset/${token}`).expect(410);
    expect(stoppedPage.text).toContain('このアカウントは利用を停止されています');

    await t.http().post(`${member}/reactivate`).set(admin).expect(204);
    const ended = await complete(token, NEW_PASSWORD).expect(410);
    expect(ended.body.message).toMatch(/no longer valid/);
    expect(ended.body.message).not.toMatch(/used/);
    const endedPage = await t.http().get(`/password-reset/${token}`).expect(410);
    expect(endedPage.text).toContain('このパスワード再設定のリンクはもう使えません');
    expect(endedPage.text).not.toContain('すでに使われています');
    await signIn(t, 'planner@example.jp');
  });
});

describe('Password reset requests from one client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_RESET_MAX_REQUESTS_PER_IP: '3' });
  });

  afterAll(() => t.close());

  it('are limited over all addresses', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++)
      statuses.push(
        (
          await t
            .http()
            .post('/api/v1/auth/password-reset')
            .send({ email: `person${index}@example.jp` })
        ).status,
      );
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });
});
