import { Role } from '../../src/access/role';
import { addUser, createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

/** アカウント設定 over the API: one's own name. */
describe('Own account over the API', () => {
  let t: TestApp;
  let organizationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ organizationId } = await seedOrganization(t, '012041', '旭川市'));
  });

  afterAll(() => t?.close());

  const rename = (token: string, displayName: unknown) =>
    t.http().patch('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).send({ displayName });

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
});
