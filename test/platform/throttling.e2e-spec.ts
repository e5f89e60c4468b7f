import { Role } from '../../src/access/role';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

const LIMIT_PER_ACCOUNT = 5;

function statuses(responses: { status: number }[]): Record<number, number> {
  return responses.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});
}

async function auditCount(t: TestApp, action: string, condition = 'true', parameters: unknown[] = []): Promise<number> {
  const [{ count }] = await t.dataSource.query(
    `SELECT count(*)::int AS count FROM audit_entries WHERE action = $1 AND ${condition}`,
    [action, ...parameters],
  );
  return count as number;
}

/** Password guessing is limited per account and per client address, counted before any password is checked. */
describe('Throttling of password guesses', () => {
  describe('per account', () => {
    let t: TestApp;
    let organizationId: string;

    beforeAll(async () => {
      // A high per-address limit, so these tests see the per-account one alone.
      t = await createTestApp({ LOGIN_MAX_FAILURES: String(LIMIT_PER_ACCOUNT), LOGIN_MAX_FAILURES_PER_IP: '1000' });
      ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
    });

    afterAll(() => t.close());

    const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });

    it('checks at most the limit of 40 parallel wrong passwords, then refuses even the right one', async () => {
      await addUser(t, organizationId, 'target@example.jp', Role.ExternalExpert);
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, attempt) => login('target@example.jp', `guess ${attempt}`)),
      );

      expect(statuses(responses)).toEqual({ 401: LIMIT_PER_ACCOUNT, 429: 40 - LIMIT_PER_ACCOUNT });
      expect(await auditCount(t, 'auth.login_failed', `details->>'email' = $2`, ['target@example.jp'])).toBe(
        LIMIT_PER_ACCOUNT,
      );
      // The lockout is its municipality's to audit, as the failures are.
      expect(
        await auditCount(t, 'auth.login_throttled', `details->>'email' = $2 AND organization_id = $3`, [
          'target@example.jp',
          organizationId,
        ]),
      ).toBe(40 - LIMIT_PER_ACCOUNT);
      const rightPassword = await login('target@example.jp', TEST_PASSWORD).expect(429);
      expect(rightPassword.body.message).toMatch(/Too many failed password attempts.*Try again in \d+ seconds/);
      const retryAfter = Number(rightPassword.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(t.config.loginFailureWindowSeconds);
    });

    it('refuses the sign-in page too, in Japanese, with Retry-After', async () => {
      const form = await t.http().get('/sign-in').expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
      const cookies = [form.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]);

      const page = await t
        .http()
        .post('/sign-in')
        .set('Cookie', cookies.join('; '))
        .type('form')
        .send({ _csrf: csrf, '/email': 'target@example.jp', '/password': TEST_PASSWORD })
        .expect(429);

      expect(page.text).toContain('パスワードの誤りが続いたため');
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('keeps the limits of other accounts apart, and lets a right password wipe out earlier failures', async () => {
      await addUser(t, organizationId, 'typist@example.jp', Role.ExternalExpert);
      for (let round = 0; round < 3; round++) {
        for (let attempt = 1; attempt < LIMIT_PER_ACCOUNT; attempt++)
          await login('typist@example.jp', 'typo').expect(401);
        await signIn(t, 'typist@example.jp');
      }
    });

    it('counts wrong current passwords on a password change like failed sign-ins, auditing each', async () => {
      await addUser(t, organizationId, 'changer@example.jp', Role.PlanningDivision);
      const token = await signIn(t, 'changer@example.jp');
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, attempt) =>
          t
            .http()
            .post('/api/v1/auth/password')
            .set('Authorization', `Bearer ${token}`)
            .send({ currentPassword: `guess ${attempt}`, newPassword: `a brand new passphrase ${attempt}` }),
        ),
      );

      expect(statuses(responses)).toEqual({ 400: LIMIT_PER_ACCOUNT, 429: 30 - LIMIT_PER_ACCOUNT });
      const refused = responses.find((response) => response.status === 429)!;
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await auditCount(t, 'auth.password_change_failed')).toBe(LIMIT_PER_ACCOUNT);
      expect(await auditCount(t, 'auth.password_change_throttled')).toBe(30 - LIMIT_PER_ACCOUNT);
      // Nothing changed, and guessing cannot move on to the sign-in either.
      await t
        .http()
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${token}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })
        .expect(429);
      await login('changer@example.jp', TEST_PASSWORD).expect(429);
    });
  });

  describe('per client address', () => {
    let t: TestApp;
    let organizationId: string;

    beforeAll(async () => {
      t = await createTestApp({ LOGIN_MAX_FAILURES: String(LIMIT_PER_ACCOUNT) });
      ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
    });

    afterAll(() => t.close());

    it('defaults to four times the per-account limit', () => {
      expect(t.config.loginMaxFailuresPerIp).toBe(4 * LIMIT_PER_ACCOUNT);
    });

    it('stops one address trying 30 accounts after its limit, for every account', async () => {
      await addUser(t, organizationId, 'bystander@example.jp', Role.ExternalExpert);
      const limit = t.config.loginMaxFailuresPerIp;
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: `user${index}@example.jp`, password: 'password1' }),
        ),
      );

      expect(statuses(responses)).toEqual({ 401: limit, 429: 30 - limit });
      expect(await auditCount(t, 'auth.login_failed')).toBe(limit);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'bystander@example.jp', password: TEST_PASSWORD })
        .expect(429);
    });
  });
});
