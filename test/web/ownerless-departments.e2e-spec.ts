import { Role } from '../../src/access/role';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { underReview } from '../support/report-scenario';
import { addUser, createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { PageTab, shownText } from './support/page-forms';

/**
 * A department whose last 事業担当課 goes leaves its drafts and reports in review with nobody: the confirmation of
 * taking that role says so, naming the reports, and 利用者と役割 flags a department without an owner that has some.
 */
describe('Web pages: a department left without its project owner', () => {
  let t: TestApp;
  let cast: Cast;
  let admin: string;
  const org = () => `/api/v1/organizations/${cast.organizationId}`;
  const ownerMembershipOf = async (userId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT id FROM memberships WHERE user_id = $1 AND role = 'project_owner'`, [userId]))[0]
      .id;
  const page = async (path: string) =>
    shownText((await t.http().get(`/o/${cast.organizationId}/admin/${path}`).set('Cookie', admin).expect(200)).text);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    admin = await sessionCookie(t, 'admin@012041.example.jp');
    // Drafts (one entered, two made when the R5 year was opened), and a report with the experts, who asked a question.
    await underReview(t, cast);
  });

  afterAll(() => t.close());

  it('warns on removing the last owner’s role that the department’s drafts are left with nobody', async () => {
    const confirmation = await page(`memberships/${await ownerMembershipOf(cast.userIds.owner)}/revoke`);
    expect(confirmation).toMatch(
      /この人が外れると、経済部には事業担当課の人がいなくなります。作成中の報告 3件\(R5年度 .+\)を進める人がいなくなります。/,
    );
    // A report with the experts is no longer returned; their questions are what waits for the owner.
    expect(confirmation).toMatch(
      /意見照会中の報告 1件\(R4年度 .+\)に有識者から質問があったとき、答える人がいなくなります。/,
    );
    expect(confirmation).not.toContain('差し戻されたとき');
    // The owner is still there: nothing to flag on the list yet.
    expect(await page('users')).not.toContain('事業担当課の人がいない部署があります');
  });

  it('does not warn while another owner of the department stays', async () => {
    const second = await addUser(t, cast.organizationId, 'owner2@example.jp', Role.ProjectOwner, cast.departmentId);
    expect(await page(`memberships/${await ownerMembershipOf(cast.userIds.owner)}/revoke`)).not.toContain(
      '事業担当課の人がいなくなります',
    );
    await t
      .http()
      .delete(`${org()}/memberships/${await ownerMembershipOf(second.id)}`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(204);
  });

  it('warns on the deactivation of the last owner that the department’s drafts are left with nobody', async () => {
    const tab = new PageTab(t, admin);
    const memberPage = `/o/${cast.organizationId}/admin/users/${cast.userIds.owner}`;
    await tab.open(memberPage);
    const confirmation = await tab.send(`${memberPage}/deactivate`);
    expect(confirmation.status).toBe(200);
    expect(shownText(confirmation.text)).toMatch(
      /この人が外れると、経済部には事業担当課の人がいなくなります。作成中の報告 3件\(R5年度 .+\)を進める人がいなくなります。/,
    );
  });

  it('flags on 利用者と役割 a department whose only owner was deactivated, with its open reports', async () => {
    await t
      .http()
      .post(`${org()}/users/${cast.userIds.owner}/deactivate`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .expect(204);
    expect(await page('users')).toMatch(
      /事業担当課の人がいない部署があります 経済部には事業担当課の人\(利用中\)がいません。作成中の報告 3件\(R5年度 .+\)を進める人がいません。/,
    );
  });
});
