import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

describe("Over HTTP: experts' reasons and declarations, planning's dismissal and reopening, expert statistics", () => {
  let t: TestApp;
  let cast: Cast;
  let reportId = '';
  const assignmentOf: Record<string, string> = {};

  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const path = (rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const assignment = (expert: string, action = '') => path(`/assignments/${assignmentOf[expert]}${action}`);
  /** The fields a refusal names (a missing text fails several of its checks at once, each named). */
  const detailPaths = (body: { details?: { path: string }[] }) => [
    ...new Set((body.details ?? []).map((detail) => detail.path)),
  ];
  const seenByPlanning = async (expert: string) =>
    (await t.http().get(path('/assignments')).set(as('planner')).expect(200)).body.find(
      (candidate: { id: string }) => candidate.id === assignmentOf[expert],
    );

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    reportId = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[0])
    ).id;
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(200);
    for (const expert of ['expertA', 'expertB'])
      assignmentOf[expert] = (await t.http().get(path('/assignments')).set(as(expert)).expect(200)).body[0].id;
  });

  afterAll(() => t.close());

  it('declining needs a reason, その他 its text, and a suggested person a valid e-mail address (400, by field)', async () => {
    const refused = async (body: object) =>
      detailPaths(
        (await t.http().post(assignment('expertA', '/respond')).set(as('expertA')).send(body).expect(400)).body,
      );

    expect(await refused({ accept: false })).toEqual(['/declineReasonKind']);
    expect(await refused({ accept: false, declineReasonKind: 'busy' })).toEqual(['/declineReasonKind']);
    expect(await refused({ accept: false, declineReasonKind: 'other' })).toEqual(['/reason']);
    expect(
      await refused({
        accept: false,
        declineReasonKind: 'outside_expertise',
        suggestedExpert: { name: '北大 花子', email: 'not-an-address' },
      }),
    ).toEqual(['/suggestedExpert/email']);
  });

  it('a decline keeps its reason and suggestion, and planning reads them with the label', async () => {
    await t
      .http()
      .post(assignment('expertA', '/respond'))
      .set(as('expertA'))
      .send({
        accept: false,
        declineReasonKind: 'outside_expertise',
        reason: '観光分野は専門外のため',
        suggestedExpert: {
          name: '北大 花子',
          email: 'hanako@example.ac.jp',
          affiliation: '北海道大学観光学高等研究センター',
        },
      })
      .expect(200);

    expect(await seenByPlanning('expertA')).toMatchObject({
      status: 'declined',
      statusLabel: '辞退',
      declineReasonKind: 'outside_expertise',
      declineReasonLabel: '専門外',
      declineReason: '観光分野は専門外のため',
      suggestedExpert: {
        name: '北大 花子',
        email: 'hanako@example.ac.jp',
        affiliation: '北海道大学観光学高等研究センター',
      },
    });
  });

  it('accepting without a conflict-of-interest declaration is refused; a declared one needs its text', async () => {
    const respond = (body: object) => t.http().post(assignment('expertB', '/respond')).set(as('expertB')).send(body);

    const undeclared = await respond({ accept: true }).expect(400);
    const withoutText = await respond({ accept: true, conflictOfInterest: 'declared' }).expect(400);

    expect(detailPaths(undeclared.body)).toEqual(['/conflictOfInterest']);
    expect(undeclared.body.details[0].message).toMatch(/conflictOfInterest is required when accepting/);
    expect(detailPaths(withoutText.body)).toEqual(['/conflictOfInterestDetails']);
    expect((await seenByPlanning('expertB')).status).toBe('pending');
  });

  it('a declared conflict is shown to planning, in the API and on the report page with its warning tag', async () => {
    await t
      .http()
      .post(assignment('expertB', '/respond'))
      .set(as('expertB'))
      .send({
        accept: true,
        conflictOfInterest: 'declared',
        conflictOfInterestDetails: '申請事業者の社外取締役を務めている',
      })
      .expect(200);

    expect(await seenByPlanning('expertB')).toMatchObject({
      status: 'accepted',
      conflictDeclared: true,
      conflictOfInterest: 'declared',
      conflictOfInterestDetails: '申請事業者の社外取締役を務めている',
    });
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const page = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('利害関係の申告あり');
    expect(page.text).toContain('申請事業者の社外取締役を務めている');
  });

  it('dismissal: only planning and administrators, with a note, and only of an assignment still without an answer or opinion', async () => {
    await t.http().post(assignment('expertB', '/dismiss')).set(as('expertB')).send({ note: '自分で' }).expect(403);
    await t.http().post(assignment('expertB', '/dismiss')).set(as('owner')).send({ note: '担当課' }).expect(403);
    const withoutNote = await t.http().post(assignment('expertB', '/dismiss')).set(as('planner')).send({}).expect(400);
    expect(detailPaths(withoutNote.body)).toEqual(['/note']);
    const declined = await t
      .http()
      .post(assignment('expertA', '/dismiss'))
      .set(as('planner'))
      .send({ note: '未回答' })
      .expect(409);
    expect(declined.body.message).toMatch(/has declined this assignment/);
    await t
      .http()
      .post(path('/assignments/00000000-0000-4000-8000-000000000000/dismiss'))
      .set(as('planner'))
      .send({ note: '未回答' })
      .expect(404);

    const dismissed = await t
      .http()
      .post(assignment('expertB', '/dismiss'))
      .set(as('planner'))
      .send({ note: '意見の提出がないため' })
      .expect(200);

    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      statusLabel: '未回答で解除',
      dismissalNote: '意見の提出がないため',
    });
    await t.http().post(assignment('expertB', '/dismiss')).set(as('planner')).send({ note: '再度' }).expect(409);
    // The expert no longer sees the report.
    await t.http().get(path()).set(as('expertB')).expect(404);
  });

  it('reopening: declined or dismissed only, with a due date from today on; the expert may answer again', async () => {
    await t.http().post(assignment('expertB', '/reopen')).set(as('expertB')).send({}).expect(403);
    const past = await t
      .http()
      .post(assignment('expertB', '/reopen'))
      .set(as('planner'))
      .send({ dueDate: dueInDays(-1) })
      .expect(400);
    expect(detailPaths(past.body)).toEqual(['/dueDate']);
    await t.http().post(assignment('expertB', '/reopen')).set(as('planner')).send({ dueDate: 'いつか' }).expect(400);

    const reopened = await t
      .http()
      .post(assignment('expertB', '/reopen'))
      .set(as('planner'))
      .send({ dueDate: 'R20.1.15' })
      .expect(200);

    expect(reopened.body).toMatchObject({ status: 'pending', dueDate: '2038-01-15', conflictDeclared: false });
    const again = await t.http().post(assignment('expertB', '/reopen')).set(as('planner')).send({}).expect(409);
    expect(again.body.message).toMatch(/Only a declined or dismissed assignment can be reopened/);
    await t
      .http()
      .post(assignment('expertB', '/respond'))
      .set(as('expertB'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
  });

  it('expert statistics: planning and administrators only, per fiscal year or in all', async () => {
    const statistics = `/api/v1/organizations/${cast.organizationId}/expert-statistics`;
    await t.http().get(statistics).set(as('owner')).expect(403);
    await t.http().get(statistics).set(as('expertA')).expect(403);
    await t.http().get(`${statistics}?fiscalYear=someday`).set(as('planner')).expect(400);

    const inYear = (await t.http().get(`${statistics}?fiscalYear=R4`).set(as('planner')).expect(200)).body;
    const elsewhere = (await t.http().get(`${statistics}?fiscalYear=2030`).set(as('admin')).expect(200)).body;

    expect(inYear.find((row: { expertUserId: string }) => row.expertUserId === cast.userIds.expertA)).toMatchObject({
      invitations: 1,
      declined: 1,
      lastDeclineReasonKind: 'outside_expertise',
      lastDeclineReasonLabel: '専門外',
      lastDeclinedAt: expect.any(String),
    });
    expect(inYear.find((row: { expertUserId: string }) => row.expertUserId === cast.userIds.expertB)).toMatchObject({
      invitations: 1,
      accepted: 1,
      dismissed: 0,
    });
    expect(elsewhere.every((row: { invitations: number }) => row.invitations === 0)).toBe(true);
  });

  it('the experts page lists every expert of the organization for planning, by fiscal year', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/experts?fiscalYear=2022`)
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain('外部有識者の一覧');
    expect(page.text).toContain('experta@example.jp');
    expect(page.text).toContain('専門外');
    const owner = await sessionCookie(t, 'owner@example.jp');
    await t.http().get(`/o/${cast.organizationId}/experts`).set('Cookie', owner).expect(403);
  });
});
