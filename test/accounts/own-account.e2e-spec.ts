import { Role } from '../../src/access/role';
import { lockWaitersOutsidePool } from '../support/lock-waits';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const NEW_PASSWORD = 'a brand new passphrase of mine';

/**
 * One app for both: every test adds people of its own, with their own addresses, so none sees another's rows or mails;
 * the wrong passwords of all of them together stay below the limit per client address.
 */
describe('Own account settings over the API', () => {
  let t: TestApp;
  let organizationId: string;
  let adminEmail: string;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    ({ organizationId, adminEmail } = await seedOrganization(t, '012041', '旭川市'));
  });

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  /** アカウント設定 over the API: one's own name and password, with the mail of a password change through real SMTP. */
  describe('Own account over the API', () => {
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
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).body).toEqual(
        renamed.body,
      );
      const [entry] = await t.dataSource.query(
        `SELECT organization_id, actor_user_id, details FROM audit_entries WHERE action = 'user.renamed'`,
      );
      expect(entry).toEqual({
        organization_id: organizationId,
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

    it('refuses a new password made of the account’s own address or name, as registering refuses it', async () => {
      await addUser(t, organizationId, 'own.words@example.jp', Role.PlanningDivision);
      const token = await signIn(t, 'own.words@example.jp');
      for (const newPassword of ['own.words@example.jp', 'own.words2024']) {
        const refused = await changePassword(token, TEST_PASSWORD, newPassword).expect(400);
        const message =
          'newPassword is too easy to guess: it contains your name or e-mail address. Choose a longer one, e.g. several unrelated words';
        expect(refused.body).toEqual(
          expect.objectContaining({ message, details: [{ path: '/newPassword', message }] }),
        );
      }
      await signIn(t, 'own.words@example.jp');
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

  /** A change of address over the API: confirmed by the link mailed to the new address, told to the old one. */
  describe('Own address over the API', () => {
    const requestChange = (token: string, email: string, currentPassword = TEST_PASSWORD) =>
      t
        .http()
        .post('/api/v1/auth/email-change')
        .set('Authorization', `Bearer ${token}`)
        .send({ email, currentPassword });
    const confirm = (token: string) => t.http().post('/api/v1/auth/email-change/confirm').send({ token });
    const cancel = (token: string) => t.http().post('/api/v1/auth/email-change/cancel').send({ token });

    /** The token of the newest confirmation mail to the address. */
    async function mailedToken(address: string, mails = 1): Promise<string> {
      const received = await eventually(
        () => sink.to(address),
        (found) => found.length >= mails,
      );
      return /\/account\/email\/([A-Za-z0-9_-]{43})/.exec(received[received.length - 1].text)![1];
    }

    it('keeps the old address until the link mailed to the new one is used, once; the old one is told', async () => {
      const { id } = await addUser(t, organizationId, 'moving@example.jp', Role.ExternalExpert);
      const session = await signIn(t, 'moving@example.jp');

      const requested = await requestChange(session, 'Ｍｏｖｅｄ@Example.jp').expect(202);
      expect(requested.body.message).toContain('moved@example.jp');
      const token = await mailedToken('moved@example.jp');
      const [notice] = await eventually(
        () => sink.to('moving@example.jp'),
        (found) => found.length > 0,
      );
      expect(notice.subject).toContain('メールアドレスの変更が依頼されました');
      expect(notice.text).toContain('moved@example.jp');
      expect(notice.text).not.toMatch(/\/account\/email\//);
      await signIn(t, 'moving@example.jp');

      await confirm(token).expect(204);
      await confirm(token).expect(410);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'moving@example.jp', password: TEST_PASSWORD })
        .expect(401);
      await signIn(t, 'moved@example.jp');
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${session}`)).body.email).toBe(
        'moved@example.jp',
      );
      const entries = await t.dataSource.query(
        `SELECT action, organization_id, details FROM audit_entries
          WHERE entity_id = $1 AND action LIKE 'user.email%' ORDER BY id`,
        [id],
      );
      expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
        'user.email_change_requested',
        'user.email_changed',
      ]);
      // In the municipality's chain, where its auditor reads the log, though no organization is named by the routes.
      expect(entries.map((entry: { organization_id: string }) => entry.organization_id)).toEqual([
        organizationId,
        organizationId,
      ]);
      expect(entries[1].details).toMatchObject({ from: 'moving@example.jp', to: 'moved@example.jp' });
    });

    it('refuses the address of another account and the address it has, and an unknown link', async () => {
      await addUser(t, organizationId, 'stays@example.jp', Role.PlanningDivision);
      await addUser(t, organizationId, 'taken@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'stays@example.jp');

      const taken = await requestChange(session, 'taken@example.jp').expect(409);
      expect(taken.body.details).toEqual([expect.objectContaining({ path: '/email' })]);
      await requestChange(session, 'Stays@example.jp').expect(400);
      await requestChange(session, 'not an address').expect(400);
      await confirm('A'.repeat(43)).expect(404);
      expect(
        await t.dataSource.query(
          `SELECT count(*)::int AS count FROM email_changes c JOIN users u ON u.id = c.user_id WHERE u.email = 'stays@example.jp'`,
        ),
      ).toEqual([{ count: 0 }]);
    });

    it('asks for the current password, refused and counted with failed sign-ins as for a new password', async () => {
      const { id } = await addUser(t, organizationId, 'stolen@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'stolen@example.jp');

      await t
        .http()
        .post('/api/v1/auth/email-change')
        .set('Authorization', `Bearer ${session}`)
        .send({ email: 'thief@example.jp' })
        .expect(400);
      for (let attempt = 0; attempt < 5; attempt++) {
        const refused = await requestChange(session, 'thief@example.jp', `guess ${attempt}`).expect(400);
        expect(refused.body.message).toBe('The current password is not correct.');
        expect(refused.body.details).toEqual([expect.objectContaining({ path: '/currentPassword' })]);
      }
      const throttled = await requestChange(session, 'thief@example.jp').expect(429);

      expect(throttled.body.message).toMatch(/Too many failed password attempts/);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'stolen@example.jp', password: TEST_PASSWORD })
        .expect(429);
      const entries = await t.dataSource.query(
        `SELECT action, details, organization_id FROM audit_entries WHERE actor_user_id = $1 AND action LIKE 'user.email%' ORDER BY id`,
        [id],
      );
      expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
        ...Array(5).fill('user.email_change_refused'),
        'user.email_change_throttled',
      ]);
      expect(entries[0].details).toMatchObject({ reason: 'wrong_password' });
      // The log names the account whose password was being guessed.
      expect(entries[5].details).toEqual({ email: 'stolen@example.jp' });
      // Guesses at a staff member's password are for the municipality's auditor to see.
      expect(new Set(entries.map((entry: { organization_id: string }) => entry.organization_id))).toEqual(
        new Set([organizationId]),
      );
      expect(
        await t.dataSource.query(`SELECT count(*)::int AS count FROM email_changes WHERE user_id = $1`, [id]),
      ).toEqual([{ count: 0 }]);
      expect(sink.to('thief@example.jp')).toHaveLength(0);
    });

    it('lets the old address cancel the change with the link in its notice, once, ending the confirmation link', async () => {
      const { id } = await addUser(t, organizationId, 'owner@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'owner@example.jp');
      await requestChange(session, 'intruder@example.jp').expect(202);
      const token = await mailedToken('intruder@example.jp');
      const [notice] = await eventually(
        () => sink.to('owner@example.jp'),
        (found) => found.length > 0,
      );
      const cancelToken = /\/account\/email-cancel\/([A-Za-z0-9_-]{43})/.exec(notice.text)![1];

      await cancel(cancelToken).expect(204);
      await cancel(cancelToken).expect(410);
      await confirm(token).expect(410);
      await cancel(token).expect(404);
      await cancel('A'.repeat(43)).expect(404);
      await signIn(t, 'owner@example.jp');
      const entries = await t.dataSource.query(
        `SELECT action, organization_id, actor_user_id, details FROM audit_entries
          WHERE entity_id = $1 AND action LIKE 'user.email%' ORDER BY id`,
        [id],
      );
      expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
        'user.email_change_requested',
        'user.email_change_cancelled',
      ]);
      expect(entries[1]).toMatchObject({
        organization_id: organizationId,
        actor_user_id: id,
        details: { to: 'intruder@example.jp', via: 'notice_link' },
      });
    });

    it('refuses (409) an address another account took while the confirmation waited to write it', async () => {
      await addUser(t, organizationId, 'slow@example.jp', Role.PlanningDivision);
      const { id: otherId } = await addUser(t, organizationId, 'quick@example.jp', Role.PlanningDivision);
      await requestChange(await signIn(t, 'slow@example.jp'), 'contested@example.jp').expect(202);
      const token = await mailedToken('contested@example.jp');

      // The other account's own confirmation of the address, written but not yet committed: the check before the write
      // sees the address free, and the write waits on the unique index for the other to end.
      const other = t.dataSource.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      await other.query(`UPDATE users SET email = 'contested@example.jp' WHERE id = $1`, [otherId]);
      const confirmation = confirm(token).then((answer) => answer);
      const waiting = await lockWaitersOutsidePool(t.superuserUrl, 1);
      await other.commitTransaction();
      await other.release();

      expect(waiting).toBe(1);
      const answer = await confirmation;
      expect(answer.status).toBe(409);
      expect(answer.body.message).toBe('This address is the address of another account. Use another address.');
      expect(answer.body.details).toEqual([expect.objectContaining({ path: '/email' })]);
      await signIn(t, 'slow@example.jp');
    });

    it('lets the person take back the change they asked for, which ends its link; nothing left is a 409', async () => {
      const { id } = await addUser(t, organizationId, 'changing@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'changing@example.jp');
      const takeBack = () => t.http().delete('/api/v1/auth/email-change').set('Authorization', `Bearer ${session}`);
      await takeBack().expect(409);
      await requestChange(session, 'mind-changed@example.jp').expect(202);
      const token = await mailedToken('mind-changed@example.jp');

      await takeBack().expect(204);
      await takeBack().expect(409);
      await confirm(token).expect(410);
      const [entry] = await t.dataSource.query(
        `SELECT organization_id, actor_user_id, details FROM audit_entries
          WHERE entity_id = $1 AND action = 'user.email_change_cancelled'`,
        [id],
      );
      expect(entry).toMatchObject({
        organization_id: organizationId,
        actor_user_id: id,
        details: { to: 'mind-changed@example.jp', via: 'account_page' },
      });
    });

    it('shows in GET auth/me the change waiting for its link, until it is confirmed or taken back', async () => {
      await addUser(t, organizationId, 'pending@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'pending@example.jp');
      const me = async () =>
        (await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${session}`).expect(200)).body;
      expect(await me()).toMatchObject({ email: 'pending@example.jp', pendingEmailChange: null });

      const requested = await requestChange(session, 'Waiting@example.jp').expect(202);

      expect(await me()).toMatchObject({
        email: 'pending@example.jp',
        pendingEmailChange: { newEmail: 'waiting@example.jp', expiresAt: requested.body.expiresAt },
      });
      await t.http().delete('/api/v1/auth/email-change').set('Authorization', `Bearer ${session}`).expect(204);
      expect((await me()).pendingEmailChange).toBeNull();
      await requestChange(session, 'arrived@example.jp').expect(202);
      await confirm(await mailedToken('arrived@example.jp')).expect(204);
      expect(await me()).toMatchObject({ email: 'arrived@example.jp', pendingEmailChange: null });
    });

    it('ends a change asked for before a deactivation: neither of its links works after the reactivation', async () => {
      const { id } = await addUser(t, organizationId, 'paused@example.jp', Role.PlanningDivision);
      await requestChange(await signIn(t, 'paused@example.jp'), 'paused-elsewhere@example.jp').expect(202);
      const token = await mailedToken('paused-elsewhere@example.jp');
      const [notice] = await eventually(
        () => sink.to('paused@example.jp'),
        (found) => found.length > 0,
      );
      const cancelToken = /\/account\/email-cancel\/([A-Za-z0-9_-]{43})/.exec(notice.text)![1];
      const admin = { Authorization: `Bearer ${await signIn(t, adminEmail)}` };
      const account = `/api/v1/organizations/${organizationId}/users/${id}`;
      await t.http().post(`${account}/deactivate`).set(admin).expect(204);
      await t.http().post(`${account}/reactivate`).set(admin).expect(204);

      const ended = await confirm(token).expect(410);
      expect(ended.body.message).toMatch(/no longer valid/);
      await cancel(cancelToken).expect(410);
      const session = await signIn(t, 'paused@example.jp');
      expect((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${session}`)).body).toMatchObject({
        email: 'paused@example.jp',
        pendingEmailChange: null,
      });
    });

    it('ends an earlier request with a later one', async () => {
      await addUser(t, organizationId, 'twice@example.jp', Role.PlanningDivision);
      const session = await signIn(t, 'twice@example.jp');
      await requestChange(session, 'first@example.jp').expect(202);
      const first = await mailedToken('first@example.jp');
      await requestChange(session, 'second@example.jp').expect(202);
      const second = await mailedToken('second@example.jp');

      await confirm(first).expect(410);
      await confirm(second).expect(204);
      await signIn(t, 'second@example.jp');
    });
  });
});
