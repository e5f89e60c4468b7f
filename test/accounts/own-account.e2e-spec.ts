import { Role } from '../../src/access/role';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const NEW_PASSWORD = 'a brand new passphrase of mine';

/** アカウント設定 over the API: one's own name and password, with the mail of a password change through real SMTP. */
describe('Own account over the API', () => {
  let t: TestApp;
  let organizationId: string;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
  });

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  const rename = (token: string, displayName: unknown) =>
    t.http().patch('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).send({ displayName });
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    t
      .http()
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword, newPassword });

  it('renames the signed-in person, folding the widths typed, and answers as GET auth/me does', async () => {
    const { id } = await addUser(t, organizationId, 'renamed@example.jp', Role.ExternalExpert);
    const token = await signIn(t, 'renamed@example.jp');

    const renamed = await rename(token, ' 外部　有識者 ').expect(200);

    expect(renamed.body).toMatchObject({ id, email: 'renamed@example.jp', displayName: '外部 有識者' });
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).body).toEqual(renamed.body);
    const [entry] = await t.dataSource.query(
      `SELECT organization_id, actor_user_id, details FROM audit_entries WHERE action = 'user.renamed'`,
    );
    expect(entry).toEqual({
      organization_id: null,
      actor_user_id: id,
      details: { from: 'renamed', to: '外部 有識者' },
    });
  });

  it('refuses a blank or too long name with the field it is about, keeping the name', async () => {
    await addUser(t, organizationId, 'kept@example.jp', Role.PlanningDivision);
    const token = await signIn(t, 'kept@example.jp');

    for (const displayName of ['　 ', 'あ'.repeat(101), 42]) {
      const refused = await rename(token, displayName).expect(400);
      expect(new Set(refused.body.details.map((detail: { path: string }) => detail.path))).toEqual(
        new Set(['/displayName']),
      );
    }
    expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).body.displayName).toBe(
      'kept',
    );
  });

  it('mails the owner that the password was changed, and nothing on a wrong current password', async () => {
    await addUser(t, organizationId, 'mailed@example.jp', Role.PlanningDivision);
    const token = await signIn(t, 'mailed@example.jp');

    const refused = await changePassword(token, 'not my password', NEW_PASSWORD).expect(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ path: '/currentPassword' })]);
    await changePassword(token, TEST_PASSWORD, NEW_PASSWORD).expect(204);

    const [mail] = await eventually(
      () => sink.to('mailed@example.jp'),
      (found) => found.length > 0,
    );
    expect(mail.subject).toContain('パスワードが変更されました');
    expect(mail.text).toContain('ほかの端末でのサインインはすべて終了しています');
    expect(mail.text).toContain('/password-reset');
    const events = await t.dataSource.query(
      `SELECT type FROM notification_outbox WHERE type = 'account.password_changed' AND organization_id = $1`,
      [organizationId],
    );
    expect(events).toHaveLength(1);
  });

  it('counts wrong current passwords with failed sign-ins', async () => {
    await addUser(t, organizationId, 'guessed@example.jp', Role.PlanningDivision);
    const token = await signIn(t, 'guessed@example.jp');
    for (let attempt = 0; attempt < 5; attempt++)
      await changePassword(token, `guess ${attempt}`, NEW_PASSWORD).expect(400);

    const throttled = await changePassword(token, TEST_PASSWORD, NEW_PASSWORD).expect(429);

    expect(throttled.body.message).toMatch(/Too many failed password attempts/);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'guessed@example.jp', password: TEST_PASSWORD })
      .expect(429);
  });
});
