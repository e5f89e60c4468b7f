import { Role } from '../../src/access/role';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

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
