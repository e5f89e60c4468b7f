import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { lockWaitersOutsidePool } from '../support/lock-waits';
import { addUser, createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/**
 * The expert role is not taken from someone still asked for an opinion on a report in review: they could no longer
 * give it, and the review would wait for them. The refusal names the reports; once the expert is taken off them, or
 * has given the opinion, the role goes.
 */
describe('Taking the expert role from someone still asked for an opinion', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  const organization = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const report = (path: string) => organization(`/reports/${reportId}${path}`);
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

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
    // Expert A takes it on; expert B has not answered yet.
    await t
      .http()
      .post(report(`/assignments/${await assignmentOf('expertA')}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
  });

  afterAll(() => t.close());

  async function assignmentOf(expert: string): Promise<string> {
    const assignments = (await t.http().get(report('/assignments')).set(as('planner')).expect(200)).body;
    return assignments.find((assignment: { expertUserId: string }) => assignment.expertUserId === cast.userIds[expert])
      .id;
  }

  async function expertRoleOf(expert: string): Promise<string | undefined> {
    const users = (await t.http().get(organization('/users')).set(as('admin')).expect(200)).body;
    const user = users.find((candidate: { id: string }) => candidate.id === cast.userIds[expert]);
    return user?.memberships.find((membership: { role: Role }) => membership.role === Role.ExternalExpert)?.id;
  }

  async function revocationsAudited(expert: string): Promise<number> {
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'membership.revoked' AND entity_id = $1`,
      [cast.userIds[expert]],
    );
    return count;
  }

  it('refuses (409) while an accepted opinion is awaited, naming the report; the role stays, nothing is recorded', async () => {
    const membershipId = await expertRoleOf('expertA');
    const refused = await t
      .http()
      .delete(organization(`/memberships/${membershipId}`))
      .set(as('admin'))
      .expect(409);
    expect(refused.body.message).toContain('take them off those reviews first');
    expect(refused.body.details).toEqual([{ reportId, projectName: seed.projectName, fiscalYear: seed.fiscalYear }]);
    expect(await expertRoleOf('expertA')).toBe(membershipId);
    expect(await revocationsAudited('expertA')).toBe(0);
  });

  it('tells the administrator on pressing 外す, before any confirmation, naming the report', async () => {
    const cookie = await sessionCookie(t, 'admin@012041.example.jp');
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/admin/memberships/${await expertRoleOf('expertB')}/revoke`)
      .set('Cookie', cookie)
      .expect(409);
    // Not an input error: under a heading of its own.
    expect(shownText(page.text)).toContain(
      `担当中の意見照会があります 次の報告の意見照会を担当しています。先に担当を外してください: ${seed.projectName}(R4年度)`,
    );
    expect(shownText(page.text)).not.toContain('役割を外しますか');
  });

  it('takes the role once the expert has been taken off the review (未回答で解除)', async () => {
    await t
      .http()
      .post(report(`/assignments/${await assignmentOf('expertB')}/dismiss`))
      .set(as('planner'))
      .send({ note: '役割の変更のため' })
      .expect(200);
    await t
      .http()
      .delete(organization(`/memberships/${await expertRoleOf('expertB')}`))
      .set(as('admin'))
      .expect(204);
    expect(await expertRoleOf('expertB')).toBeUndefined();
    expect(await revocationsAudited('expertB')).toBe(1);
  });

  it('takes the role once the opinion is in: it stays for planning to consolidate', async () => {
    await t
      .http()
      .put(report(`/assignments/${await assignmentOf('expertA')}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    await t
      .http()
      .delete(organization(`/memberships/${await expertRoleOf('expertA')}`))
      .set(as('admin'))
      .expect(204);
    const opinions = (await t.http().get(report('/opinions')).set(as('planner')).expect(200)).body;
    expect(opinions.opinions).toEqual([expect.objectContaining({ expertUserId: cast.userIds.expertA })]);
  });

  it('an expert asked while their role is being taken: the request waits for the removal, then refuses them', async () => {
    const expertC = await addUser(t, cast.organizationId, 'expertc@example.jp', Role.ExternalExpert);
    cast.userIds.expertC = expertC.id;
    const other = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[1])
    ).id;
    await t
      .http()
      .post(organization(`/reports/${other}/submit`))
      .set(as('owner'))
      .expect(200);

    // A removal of the role under way: its row is gone in a transaction not yet committed.
    const removal = t.dataSource.createQueryRunner();
    await removal.connect();
    await removal.startTransaction();
    await removal.query(`DELETE FROM memberships WHERE id = $1`, [await expertRoleOf('expertC')]);
    const asked = t
      .http()
      .post(organization(`/reports/${other}/accept`))
      .set(as('planner'))
      .send({ experts: [expertC.id], dueDate: dueInDays(30) })
      .then((answer) => answer);
    const waiting = await lockWaitersOutsidePool(t.superuserUrl, 1);
    await removal.commitTransaction();
    await removal.release();

    expect(waiting).toBe(1);
    const answer = await asked;
    expect({ status: answer.status, message: answer.body.message }).toEqual({
      status: 400,
      message: 'Only external experts of this organization, with their account in use, can be assigned.',
    });
  });
});
