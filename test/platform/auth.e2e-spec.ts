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
    expect(throttled.body.message).toMatch(/Too many failed sign-in attempts/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs out: the token and cookie stop working', async () => {
    const token = await signIn(t, 'expert@example.jp');
    const logout = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/kpiv_session=;/);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('changes the password, ending the other sessions', async () => {
    await addUser(t, organizationId, 'changer@example.jp', Role.PlanningDivision);
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
  });

  it('refuses a forged or missing token', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
  });
});
