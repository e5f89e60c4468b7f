import { withAuditRefusing } from '../support/audit-outage';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { Role } from '../../src/access/role';

describe('Authentication', () => {
  let t: TestApp;
  let organizationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
    await addUser(t, organizationId, 'expert@example.jp', Role.ExternalExpert);
  });

  afterAll(() => t.close());

  it('signs in with e-mail and password, returning a bearer token and an HttpOnly SameSite cookie', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'Expert@Example.jp', password: TEST_PASSWORD })
      .expect(200);
    expect(response.body.tokenType).toBe('Bearer');
    expect(response.body.user).toMatchObject({
      email: 'expert@example.jp',
      memberships: [{ organizationId, role: 'external_expert', roleLabel: '外部有識者' }],
    });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/kpiv_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    await t.http().get('/api/v1/auth/me').set('Cookie', cookie.split(';')[0]).expect(200);
  });

  it('answers a wrong password and an unknown account with the same 401', async () => {
    const wrongPassword = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'expert@example.jp', password: 'not the password' })
      .expect(401);
    const unknownAccount = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.jp', password: 'not the password' })
      .expect(401);
    expect(wrongPassword.body.message).toBe('Invalid email or password.');
    expect(unknownAccount.body.message).toBe(wrongPassword.body.message);
  });

  it('rejects a malformed request with 400 naming the field', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: 'not-an-email' }).expect(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/email' }),
        expect.objectContaining({ path: '/password' }),
      ]),
    );
  });

  it('refuses a lone surrogate in the e-mail with 400, not a server error', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a\udc00@b.jp', password: 'not the password' })
      .expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ path: '/email' })]);
  });

  it('throttles the 6th rapid failure, even with the right password', async () => {
    await addUser(t, organizationId, 'target@example.jp', Role.ExternalExpert);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.http().post('/api/v1/auth/login').send({ email: 'target@example.jp', password: 'guess' }).expect(401);
    }
    const throttled = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'target@example.jp', password: TEST_PASSWORD })
      .expect(429);
    expect(throttled.body.message).toMatch(/Too many failed password attempts/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs out: the token and cookie stop working', async () => {
    const token = await signIn(t, 'expert@example.jp');
    const logout = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/kpiv_session=;/);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('changes the password, ending the other sessions, audited with how many ended', async () => {
    const { id: changer } = await addUser(t, organizationId, 'changer@example.jp', Role.PlanningDivision);
    const other = await signIn(t, 'changer@example.jp');
    const current = await signIn(t, 'changer@example.jp');
    await t
      .http()
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${current}`)
      .send({ currentPassword: 'wrong', newPassword: 'a brand new passphrase' })
      .expect(400);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${current}`)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
      .expect(400);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${current}`)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })
      .expect(204);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${current}`).expect(200);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${other}`).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'changer@example.jp', password: TEST_PASSWORD })
      .expect(401);
    await signIn(t, 'changer@example.jp', 'a brand new passphrase');
    // The route names no organization, but the person is a member of one: its auditor sees it in its chain.
    expect(
      await t.dataSource.query(
        `SELECT organization_id, actor_user_id, entity_type, entity_id, details FROM audit_entries
          WHERE action = 'auth.password_changed' AND actor_user_id = $1`,
        [changer],
      ),
    ).toEqual([
      {
        organization_id: organizationId,
        actor_user_id: changer,
        entity_type: 'user',
        entity_id: changer,
        details: { otherSessionsEnded: 1 },
      },
    ]);
  });

  it('changes no password and ends no session when the change cannot be audited', async () => {
    await addUser(t, organizationId, 'unaudited@example.jp', Role.PlanningDivision);
    const other = await signIn(t, 'unaudited@example.jp');
    const current = await signIn(t, 'unaudited@example.jp');
    await withAuditRefusing(t.superuserUrl, 'auth.password_changed', () =>
      t
        .http()
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${current}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })
        .expect(500),
    );
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${other}`).expect(200);
    await signIn(t, 'unaudited@example.jp');
  });

  describe('the session cookie on the API', () => {
    const newPassword = 'a brand new passphrase';

    async function cookieSession(email: string) {
      const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      const session = String(login.headers['set-cookie']).split(';')[0];
      // Any page of the site gives the signed-in browser its CSRF token and cookie.
      const page = await t.http().get('/sign-in').set('Cookie', session).expect(200);
      const csrfCookie = [page.headers['set-cookie'] ?? []].flat()[0].split(';')[0];
      return {
        token: login.body.accessToken as string,
        cookie: session,
        cookies: `${session}; ${csrfCookie}`,
        csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1],
      };
    }

    it('refuses a cross-site form post that only has the cookie, changing nothing', async () => {
      await addUser(t, organizationId, 'victim@example.jp', Role.PlanningDivision);
      const victim = await cookieSession('victim@example.jp');

      const forged = await t
        .http()
        .post('/api/v1/auth/password')
        .set('Cookie', victim.cookies)
        .set('Origin', 'https://attacker.example')
        .type('form')
        .send({ currentPassword: TEST_PASSWORD, newPassword })
        .expect(403);

      expect(forged.body.message).toMatch(/must carry the CSRF token in the x-csrf-token header/);
      await signIn(t, 'victim@example.jp');
      await t.http().post('/api/v1/auth/logout').set('Cookie', victim.cookie).expect(403);
      await t.http().get('/api/v1/auth/me').set('Cookie', victim.cookie).expect(200);
      const [denial] = await t.dataSource.query(
        `SELECT details FROM audit_entries WHERE action = 'access.denied' AND details->>'path' = '/api/v1/auth/password'`,
      );
      expect(denial.details).toMatchObject({ method: 'POST', status: 403 });
    });

    it('accepts the cookie with the page’s CSRF token in the x-csrf-token header', async () => {
      await addUser(t, organizationId, 'page-user@example.jp', Role.PlanningDivision);
      const user = await cookieSession('page-user@example.jp');

      await t
        .http()
        .post('/api/v1/auth/password')
        .set('Cookie', user.cookies)
        .set('x-csrf-token', user.csrf)
        .send({ currentPassword: TEST_PASSWORD, newPassword })
        .expect(204);
      await signIn(t, 'page-user@example.jp', newPassword);
    });

    it('refuses a CSRF token of another session', async () => {
      await addUser(t, organizationId, 'other-session@example.jp', Role.PlanningDivision);
      const first = await cookieSession('other-session@example.jp');
      const second = await cookieSession('other-session@example.jp');

      await t
        .http()
        .post('/api/v1/auth/logout')
        .set('Cookie', first.cookies)
        .set('x-csrf-token', second.csrf)
        .expect(403);
    });

    it('needs no CSRF token with a bearer token, even when the cookie is sent along', async () => {
      await addUser(t, organizationId, 'api-client@example.jp', Role.PlanningDivision);
      const client = await cookieSession('api-client@example.jp');

      await t
        .http()
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${client.token}`)
        .set('Cookie', client.cookie)
        .send({ currentPassword: TEST_PASSWORD, newPassword })
        .expect(204);
      await signIn(t, 'api-client@example.jp', newPassword);
    });
  });

  it('refuses a forged or missing token', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
  });
});
