import { Role } from '../../src/access/role';
import { sentAtOnce, type Step } from '../support/lock-waits';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const NEW_PASSWORD = 'a passphrase chosen with the invitation';

/**
 * An answer to an invitation sent at the same moment as another step on the same invitation or account ends as if
 * sent one after the other: refused as it would be then (401, 409, 410), never a 500, never half done. An answer
 * locks the account first and the invitation after, as every step on an account locks the account before what goes
 * with it (src/accounts/account-links.ts). Each pair meets on every run: another transaction holds a row both wait
 * for while they are sent, each once the one before waits (see sentAtOnce), then lets them go.
 */
describe('Answers to an invitation at the same moment as other steps', () => {
  let t: TestApp;
  let asahikawa: { id: string; admin: string };
  let kushiro: { id: string; admin: string };
  let people = 0;
  const sink = new SmtpSink();

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      PASSWORD_RESET_MAX_REQUESTS_PER_IP: '1000',
    });
    const organizations = [];
    for (const [code, name] of [
      ['012041', '旭川市'],
      ['012068', '釧路市'],
    ]) {
      const { organizationId, adminEmail } = await seedOrganization(t, code, name);
      organizations.push({ id: organizationId, admin: await signIn(t, adminEmail) });
    }
    [asahikawa, kushiro] = organizations;
  });

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  /** Someone of 旭川市 of their own for each round, so that no round sees another's invitations or mails. */
  async function person(name: string): Promise<{ id: string; email: string; session: string }> {
    const email = newAddress(name);
    const { id } = await addUser(t, asahikawa.id, email, Role.PlanningDivision);
    return { id, email, session: await signIn(t, email) };
  }

  function newAddress(name: string): string {
    people += 1;
    return `${name}-${people}@example.jp`;
  }

  /** The organization invites the address as an expert: the invitation's id and the token its mail carries. */
  async function invited(organization: { id: string; admin: string }, email: string) {
    const tokensTo = () =>
      sink.to(email).flatMap((mail) => /\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? []);
    const before = tokensTo().length;
    const sent = await t
      .http()
      .post(`/api/v1/organizations/${organization.id}/users`)
      .set('Authorization', `Bearer ${organization.admin}`)
      .send({ email, roles: [{ role: Role.ExternalExpert }] })
      .expect(202);
    const tokens = await eventually(tokensTo, (found) => found.length > before);
    return { invitationId: sent.body.invitationId as string, token: tokens[before] };
  }

  /** The token of the first mail to the address holding such a link. */
  async function linkTo(address: string, pattern: RegExp): Promise<string> {
    const [link] = await eventually(
      () => sink.to(address).flatMap((mail) => pattern.exec(mail.text)?.[1] ?? []),
      (found) => found.length >= 1,
    );
    return link;
  }

  const accept = (session: string, token: string) => () =>
    t.http().post('/api/v1/invitations/accept').set('Authorization', `Bearer ${session}`).send({ token });
  const register = (token: string) => () =>
    t.http().post('/api/v1/invitations/register').send({ token, displayName: '新しい 委員', password: NEW_PASSWORD });
  /** The step, noting the message of its answer. */
  const noting =
    (messages: string[], step: () => PromiseLike<{ status: number; body: { message?: string } }>): Step =>
    () =>
      step().then((answer) => {
        messages.push(answer.body.message ?? '');
        return answer;
      });
  const revoke = (organization: { id: string; admin: string }, invitationId: string) => () =>
    t
      .http()
      .delete(`/api/v1/organizations/${organization.id}/invitations/${invitationId}`)
      .set('Authorization', `Bearer ${organization.admin}`);
  const deactivate = (userId: string) => () =>
    t
      .http()
      .post(`/api/v1/organizations/${asahikawa.id}/users/${userId}/deactivate`)
      .set('Authorization', `Bearer ${asahikawa.admin}`);

  const holding = (table: string, ...ids: string[]) => ids.map((id) => ({ table, id }));

  /** How many accounts the address has, and the organizations they hold roles in (sorted). */
  async function accountsOf(email: string): Promise<{ accounts: number; organizations: string[] }> {
    const [{ accounts, organizations }] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM users WHERE email = $1) AS accounts,
              ARRAY(SELECT DISTINCT m.organization_id::text FROM memberships m JOIN users u ON u.id = m.user_id
                     WHERE u.email = $1) AS organizations`,
      [email],
    );
    return { accounts, organizations: organizations.sort() };
  }

  const statusOf = async (invitationId: string): Promise<string> => {
    const [{ status }] = await t.dataSource.query(
      `SELECT CASE WHEN accepted_at IS NOT NULL THEN 'accepted' WHEN revoked_at IS NOT NULL THEN 'revoked'
                   ELSE 'pending' END AS status
         FROM invitations WHERE id = $1`,
      [invitationId],
    );
    return status;
  };

  it('answers an invitation once when it is accepted twice, or accepted and revoked, at the same moment', async () => {
    const rounds: { steps: 'twice' | 'accept-revoke' | 'revoke-accept'; statuses: number[]; status: string }[] = [
      { steps: 'twice', statuses: [200, 410], status: 'accepted' },
      { steps: 'accept-revoke', statuses: [200, 409], status: 'accepted' },
      { steps: 'revoke-accept', statuses: [204, 410], status: 'revoked' },
    ];
    for (const round of rounds) {
      const { email, session } = await person('answering');
      const { invitationId, token } = await invited(kushiro, email);
      const steps: Record<typeof round.steps, Step[]> = {
        twice: [accept(session, token), accept(session, token)],
        'accept-revoke': [accept(session, token), revoke(kushiro, invitationId)],
        'revoke-accept': [revoke(kushiro, invitationId), accept(session, token)],
      };

      expect(await sentAtOnce(t.superuserUrl, holding('invitations', invitationId), ...steps[round.steps])).toEqual(
        round.statuses,
      );

      expect(await statusOf(invitationId)).toBe(round.status);
      expect((await accountsOf(email)).organizations).toEqual(
        [asahikawa.id, ...(round.status === 'accepted' ? [kushiro.id] : [])].sort(),
      );
    }
  });

  it('gives no role to an account deactivated at the moment it accepts: its session has ended (401)', async () => {
    for (let round = 0; round < 3; round++) {
      const { id, email, session } = await person('leaving');
      const { invitationId, token } = await invited(kushiro, email);

      expect(await sentAtOnce(t.superuserUrl, holding('users', id), deactivate(id), accept(session, token))).toEqual([
        204, 401,
      ]);

      expect(await statusOf(invitationId)).toBe('pending');
      expect((await accountsOf(email)).organizations).toEqual([asahikawa.id]);
    }
  });

  it("keeps in use an account that joins another organization at the moment it is deactivated: that's a 409", async () => {
    for (let round = 0; round < 3; round++) {
      const { id, email, session } = await person('joining');
      const { invitationId, token } = await invited(kushiro, email);

      const statuses = await sentAtOnce(t.superuserUrl, holding('users', id), accept(session, token), deactivate(id));

      // Refused as it is for anyone with roles in another organization: neither could reactivate the account.
      expect(statuses).toEqual([200, 409]);
      expect(await statusOf(invitationId)).toBe('accepted');
      expect((await accountsOf(email)).organizations).toEqual([asahikawa.id, kushiro.id].sort());
      expect((await t.dataSource.query(`SELECT deactivated_at FROM users WHERE id = $1`, [id]))[0]).toEqual({
        deactivated_at: null,
      });
    }
  });

  it("makes one account when two municipalities' invitations to a new address are used at once: the other is a 409", async () => {
    for (let round = 0; round < 3; round++) {
      const email = newAddress('newcomer');
      const invitations = [await invited(asahikawa, email), await invited(kushiro, email)];

      const messages: string[] = [];

      const statuses = await sentAtOnce(
        t.superuserUrl,
        holding('invitations', ...invitations.map(({ invitationId }) => invitationId)),
        ...invitations.map(({ token }) => noting(messages, register(token))),
      );

      // Which of the two makes the account is not told: both wait for their invitation and go on at once.
      expect([...statuses].sort()).toEqual([201, 409]);
      expect(messages).toContainEqual(expect.stringMatching(/has an account already: sign in with it/));
      const { accounts, organizations: joined } = await accountsOf(email);
      expect(accounts).toBe(1);
      expect(joined).toHaveLength(1);
      // The other invitation is still open, for the account made to accept once signed in.
      const other = invitations[joined[0] === asahikawa.id ? 1 : 0];
      expect(await statusOf(other.invitationId)).toBe('pending');
      const session = await signIn(t, email, NEW_PASSWORD);
      expect((await accept(session, other.token)()).status).toBe(200);
    }
  });

  it('makes no account for an invited address another account takes at the same moment: a 409', async () => {
    for (let round = 0; round < 3; round++) {
      const { id, email, session } = await person('moving');
      const newEmail = newAddress('taken');
      await t
        .http()
        .post('/api/v1/auth/email-change')
        .set('Authorization', `Bearer ${session}`)
        .send({ email: newEmail, currentPassword: TEST_PASSWORD })
        .expect(202);
      const change = await linkTo(newEmail, /\/account\/email\/([A-Za-z0-9_-]{43})/);
      const { token } = await invited(kushiro, newEmail);
      // A reset link of the moving account, held: the confirmation waits for it (it ends the account's reset links)
      // with the new address written, so the registration meets the address taken but not yet committed.
      await t.http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
      await linkTo(email, /\/password-reset\/([A-Za-z0-9_-]{43})/);
      const [{ id: resetId }] = await t.dataSource.query('SELECT id FROM password_resets WHERE user_id = $1', [id]);

      const messages: string[] = [];

      const statuses = await sentAtOnce(
        t.superuserUrl,
        holding('password_resets', resetId),
        () => t.http().post('/api/v1/auth/email-change/confirm').send({ token: change }),
        noting(messages, register(token)),
      );

      expect(statuses).toEqual([204, 409]);
      expect(messages).toEqual([expect.stringMatching(/has an account already: sign in with it/)]);
      expect(await accountsOf(newEmail)).toEqual({ accounts: 1, organizations: [asahikawa.id] });
    }
  });
});
