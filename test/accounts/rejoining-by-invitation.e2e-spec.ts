import { Role } from '../../src/access/role';
import { Transactions } from '../../src/infra/database/transactions';
import { InvitationsService } from '../../src/invitations/invitations.service';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

const NEW_PASSWORD = 'a new passphrase for kushiro';

/** Someone deactivated by one municipality, invited by another: the invitation link brings the account back there. */
describe('Joining another municipality with a deactivated account', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiro: string;
  let kushiroAdmin: string;
  const asahikawa = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    kushiroAdmin = await signIn(t, 'admin@012068.example.jp');
  });

  afterAll(() => t.close());

  /** 釧路市 invites the address; the token its mail would carry. */
  async function invitedByKushiro(email: string): Promise<string> {
    await t
      .http()
      .post(`/api/v1/organizations/${kushiro}/users`)
      .set({ Authorization: `Bearer ${kushiroAdmin}` })
      .send({ email, roles: [{ role: Role.ExternalExpert }] })
      .expect(202);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM invitations WHERE email = $1`, [email]);
    const issued = await t.app
      .get(Transactions)
      .run((manager) => t.app.get(InvitationsService).issueToken(manager, id));
    return issued!.token;
  }

  it('lets the person set a new password through the link and join; the roles of the old organization stay ended', async () => {
    const person = await addUser(t, cast.organizationId, 'tourism@example.jp', Role.ProjectOwner, cast.departmentId);
    await t
      .http()
      .post(asahikawa(`/users/${person.id}/deactivate`))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(204);
    const token = await invitedByKushiro('tourism@example.jp');

    const page = shownText((await t.http().get(`/invitations/${token}`).expect(200)).text);
    expect(page).toContain('新しいパスワードを設定して参加する');
    expect(page).toContain('以前の団体での役割は戻りません');
    expect(page).not.toContain('サインインして回答する');

    const joined = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: '観光 花子', password: NEW_PASSWORD })
      .expect(201);
    expect(joined.body).toMatchObject({
      organizationId: kushiro,
      userId: person.id,
      memberships: [expect.objectContaining({ role: Role.ExternalExpert })],
    });

    // The old password is gone; the new one signs in, to 釧路市 only.
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'tourism@example.jp', password: TEST_PASSWORD })
      .expect(401);
    await signIn(t, 'tourism@example.jp', NEW_PASSWORD);
    const roles = await t.dataSource.query(`SELECT organization_id, role FROM memberships WHERE user_id = $1`, [
      person.id,
    ]);
    expect(roles).toEqual([{ organization_id: kushiro, role: Role.ExternalExpert }]);
    // 旭川市 no longer lists the person, and cannot reactivate the account into its old roles.
    await t
      .http()
      .post(asahikawa(`/users/${person.id}/reactivate`))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(404);

    const audit = await t.dataSource.query(
      `SELECT organization_id, action, actor_user_id, details FROM audit_entries
        WHERE entity_id = $1 OR details->>'userId' = $1 ORDER BY occurred_at, id`,
      [person.id],
    );
    const steps = audit.map((entry: any) => [entry.organization_id === kushiro ? '釧路市' : '旭川市', entry.action]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['旭川市', 'user.deactivated'],
        ['旭川市', 'membership.revoked'],
        ['釧路市', 'user.reactivated'],
        ['釧路市', 'membership.granted'],
        ['釧路市', 'invitation.accepted'],
      ]),
    );
    const ended = audit.find((entry: any) => entry.action === 'membership.revoked');
    expect(ended).toMatchObject({
      organization_id: cast.organizationId,
      actor_user_id: person.id,
      details: { role: Role.ProjectOwner, reason: 'deactivated_account_joined_by_invitation' },
    });
  });

  it('still refuses sign-in to a deactivated account, and an account in use still signs in to accept', async () => {
    const person = await addUser(t, cast.organizationId, 'stopped@example.jp', Role.PlanningDivision);
    await t
      .http()
      .post(asahikawa(`/users/${person.id}/deactivate`))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(204);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'stopped@example.jp', password: TEST_PASSWORD })
      .expect(403);

    const token = await invitedByKushiro('owner@example.jp');
    const page = shownText((await t.http().get(`/invitations/${token}`).expect(200)).text);
    expect(page).toContain('サインインして回答する');
    const refused = await t
      .http()
      .post('/api/v1/invitations/register')
      .send({ token, displayName: 'owner', password: NEW_PASSWORD })
      .expect(409);
    expect(refused.body.message).toMatch(/has an account already/);
  });
});
