import { Role } from '../../src/access/role';
import { holdRow, lockWaitersOutsidePool } from '../support/lock-waits';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

describe('Memberships: an organization always keeps an administrator', () => {
  let t: TestApp;
  let cast: Cast;
  const admin = () => ({ Authorization: `Bearer ${cast.tokens.admin}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const administratorMemberships = async (token = cast.tokens.admin) =>
    (
      await t
        .http()
        .get(api('/users'))
        .set({ Authorization: `Bearer ${token}` })
        .expect(200)
    ).body.flatMap((user: { memberships: { id: string; role: Role }[] }) =>
      user.memberships.filter((membership) => membership.role === Role.Administrator),
    ) as { id: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('revokes a role once when the same removal is sent six times at once: one 204, the rest 404, one audit entry', async () => {
    const granted = await t
      .http()
      .post(api(`/users/${cast.userIds.owner}/memberships`))
      .set(admin())
      .send({ role: Role.PlanningDivision })
      .expect(201);
    const membershipId: string = granted.body.id;

    // Another transaction holds the membership's row, so the removals find it and wait to remove it: as many as the
    // pool of four connections lets in beside it (the rest read it once the first has removed it).
    const other = await holdRow(t.dataSource, 'memberships', membershipId);
    const removals = Array.from({ length: 6 }, () =>
      t
        .http()
        .delete(api(`/memberships/${membershipId}`))
        .set(admin())
        .then((answer) => answer.status),
    );
    const waiting = await lockWaitersOutsidePool(t.superuserUrl, 3);
    await other.rollbackTransaction();
    await other.release();

    expect(waiting).toBe(3);
    expect((await Promise.all(removals)).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    const entries = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'membership.revoked' AND entity_id = $1`,
      [cast.userIds.owner],
    );
    expect(entries).toEqual([{ details: expect.objectContaining({ membershipId }) }]);
  });

  it('refuses to remove the last administrator (409), and allows it once there is another', async () => {
    const [only] = await administratorMemberships();
    const refused = await t
      .http()
      .delete(api(`/memberships/${only.id}`))
      .set(admin())
      .expect(409);
    expect(refused.body.message).toContain('最後のシステム管理者');
    expect(await administratorMemberships()).toHaveLength(1);

    await t
      .http()
      .post(api(`/users/${cast.userIds.planner}/memberships`))
      .set(admin())
      .send({ role: Role.Administrator })
      .expect(201);
    await t
      .http()
      .delete(api(`/memberships/${only.id}`))
      .set(admin())
      .expect(204);
    // The former administrator is no member any more; the new one is the only administrator.
    expect(await administratorMemberships(cast.tokens.planner)).toHaveLength(1);
  });
});

describe('Memberships by invitation: nobody joins an organization without accepting', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiro: string;
  let kushiroAdmin: string;
  const sink = new SmtpSink();
  const admin = () => ({ Authorization: `Bearer ${cast.tokens.admin}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const KUSHIRO_ADMIN = 'admin@012068.example.jp';

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    kushiroAdmin = await signIn(t, KUSHIRO_ADMIN);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const invite = (email: string, roles: object[] = [{ role: Role.ExternalExpert }]) =>
    t.http().post(api('/users')).set(admin()).send({ email, roles });

  /** The token of the link in the last invitation mail to the address, once the worker has sent the `count`th. */
  async function linkTokenFor(address: string, count = 1): Promise<string> {
    const mails = await eventually(
      () => sink.to(address),
      (received) => received.length >= count,
    );
    const link = /https?:\/\/\S+\/invitations\/([A-Za-z0-9_-]{43})/.exec(mails.at(-1)!.text);
    expect(link).not.toBeNull();
    return link![1];
  }

  const memberEmails = async () =>
    (await t.http().get(api('/users')).set(admin()).expect(200)).body.map((user: { email: string }) => user.email);

  const accountCount = async (email: string) =>
    (await t.dataSource.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [email]))[0].count;

  it("answers adding another municipality's administrator exactly as adding an unknown address, and adds neither", async () => {
    const existing = await invite(KUSHIRO_ADMIN, [{ role: Role.Administrator }]).expect(202);
    const unknown = await invite('nobody@example.jp', [{ role: Role.Administrator }]).expect(202);

    const answer = (email: string) => ({
      message: `An invitation was sent to ${email}.`,
      invitationId: expect.any(String),
      email,
      expiresAt: expect.any(String),
    });
    expect(existing.body).toEqual(answer(KUSHIRO_ADMIN));
    expect(unknown.body).toEqual(answer('nobody@example.jp'));
    expect(Object.keys(existing.body)).toEqual(Object.keys(unknown.body));

    expect(await memberEmails()).not.toEqual(expect.arrayContaining([KUSHIRO_ADMIN]));
    await t.http().get(api('/users')).set(bearer(kushiroAdmin)).expect(404);
    const theirs = await t.http().get('/api/v1/organizations').set(bearer(kushiroAdmin)).expect(200);
    expect(theirs.body.map((organization: { id: string }) => organization.id)).toEqual([kushiro]);
    expect(await accountCount('nobody@example.jp')).toBe(0);
  });

  it('mails a link that makes the invitee a member with the requested roles once they accept, signed in as themselves', async () => {
    const email = 'expert@kushiro.example.jp';
    await addUser(t, kushiro, email, Role.ExternalExpert);
    const invitee = await signIn(t, email);
    await invite(email, [
      { role: Role.ExternalExpert },
      { role: Role.ProjectOwner, departmentId: cast.departmentId },
    ]).expect(202);

    const token = await linkTokenFor(email);
    const mail = sink.to(email).at(-1)!;
    expect(mail.subject).toBe('【招待】旭川市の効果検証システムへの招待');
    expect(mail.text).toContain('「外部有識者、事業担当課(経済部)」');
    // The token lives in the mail only; the database keeps its hash.
    const [stored] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM invitations WHERE token_hash = encode(sha256(convert_to($1::text, 'UTF8')), 'hex')) AS hashed,
              (SELECT count(*)::int FROM invitations WHERE token_hash = $1::text) AS plain,
              (SELECT count(*)::int FROM notification_outbox WHERE payload::text LIKE '%' || $1::text || '%') AS in_outbox`,
      [token],
    );
    expect(stored).toEqual({ hashed: 1, plain: 0, in_outbox: 0 });
    expect(await memberEmails()).not.toContain(email);

    await t.http().post('/api/v1/invitations/accept').send({ token }).expect(401);
    const someoneElse = await t
      .http()
      .post('/api/v1/invitations/accept')
      .set(bearer(cast.tokens.planner))
      .send({ token })
      .expect(403);
    expect(someoneElse.body.message).toMatch(/another e-mail address/);
    expect(await memberEmails()).not.toContain(email);

    const accepted = await t.http().post('/api/v1/invitations/accept').set(bearer(invitee)).send({ token }).expect(200);
    expect(accepted.body.organizationId).toBe(cast.organizationId);
    expect(
      accepted.body.memberships.map((membership: { role: string; departmentId: string | null }) => [
        membership.role,
        membership.departmentId,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [Role.ExternalExpert, null],
        [Role.ProjectOwner, cast.departmentId],
      ]),
    );
    expect(accepted.body.memberships).toHaveLength(2);
    expect(await memberEmails()).toContain(email);
    await t.http().get(`/api/v1/organizations/${cast.organizationId}/departments`).set(bearer(invitee)).expect(200);

    const reused = await t.http().post('/api/v1/invitations/accept').set(bearer(invitee)).send({ token }).expect(410);
    expect(reused.body.message).toMatch(/already been accepted.*works once/);
  });

  it('lets a new person set their name and password: the account and the membership are made on accepting', async () => {
    const email = 'newcomer@example.jp';
    await invite(email, [{ role: Role.PlanningDivision }]).expect(202);
    const token = await linkTokenFor(email);
    expect(await accountCount(email)).toBe(0);

    const weak = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: '新人 花子', password: 'short' })
      .expect(400);
    expect(weak.body.details).toEqual([expect.objectContaining({ path: '/password' })]);
    expect(await accountCount(email)).toBe(0);

    const joined = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: '新人 花子', password: TEST_PASSWORD })
      .expect(201);
    expect(joined.body.memberships.map((membership: { role: string }) => membership.role)).toEqual([
      Role.PlanningDivision,
    ]);
    const newcomer = await signIn(t, email);
    const theirs = await t.http().get('/api/v1/organizations').set(bearer(newcomer)).expect(200);
    expect(theirs.body).toEqual([expect.objectContaining({ id: cast.organizationId, roles: [Role.PlanningDivision] })]);
    expect(await memberEmails()).toContain(email);

    const again = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: '乗っ取り', password: 'another password 123' })
      .expect(410);
    expect(again.body.message).toMatch(/already been accepted/);
  });

  it('refuses an expired, a revoked, a declined and an unknown link with a message that says which', async () => {
    const register = (token: string) =>
      t.http().post('/api/v1/invitations/register').send({ token, displayName: '誰か', password: TEST_PASSWORD });

    await invite('late@example.jp').expect(202);
    const late = await linkTokenFor('late@example.jp');
    await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [
      'late@example.jp',
    ]);
    expect((await register(late).expect(410)).body.message).toMatch(/expired.*invite you again/);

    const sent = await invite('withdrawn@example.jp').expect(202);
    const withdrawn = await linkTokenFor('withdrawn@example.jp');
    await t
      .http()
      .delete(api(`/invitations/${sent.body.invitationId}`))
      .set(admin())
      .expect(204);
    expect((await register(withdrawn).expect(410)).body.message).toMatch(/withdrawn/);
    await t
      .http()
      .delete(api(`/invitations/${sent.body.invitationId}`))
      .set(admin())
      .expect(409);

    await invite('no-thanks@example.jp').expect(202);
    const declined = await linkTokenFor('no-thanks@example.jp');
    await t.http().post('/api/v1/invitations/decline').send({ token: declined }).expect(204);
    expect((await register(declined).expect(410)).body.message).toMatch(/declined/);

    expect((await register('A'.repeat(43)).expect(404)).body.message).toMatch(/not valid/);
    await register('not-a-token').expect(400);

    for (const email of ['late@example.jp', 'withdrawn@example.jp', 'no-thanks@example.jp'])
      expect(await accountCount(email)).toBe(0);
    const statuses = (await t.http().get(api('/invitations')).set(admin()).expect(200)).body.map(
      (invitation: { email: string; status: string }) => [invitation.email, invitation.status],
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['late@example.jp', 'expired'],
        ['withdrawn@example.jp', 'revoked'],
        ['no-thanks@example.jp', 'declined'],
        ['newcomer@example.jp', 'accepted'],
        ['nobody@example.jp', 'pending'],
      ]),
    );
  });

  it('invites neither a current member nor an address with an open invitation, and checks the roles first', async () => {
    expect((await invite('planner@example.jp').expect(409)).body.message).toMatch(/member of this organization/);
    // A member whose account is deactivated is told apart: reactivating them is the way back, not a new invitation.
    await t.dataSource.query(`UPDATE users SET deactivated_at = now() WHERE email = 'approver@example.jp'`);
    try {
      expect((await invite('approver@example.jp').expect(409)).body.message).toMatch(
        /member of this organization whose account is deactivated; reactivate it/,
      );
    } finally {
      await t.dataSource.query(`UPDATE users SET deactivated_at = NULL WHERE email = 'approver@example.jp'`);
    }
    expect((await invite('nobody@example.jp').expect(409)).body.message).toMatch(/still open/);
    const missing = await invite('owner2@example.jp', [{ role: Role.ProjectOwner }]).expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ path: '/departmentId' })]);
    await t
      .http()
      .post(api('/users'))
      .set(admin())
      .send({ email: 'x@example.jp', roles: [{ role: Role.ExternalExpert }], password: 'not any more 123' })
      .expect(400);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM invitations WHERE email IN ('owner2@example.jp', 'x@example.jp')`,
    );
    expect(count).toBe(0);
  });

  it('opens one invitation when the same address is invited six times at once: one 202, the rest 409', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => invite('six-at-once@example.jp')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM invitations WHERE email = 'six-at-once@example.jp'`,
    );
    expect(count).toBe(1);
  });

  it('supersedes the older unanswered invitation to the address once a newer one is accepted, and closes its link', async () => {
    const email = 'second-try@example.jp';
    const first = await invite(email, [{ role: Role.ExternalExpert }]).expect(202);
    const older = await linkTokenFor(email);
    await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      first.body.invitationId,
    ]);
    const second = await invite(email, [{ role: Role.PlanningDivision }]).expect(202);
    const newer = await linkTokenFor(email, 2);

    await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token: newer, displayName: '再挑戦 次郎', password: TEST_PASSWORD })
      .expect(201);

    const listed = (await t.http().get(api('/invitations')).set(admin()).expect(200)).body.filter(
      (invitation: { email: string }) => invitation.email === email,
    );
    expect(listed).toEqual([
      expect.objectContaining({ id: second.body.invitationId, status: 'accepted' }),
      expect.objectContaining({
        id: first.body.invitationId,
        status: 'superseded',
        statusLabel: '別の招待で参加済み',
        answeredAt: expect.any(String),
      }),
    ]);
    const reused = await t.http().post('/api/v1/invitations/decline').send({ token: older }).expect(410);
    expect(reused.body.message).toMatch(/joined the organization through another invitation/);
    const superseded = await t.dataSource.query(
      `SELECT entity_id, actor_user_id IS NOT NULL AS by_person, details->>'acceptedInvitationId' AS accepted
         FROM audit_entries WHERE action = 'invitation.superseded' AND organization_id = $1`,
      [cast.organizationId],
    );
    expect(superseded).toEqual([
      { entity_id: first.body.invitationId, by_person: true, accepted: second.body.invitationId },
    ]);
  });

  it('sends a pending or expired invitation again with a new link and expiry, tells the earlier link so, and refuses an answered one', async () => {
    const email = 'mail-lost@example.jp';
    const sent = await invite(email).expect(202);
    const resend = (invitationId: string, as = admin()) =>
      t
        .http()
        .post(api(`/invitations/${invitationId}/resend`))
        .set(as);
    const first = await linkTokenFor(email);
    await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      sent.body.invitationId,
    ]);

    await resend(sent.body.invitationId, bearer(cast.tokens.planner)).expect(403);
    const again = await resend(sent.body.invitationId).expect(202);
    expect(again.body).toEqual({
      message: `The invitation was sent again to ${email}; the link in the earlier mail no longer works.`,
      invitationId: sent.body.invitationId,
      email,
      expiresAt: expect.any(String),
    });
    expect(new Date(again.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const second = await linkTokenFor(email, 2);
    expect(second).not.toBe(first);
    expect(sink.to(email).map((mail) => mail.subject)).toEqual([
      '【招待】旭川市の効果検証システムへの招待',
      '【再送】旭川市の効果検証システムへの招待',
    ]);
    const register = (token: string) =>
      t.http().post('/api/v1/invitations/register').send({ token, displayName: '再送 三郎', password: TEST_PASSWORD });
    expect((await register(first).expect(410)).body.message).toBe(
      'This invitation was sent again, so the link in this earlier mail no longer works: open the link in the newest invitation mail.',
    );
    await register(second).expect(201);
    // Answered since, the earlier link says so, as the newest one does.
    expect((await register(first).expect(410)).body.message).toMatch(/already been accepted/);

    expect((await resend(sent.body.invitationId).expect(409)).body.message).toMatch(
      /was accepted already: only an invitation still waiting for an answer can be sent again/,
    );
    const withdrawn = await invite('withdrawn-again@example.jp').expect(202);
    await t
      .http()
      .delete(api(`/invitations/${withdrawn.body.invitationId}`))
      .set(admin())
      .expect(204);
    expect((await resend(withdrawn.body.invitationId).expect(409)).body.message).toMatch(/was revoked already/);
    await resend('00000000-0000-4000-8000-000000000000').expect(404);

    const audited = await t.dataSource.query(
      `SELECT details->>'email' AS email, details->>'expiresAt' AS "expiresAt"
         FROM audit_entries WHERE action = 'invitation.resent' AND entity_id = $1`,
      [sent.body.invitationId],
    );
    expect(audited).toEqual([{ email, expiresAt: again.body.expiresAt }]);
  });

  it('audits every step in the organization’s log', async () => {
    const actions = await t.dataSource.query(
      `SELECT DISTINCT action FROM audit_entries WHERE entity_type = 'invitation' AND organization_id = $1 ORDER BY action`,
      [cast.organizationId],
    );
    expect(actions.map((row: { action: string }) => row.action)).toEqual([
      'invitation.accepted',
      'invitation.created',
      'invitation.declined',
      'invitation.resent',
      'invitation.revoked',
      'invitation.superseded',
    ]);
  });
});
