import { Role } from '../../src/access/role';
import { sentAtOnce, type Step } from '../support/lock-waits';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const RESET_PASSWORD = 'a passphrase set with the link';
const OTHER_RESET_PASSWORD = 'another passphrase set with the other link';

/**
 * Two steps on one account sent at once end as if sent one after the other: the first takes the account, the second
 * finds what the first left and is refused as it would be then (409, 410) or done after it; never a 500, never half
 * done. Each pair meets on every run: another transaction holds the account's row while they are sent, each once the
 * one before waits for it (so the first sent is the first to go on), then lets them go.
 */
describe('Steps on one account at once', () => {
  let t: TestApp;
  let organizationId: string;
  let adminToken: string;
  let people = 0;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      PASSWORD_RESET_MAX_REQUESTS_PER_IP: '1000',
    });
    let adminEmail: string;
    ({ organizationId, adminEmail } = await seedOrganization(t, '012041', '旭川市'));
    adminToken = await signIn(t, adminEmail);
  });

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  /** Someone of their own for each round, so that no round sees another's links or mails. */
  async function person(name: string): Promise<{ id: string; email: string; session: string }> {
    people += 1;
    const email = `${name}-${people}@example.jp`;
    const { id } = await addUser(t, organizationId, email, Role.PlanningDivision);
    return { id, email, session: await signIn(t, email) };
  }

  /** The statuses of the steps, in the order sent, sent as said above. */
  const atOnce = (userId: string, ...steps: Step[]) =>
    sentAtOnce(t.superuserUrl, [{ table: 'users', id: userId }], ...steps);

  /** The token of the `nth` mail to the address holding such a link. */
  const linkIn = (pattern: RegExp) => async (address: string, nth: number) => {
    const links = await eventually(
      () => sink.to(address).flatMap((mail) => pattern.exec(mail.text)?.[1] ?? []),
      (found) => found.length >= nth,
    );
    return links[nth - 1];
  };
  const resetLink = linkIn(/\/password-reset\/([A-Za-z0-9_-]{43})/);
  const confirmationLink = linkIn(/\/account\/email\/([A-Za-z0-9_-]{43})/);

  const askReset = (email: string) => t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
  const completeReset = (token: string, password: string) => () =>
    t.http().post('/api/v1/auth/password-reset/complete').send({ token, password });
  const requestChange = (session: string, email: string) => () =>
    t
      .http()
      .post('/api/v1/auth/email-change')
      .set('Authorization', `Bearer ${session}`)
      .send({ email, currentPassword: TEST_PASSWORD });
  const confirmChange = (token: string) => () => t.http().post('/api/v1/auth/email-change/confirm').send({ token });
  const takeBackChange = (session: string) => () =>
    t.http().delete('/api/v1/auth/email-change').set('Authorization', `Bearer ${session}`);
  const deactivate = (userId: string) => () =>
    t
      .http()
      .post(`/api/v1/organizations/${organizationId}/users/${userId}/deactivate`)
      .set('Authorization', `Bearer ${adminToken}`);

  /** What the audit log says happened to the account since it was added, oldest first. */
  async function auditedOf(userId: string): Promise<string[]> {
    const rows: { action: string }[] = await t.dataSource.query(
      `SELECT action FROM audit_entries
        WHERE entity_id = $1 AND action NOT IN ('user.created', 'membership.granted') AND action NOT LIKE 'auth.login_%'
        ORDER BY id`,
      [userId],
    );
    return rows.map((row) => row.action);
  }

  async function openLinksOf(userId: string): Promise<{ resets: number; changes: number }> {
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM password_resets WHERE user_id = $1 AND used_at IS NULL) AS resets,
              (SELECT count(*)::int FROM email_changes WHERE user_id = $1 AND used_at IS NULL) AS changes`,
      [userId],
    );
    return counts;
  }

  const signsIn = (email: string, password: string) =>
    t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password })
      .then((answer) => answer.status);

  it('uses one of two reset links used at once (the person asked twice): the other is a 410', async () => {
    for (let round = 0; round < 3; round++) {
      const { id, email } = await person('twice');
      await askReset(email);
      await askReset(email);
      const [first, second] = [await resetLink(email, 1), await resetLink(email, 2)];

      expect(
        await atOnce(id, completeReset(first, RESET_PASSWORD), completeReset(second, OTHER_RESET_PASSWORD)),
      ).toEqual([204, 410]);

      expect(await auditedOf(id)).toEqual([
        'auth.password_reset_requested',
        'auth.password_reset_requested',
        'auth.password_reset',
      ]);
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 0 });
      expect(await signsIn(email, RESET_PASSWORD)).toBe(200);
    }
  });

  it('deactivates an account whose reset link is used at the same moment, before or after the new password', async () => {
    for (const deactivationFirst of [true, false, true, false]) {
      const { id, email } = await person('leaving');
      await askReset(email);
      const link = await resetLink(email, 1);
      const steps = [deactivate(id), completeReset(link, RESET_PASSWORD)];

      const statuses = await atOnce(id, ...(deactivationFirst ? steps : steps.reverse()));

      expect(statuses).toEqual(deactivationFirst ? [204, 410] : [204, 204]);
      expect(await auditedOf(id)).toEqual(
        deactivationFirst
          ? ['auth.password_reset_requested', 'user.deactivated']
          : ['auth.password_reset_requested', 'auth.password_reset', 'user.deactivated'],
      );
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 0 });
      // The right password of a deactivated account is told so (403): the password it has is the one expected.
      expect(await signsIn(email, deactivationFirst ? TEST_PASSWORD : RESET_PASSWORD)).toBe(403);
    }
  });

  it('deactivates an account whose change of address is confirmed at the same moment, before or after it', async () => {
    for (const deactivationFirst of [true, false, true, false]) {
      const { id, email, session } = await person('relocating');
      const newEmail = `relocated-${id}@example.jp`;
      await requestChange(session, newEmail)().then((answer) => expect(answer.status).toBe(202));
      const link = await confirmationLink(newEmail, 1);
      const steps = [deactivate(id), confirmChange(link)];

      const statuses = await atOnce(id, ...(deactivationFirst ? steps : steps.reverse()));

      expect(statuses).toEqual(deactivationFirst ? [204, 410] : [204, 204]);
      expect(await auditedOf(id)).toEqual(
        deactivationFirst
          ? ['user.email_change_requested', 'user.deactivated']
          : ['user.email_change_requested', 'user.email_changed', 'user.deactivated'],
      );
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 0 });
      expect(await signsIn(deactivationFirst ? email : newEmail, TEST_PASSWORD)).toBe(403);
    }
  });

  it('takes back a change of address confirmed at the same moment, or says it was confirmed (409)', async () => {
    for (const takenBackFirst of [true, false, true, false]) {
      const { id, email, session } = await person('undecided');
      const newEmail = `moved-${id}@example.jp`;
      await requestChange(session, newEmail)().then((answer) => expect(answer.status).toBe(202));
      const link = await confirmationLink(newEmail, 1);
      const steps = [takeBackChange(session), confirmChange(link)];

      const statuses = await atOnce(id, ...(takenBackFirst ? steps : steps.reverse()));

      expect(statuses).toEqual(takenBackFirst ? [204, 410] : [204, 409]);
      expect(await auditedOf(id)).toEqual([
        'user.email_change_requested',
        takenBackFirst ? 'user.email_change_cancelled' : 'user.email_changed',
      ]);
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 0 });
      expect(await signsIn(takenBackFirst ? email : newEmail, TEST_PASSWORD)).toBe(200);
    }
  });

  it('asks for a second change of address while the first is confirmed: the later one ends or follows it', async () => {
    for (const secondFirst of [true, false, true, false]) {
      const { id, email, session } = await person('moving');
      const [firstEmail, secondEmail] = [`first-${id}@example.jp`, `second-${id}@example.jp`];
      await requestChange(session, firstEmail)().then((answer) => expect(answer.status).toBe(202));
      const link = await confirmationLink(firstEmail, 1);
      const steps = [requestChange(session, secondEmail), confirmChange(link)];

      const statuses = await atOnce(id, ...(secondFirst ? steps : steps.reverse()));

      expect(statuses).toEqual(secondFirst ? [202, 410] : [204, 202]);
      expect(await auditedOf(id)).toEqual(
        secondFirst
          ? ['user.email_change_requested', 'user.email_change_requested']
          : ['user.email_change_requested', 'user.email_changed', 'user.email_change_requested'],
      );
      // The second change waits for its own link either way.
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 1 });
      expect(await signsIn(secondFirst ? email : firstEmail, TEST_PASSWORD)).toBe(200);
    }
  });

  it('confirms a change of address while a reset link mailed to the old address is used: one after the other', async () => {
    for (const confirmedFirst of [true, false, true, false]) {
      const { id, email, session } = await person('resetting');
      const newEmail = `new-${id}@example.jp`;
      await requestChange(session, newEmail)().then((answer) => expect(answer.status).toBe(202));
      const change = await confirmationLink(newEmail, 1);
      await askReset(email);
      const reset = await resetLink(email, 1);
      const steps = [confirmChange(change), completeReset(reset, RESET_PASSWORD)];

      const statuses = await atOnce(id, ...(confirmedFirst ? steps : steps.reverse()));

      // The address change ends the links mailed to the old address; a new password leaves the change be.
      expect(statuses).toEqual(confirmedFirst ? [204, 410] : [204, 204]);
      expect(await auditedOf(id)).toEqual(
        confirmedFirst
          ? ['user.email_change_requested', 'auth.password_reset_requested', 'user.email_changed']
          : [
              'user.email_change_requested',
              'auth.password_reset_requested',
              'auth.password_reset',
              'user.email_changed',
            ],
      );
      expect(await openLinksOf(id)).toEqual({ resets: 0, changes: 0 });
      expect(await signsIn(newEmail, confirmedFirst ? TEST_PASSWORD : RESET_PASSWORD)).toBe(200);
    }
  });

  /** The statuses of the steps, in the order sent, the rows of both accounts held while they are sent. */
  const atOnceOnBoth = (accounts: { id: string }[], ...steps: Step[]) =>
    sentAtOnce(
      t.superuserUrl,
      accounts.map(({ id }) => ({ table: 'users', id })),
      ...steps,
    );

  const addressesOf = (accounts: { id: string }[]) =>
    Promise.all(
      accounts.map(async ({ id }) => {
        const [{ email }]: { email: string }[] = await t.dataSource.query('SELECT email FROM users WHERE id = $1', [
          id,
        ]);
        return email;
      }),
    );

  // Each step locks no account but its own (another's address is read, not locked), so that two accounts at once
  // never wait for each other's row while holding their own.
  it("refuses both of two accounts asking at once for each other's address (409), never deadlocked", async () => {
    for (let round = 0; round < 3; round++) {
      const [one, other] = [await person('swapping'), await person('swapping')];

      const statuses = await atOnceOnBoth(
        [one, other],
        requestChange(one.session, other.email),
        requestChange(other.session, one.email),
      );

      expect(statuses).toEqual([409, 409]);
      expect([await openLinksOf(one.id), await openLinksOf(other.id)]).toEqual([
        { resets: 0, changes: 0 },
        { resets: 0, changes: 0 },
      ]);
    }
  });

  it("refuses both of two changes confirmed at once that take each other's address (409), never deadlocked", async () => {
    for (let round = 0; round < 3; round++) {
      const [one, other] = [await person('crossing'), await person('crossing')];
      const links: string[] = [];
      for (const { id, session } of [one, other]) {
        await requestChange(session, `asked-${id}@example.jp`)().then((answer) => expect(answer.status).toBe(202));
        links.push(await confirmationLink(`asked-${id}@example.jp`, 1));
      }
      // Each change now asks for the other's address: what a request leaves that was checked while the other account
      // was confirming its change to that address (not committed yet, so not seen).
      await t.dataSource.query(
        `UPDATE email_changes AS change SET new_email = other.email FROM users AS other
          WHERE (change.user_id, other.id) IN (($1, $2), ($2, $1))`,
        [one.id, other.id],
      );

      const statuses = await atOnceOnBoth([one, other], confirmChange(links[0]), confirmChange(links[1]));

      expect(statuses).toEqual([409, 409]);
      expect(await addressesOf([one, other])).toEqual([one.email, other.email]);
      expect(await auditedOf(one.id)).toEqual(['user.email_change_requested']);
    }
  });
});
