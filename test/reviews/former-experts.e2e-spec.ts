import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/**
 * An expert who gave an opinion and has left the municipality since is still named where their opinion is: on the
 * report's page, as the audit log names them (元メンバー), and in the year's record of experts.
 */
describe('An expert who left after giving an opinion', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  let planner: string;
  const organization = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const report = (path: string) => organization(`/reports/${reportId}${path}`);
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const page = async (path: string) =>
    shownText((await t.http().get(`/o/${cast.organizationId}${path}`).set('Cookie', planner).expect(200)).text);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t.http().post(report('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(report('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(30) })
      .expect(200);
    const assignments = (await t.http().get(report('/assignments')).set(as('planner')).expect(200)).body;
    const assignmentOf = (expert: string) =>
      assignments.find((assignment: { expertUserId: string }) => assignment.expertUserId === cast.userIds[expert]).id;
    await t
      .http()
      .post(report(`/assignments/${assignmentOf('expertB')}/respond`))
      .set(as('expertB'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(report(`/assignments/${assignmentOf('expertB')}/opinion`))
      .set(as('expertB'))
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    const users = (await t.http().get(organization('/users')).set(as('admin')).expect(200)).body;
    const expertRole = users
      .find((user: { id: string }) => user.id === cast.userIds.expertB)
      .memberships.find((membership: { role: Role }) => membership.role === Role.ExternalExpert).id;
    await t
      .http()
      .delete(organization(`/memberships/${expertRole}`))
      .set(as('admin'))
      .expect(204);
    planner = await sessionCookie(t, 'planner@example.jp');
  });

  afterAll(() => t.close());

  it('the report page names them as the audit log does, in the panel and its buttons', async () => {
    const shown = await page(`/reports/${reportId}`);

    expect(shown).toContain('expertb(元メンバー)');
    expect(shown).not.toContain('この団体を離れた利用者');
  });

  it("the 外部有識者 page keeps them in the year's record, marked 元メンバー", async () => {
    const shown = await page(`/experts?fiscalYear=${seed.fiscalYear}`);

    expect(shown).toContain('expertb(元メンバー)');
    expect(shown).toContain('experta');
    expect(shown).not.toContain('experta(元メンバー)');
  });

  it("expert-statistics keeps them in the year's record as a former member, with their opinion counted", async () => {
    const statistics = (
      await t
        .http()
        .get(organization(`/expert-statistics?fiscalYear=${seed.fiscalYear}`))
        .set(as('planner'))
        .expect(200)
    ).body;

    expect(
      statistics.map((expert: { expertUserId: string; formerMember: boolean; accepted: number }) => ({
        expertUserId: expert.expertUserId,
        formerMember: expert.formerMember,
        accepted: expert.accepted,
      })),
    ).toEqual(
      expect.arrayContaining([
        { expertUserId: cast.userIds.expertA, formerMember: false, accepted: 0 },
        { expertUserId: cast.userIds.expertB, formerMember: true, accepted: 1 },
      ]),
    );
  });

  it('a year in which they gave no opinion lists them no more', async () => {
    const statistics = (
      await t
        .http()
        .get(organization(`/expert-statistics?fiscalYear=${seed.fiscalYear + 1}`))
        .set(as('planner'))
        .expect(200)
    ).body;

    expect(statistics.map((expert: { expertUserId: string }) => expert.expertUserId)).not.toContain(
      cast.userIds.expertB,
    );
  });
});
