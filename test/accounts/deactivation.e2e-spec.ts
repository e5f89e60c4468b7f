import { Role } from '../../src/access/role';
import { SESSION_COOKIE } from '../../src/auth/session-cookie';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import {
  addUser,
  createTestApp,
  seedOrganization,
  sessionCookie,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../support/test-app';
import { PageTab, sendPageForm, shownText } from '../web/support/page-forms';

/** An administrator deactivates the account of someone who left; the account and its history stay. */
describe('Deactivating an account', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const login = (email: string, password = TEST_PASSWORD) =>
    t.http().post('/api/v1/auth/login').send({ email, password });
  const member = async (userId: string) =>
    ((await t.http().get(api('/users')).set(as('admin')).expect(200)).body as any[]).find((user) => user.id === userId);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('refuses sign-in with a clear message, and refuses the tokens issued before', async () => {
    const oldToken = cast.tokens.expertB;
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/deactivate`))
      .set(as('planner'))
      .expect(403);
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/deactivate`))
      .set(as('admin'))
      .expect(204);

    await t
      .http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${oldToken}` })
      .expect(401);
    const page = await t.http().get('/').set('Cookie', `${SESSION_COOKIE}=${oldToken}`).expect(303);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    const refused = await login('expertb@example.jp').expect(403);
    expect(refused.body.message).toMatch(/deactivated by an administrator/);
    // A wrong password still learns nothing about the account.
    const wrong = await login('expertb@example.jp', 'not the password').expect(401);
    expect(wrong.body.message).toBe('Invalid email or password.');

    const [{ revoked }] = await t.dataSource.query(
      `SELECT count(*)::int AS revoked FROM sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`,
      [cast.userIds.expertB],
    );
    expect(revoked).toBeGreaterThan(0);
    // History kept: the person is still listed with their role, as deactivated.
    expect(await member(cast.userIds.expertB)).toMatchObject({
      isActive: false,
      memberships: [expect.objectContaining({ role: Role.ExternalExpert })],
    });
    const [audit] = await t.dataSource.query(
      `SELECT organization_id, actor_user_id, details FROM audit_entries WHERE action = 'user.deactivated'`,
    );
    expect(audit).toEqual({
      organization_id: cast.organizationId,
      actor_user_id: cast.userIds.admin,
      details: { email: 'expertb@example.jp' },
    });
  });

  it('asks for confirmation on the member page before deactivating, as other irreversible actions do', async () => {
    const person = await addUser(t, cast.organizationId, 'leaving@example.jp', Role.PlanningDivision);
    const admin = new PageTab(t, await sessionCookie(t, 'admin@012041.example.jp'));
    const memberPage = `/o/${cast.organizationId}/admin/users/${person.id}`;
    await admin.open(memberPage);
    const confirmation = await admin.send(`${memberPage}/deactivate`);
    expect(confirmation.status).toBe(200);
    const asked = shownText(confirmation.text);
    expect(asked).toContain('leavingさんの利用を停止しますか');
    expect(asked).toContain('サインインできなくなり');
    // Nothing happened yet: the person still signs in.
    expect(await member(person.id)).toMatchObject({ isActive: true });
    await signIn(t, 'leaving@example.jp');

    const done = await admin.send(`${memberPage}/deactivate`, {}, '利用を停止する');
    expect(done.status).toBe(303);
    expect(await member(person.id)).toMatchObject({ isActive: false });
  });

  it('says so on the sign-in page, in Japanese', async () => {
    const form = await t.http().get('/sign-in').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const cookies = [form.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]);
    const page = await t
      .http()
      .post('/sign-in')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrf, '/email': 'expertb@example.jp', '/password': TEST_PASSWORD })
      .expect(403);
    expect(page.text).toContain('このアカウントは利用を停止されています');
  });

  it('sends no reset link to a deactivated account, yet answers as for any address', async () => {
    const answer = await t.http().post('/api/v1/auth/password-reset').send({ email: 'expertb@example.jp' }).expect(202);
    expect(answer.body.message).toMatch(/If this address has an account/);
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/password-reset`))
      .set(as('admin'))
      .expect(409);
    const [{ resets }] = await t.dataSource.query(
      `SELECT count(*)::int AS resets FROM password_resets WHERE user_id = $1`,
      [cast.userIds.expertB],
    );
    expect(resets).toBe(0);
  });

  it('can be undone: reactivated, the person signs in with their password again', async () => {
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/deactivate`))
      .set(as('admin'))
      .expect(409);
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/reactivate`))
      .set(as('admin'))
      .expect(204);
    await t
      .http()
      .post(api(`/users/${cast.userIds.expertB}/reactivate`))
      .set(as('admin'))
      .expect(409);
    await signIn(t, 'expertb@example.jp');
    expect(await member(cast.userIds.expertB)).toMatchObject({ isActive: true, deactivatedAt: null });
  });

  it('keeps an administrator who can sign in: not oneself, and a deactivated one does not count', async () => {
    const self = await t
      .http()
      .post(api(`/users/${cast.userIds.admin}/deactivate`))
      .set(as('admin'))
      .expect(409);
    expect(self.body.message).toMatch(/your own account/);

    await t
      .http()
      .post(api(`/users/${cast.userIds.approver}/memberships`))
      .set(as('admin'))
      .send({ role: Role.Administrator })
      .expect(201);
    await t
      .http()
      .post(api(`/users/${cast.userIds.approver}/deactivate`))
      .set(as('admin'))
      .expect(204);
    // The other administrator is deactivated: removing the administrator role of the one left is refused.
    const own = (await member(cast.userIds.admin)).memberships.find(
      (membership: { role: Role }) => membership.role === Role.Administrator,
    );
    const refused = await t
      .http()
      .delete(api(`/memberships/${own.id}`))
      .set(as('admin'))
      .expect(409);
    expect(refused.body.message).toContain('最後のシステム管理者');
  });

  it('is for people whose every role is in this organization; others lose their roles here instead', async () => {
    const { organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市');
    await addUser(t, kushiro, 'experta@example.jp', Role.ExternalExpert);
    const refused = await t
      .http()
      .post(api(`/users/${cast.userIds.expertA}/deactivate`))
      .set(as('admin'))
      .expect(409);
    expect(refused.body.message).toMatch(/another organization/);
    await signIn(t, 'experta@example.jp');

    // Not a member here at all: as if unknown.
    const kushiroAdmin = (await t.dataSource.query(`SELECT id FROM users WHERE email = 'admin@012068.example.jp'`))[0]
      .id;
    await t
      .http()
      .post(api(`/users/${kushiroAdmin}/deactivate`))
      .set(as('admin'))
      .expect(404);
  });
  it('refuses (409) while the person is still asked for an opinion, naming the report, as taking the role does', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[0];
    const expert = await addUser(t, cast.organizationId, 'expertd@example.jp', Role.ExternalExpert);
    const reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t
      .http()
      .post(api(`/reports/${reportId}/submit`))
      .set(as('owner'))
      .expect(200);
    await t
      .http()
      .post(api(`/reports/${reportId}/accept`))
      .set(as('planner'))
      .send({ experts: [expert.id], dueDate: dueInDays(30) })
      .expect(200);

    const refused = await t
      .http()
      .post(api(`/users/${expert.id}/deactivate`))
      .set(as('admin'))
      .expect(409);
    expect(refused.body.message).toContain('take them off those reviews first');
    expect(refused.body.details).toEqual([{ reportId, projectName: seed.projectName, fiscalYear: seed.fiscalYear }]);

    const memberPage = `/o/${cast.organizationId}/admin/users/${expert.id}`;
    const page = await sendPageForm(
      t,
      await sessionCookie(t, 'admin@012041.example.jp'),
      memberPage,
      `${memberPage}/deactivate`,
    );
    expect(page.status).toBe(409);
    // Not an input error: under a heading of its own.
    expect(shownText(page.text)).toContain(
      `担当中の意見照会があります 次の報告の意見照会を担当しています。先に担当を外してください: ${seed.projectName}(R4年度)`,
    );

    // Still in use, and nothing recorded: the person signs in and gives the opinion.
    expect(await member(expert.id)).toMatchObject({ isActive: true });
    const [{ deactivations }] = await t.dataSource.query(
      `SELECT count(*)::int AS deactivations FROM audit_entries WHERE action = 'user.deactivated' AND entity_id = $1`,
      [expert.id],
    );
    expect(deactivations).toBe(0);

    // Taken off the review (未回答で解除), the account can be deactivated.
    const [assignment] = (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body;
    await t
      .http()
      .post(api(`/reports/${reportId}/assignments/${assignment.id}/dismiss`))
      .set(as('planner'))
      .send({ note: '退職のため' })
      .expect(200);
    await t
      .http()
      .post(api(`/users/${expert.id}/deactivate`))
      .set(as('admin'))
      .expect(204);
  });

  it('leaves a deactivated expert out of those who can be asked for an opinion', async () => {
    const reportId = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[1])
    ).id;
    await t
      .http()
      .post(api(`/reports/${reportId}/submit`))
      .set(as('owner'))
      .expect(200);

    const expert = await addUser(t, cast.organizationId, 'experte@example.jp', Role.ExternalExpert);
    await t
      .http()
      .post(api(`/users/${expert.id}/deactivate`))
      .set(as('admin'))
      .expect(204);

    // Deactivated, the person still holds the role.
    const refused = await t
      .http()
      .post(api(`/reports/${reportId}/accept`))
      .set(as('planner'))
      .send({ experts: [expert.id], dueDate: dueInDays(30) })
      .expect(400);
    expect(refused.body.details).toEqual([
      {
        path: '/experts/0',
        message: 'not an external expert (外部有識者) of this organization, or their account is deactivated',
      },
    ]);
    const [{ assignments }] = await t.dataSource.query(
      'SELECT count(*)::int AS assignments FROM review_assignments WHERE report_id = $1',
      [reportId],
    );
    expect(assignments).toBe(0);
  });
});
