import { Role } from '../../src/access/role';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { addUser, createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/** People whose roles were all taken: what they see, and what their administrator is told. */
describe('Former members', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  /** Takes every role the user holds here, as an administrator does on 利用者と役割. */
  async function removeEveryRole(userId: string): Promise<void> {
    const members = (await t.http().get(api('/users')).set(as('admin')).expect(200)).body as any[];
    for (const membership of members.find((member) => member.id === userId).memberships)
      await t
        .http()
        .delete(api(`/memberships/${membership.id}`))
        .set(as('admin'))
        .expect(204);
  }

  it('taking the last role says that a new invitation brings the person back, as the API answers after it', async () => {
    const person = await addUser(t, cast.organizationId, 'lastrole@example.jp', Role.ExternalExpert);
    const admin = await sessionCookie(t, 'admin@012041.example.jp');
    const members = (await t.http().get(api('/users')).set(as('admin')).expect(200)).body as any[];
    const [only] = members.find((member) => member.id === person.id).memberships;
    const confirmation = shownText(
      (
        await t
          .http()
          .get(`/o/${cast.organizationId}/admin/memberships/${only.id}/revoke`)
          .set('Cookie', admin)
          .expect(200)
      ).text,
    );
    expect(confirmation).toContain('この団体での役割がなくなり');
    expect(confirmation).toContain('新しく招待を送り、本人に承諾してもらう必要があります');
    expect(confirmation).not.toContain('「役割を追加」からもう一度追加します');

    await removeEveryRole(person.id);
    const refused = await t
      .http()
      .post(api(`/users/${person.id}/memberships`))
      .set(as('admin'))
      .send({ role: Role.ExternalExpert })
      .expect(404);
    expect(refused.body.message).toMatch(/joins by invitation/);
    await t
      .http()
      .post(api('/users'))
      .set(as('admin'))
      .send({ email: 'lastrole@example.jp', roles: [{ role: Role.ExternalExpert }] })
      .expect(202);
  });

  it('a person with no role anywhere who signs in is told so and whom to ask, not offered an empty choice', async () => {
    const person = await addUser(t, cast.organizationId, 'leaver@example.jp', Role.PlanningDivision);
    const cookie = await sessionCookie(t, 'leaver@example.jp');
    await removeEveryRole(person.id);

    const home = await t.http().get('/').set('Cookie', cookie).expect(200);
    const text = shownText(home.text);
    expect(text).toContain('役割を持っている団体がありません');
    expect(text).toContain('作業する団体のシステム管理者に連絡して、招待してもらってください');
    expect(text).not.toContain('複数の団体で役割を持っています');
  });
});
