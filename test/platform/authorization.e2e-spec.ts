import { Role } from '../../src/access/role';
import { addUser, createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

describe('Authorization across organizations and roles', () => {
  let t: TestApp;
  let asahikawa: string;
  let kushiro: string;
  let asahikawaAdmin: string;
  let asahikawaExpert: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ organizationId: asahikawa } = await seedOrganization(t, '012041', '旭川市'));
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    await addUser(t, asahikawa, 'expert@example.jp', Role.ExternalExpert);
    asahikawaAdmin = await signIn(t, 'admin@012041.example.jp');
    asahikawaExpert = await signIn(t, 'expert@example.jp');
  });

  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('lets an administrator manage departments and invite users to their own organization', async () => {
    const department = await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/departments`)
      .set(as(asahikawaAdmin))
      .send({ name: '経済部 産業振興課' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/users`)
      .set(as(asahikawaAdmin))
      .send({ email: 'owner@example.jp', roles: [{ role: 'project_owner', departmentId: department.body.id }] })
      .expect(202);
    const users = await t.http().get(`/api/v1/organizations/${asahikawa}/users`).set(as(asahikawaAdmin)).expect(200);
    expect(users.body.map((user: { email: string }) => user.email)).toEqual([
      'admin@012041.example.jp',
      'expert@example.jp',
    ]);
    const invitations = await t
      .http()
      .get(`/api/v1/organizations/${asahikawa}/invitations`)
      .set(as(asahikawaAdmin))
      .expect(200);
    expect(invitations.body).toEqual([
      expect.objectContaining({
        email: 'owner@example.jp',
        status: 'pending',
        roles: [expect.objectContaining({ role: 'project_owner', departmentName: '経済部 産業振興課' })],
      }),
    ]);
  });

  it('gives 404 for another organization: its existence is not disclosed', async () => {
    await t.http().get(`/api/v1/organizations/${kushiro}`).set(as(asahikawaAdmin)).expect(404);
    await t.http().get(`/api/v1/organizations/${kushiro}/users`).set(as(asahikawaAdmin)).expect(404);
    await t
      .http()
      .post(`/api/v1/organizations/${kushiro}/departments`)
      .set(as(asahikawaAdmin))
      .send({ name: '乗っ取り課' })
      .expect(404);
    const kushiroDepartments = await t.dataSource.query('SELECT * FROM departments WHERE organization_id = $1', [
      kushiro,
    ]);
    expect(kushiroDepartments).toHaveLength(0);
  });

  it('forbids an expert from calling an administrator endpoint', async () => {
    const response = await t
      .http()
      .get(`/api/v1/organizations/${asahikawa}/users`)
      .set(as(asahikawaExpert))
      .expect(403);
    expect(response.body.message).toMatch(/administrator/);
    await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/departments`)
      .set(as(asahikawaExpert))
      .send({ name: '新設課' })
      .expect(403);
  });

  it('lets an expert sit on two panels with one account', async () => {
    await addUser(t, kushiro, 'expert@example.jp', Role.ExternalExpert);
    const mine = await t.http().get('/api/v1/organizations').set(as(asahikawaExpert)).expect(200);
    expect(
      mine.body.map((organization: { localGovernmentCode: string }) => organization.localGovernmentCode).sort(),
    ).toEqual(['012041', '012068']);
    await t.http().get(`/api/v1/organizations/${kushiro}/departments`).set(as(asahikawaExpert)).expect(200);
  });

  it('requires a department for a project owner and rejects a department of another organization', async () => {
    const kushiroAdmin = await signIn(t, 'admin@012068.example.jp');
    const kushiroDepartment = await t
      .http()
      .post(`/api/v1/organizations/${kushiro}/departments`)
      .set(as(kushiroAdmin))
      .send({ name: '産業振興部' })
      .expect(201);
    const missing = await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/users`)
      .set(as(asahikawaAdmin))
      .send({ email: 'nodept@example.jp', roles: [{ role: 'project_owner' }] })
      .expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ path: '/departmentId' })]);
    await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/users`)
      .set(as(asahikawaAdmin))
      .send({
        email: 'crossdept@example.jp',
        roles: [{ role: 'project_owner', departmentId: kushiroDepartment.body.id }],
      })
      .expect(404);
    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM invitations WHERE email IN ('nodept@example.jp', 'crossdept@example.jp')",
    );
    expect(count).toBe(0);
  });

  it('rejects unknown fields and malformed ids with a 4xx, never a 500', async () => {
    await t
      .http()
      .post(`/api/v1/organizations/${asahikawa}/departments`)
      .set(as(asahikawaAdmin))
      .send({ name: 'x', organizationId: kushiro })
      .expect(400);
    await t.http().get('/api/v1/organizations/not-a-uuid').set(as(asahikawaAdmin)).expect(404);
    await t
      .http()
      .patch(`/api/v1/organizations/${asahikawa}/departments/not-a-uuid`)
      .set(as(asahikawaAdmin))
      // A rename as a client sends one (a well-formed checksum): the id is what is refused.
      .send({ name: 'x', checksum: '0'.repeat(64) })
      .expect(404);
  });
});
