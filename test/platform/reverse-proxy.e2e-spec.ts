import { createTestApp, seedOrganization, type TestApp } from '../support/test-app';

/** What the audit log records as the address of a failed sign-in sent with a proxy's X-Forwarded-For. */
async function recordedAddress(t: TestApp): Promise<string> {
  const { adminEmail } = await seedOrganization(t, '012041', '旭川市');
  await t
    .http()
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', '203.0.113.7')
    .send({ email: adminEmail, password: 'not the password' })
    .expect(401);
  const [entry] = await t.dataSource.query(
    `SELECT ip_address FROM audit_entries WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 1`,
  );
  return entry.ip_address;
}

describe('Behind a reverse proxy', () => {
  it('records the client’s address from X-Forwarded-For when TRUST_PROXY_HOPS counts the proxy', async () => {
    const t = await createTestApp({ TRUST_PROXY_HOPS: '1' });
    try {
      expect(await recordedAddress(t)).toBe('203.0.113.7');
    } finally {
      await t.close();
    }
  });

  it('ignores the header by default, since any client could send it', async () => {
    const t = await createTestApp();
    try {
      expect(await recordedAddress(t)).not.toBe('203.0.113.7');
    } finally {
      await t.close();
    }
  });
});
