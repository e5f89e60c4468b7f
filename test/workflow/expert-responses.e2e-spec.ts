import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, PageTab, shownText } from '../web/support/page-forms';

/** The host the report page's tabs are at, so that a refused form's page is one to send from in turn. */
const SITE = 'kpiv.test';

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
  /** What saving an opinion writes about the report: its audit entries, announcements and version. */
  const opinionFootprint = async () => {
    const [{ entries }] = await t.dataSource.query(
      `SELECT count(*)::int AS entries FROM audit_entries WHERE action = 'opinion.entered' AND entity_id = $1`,
      [reportId],
    );
    const [{ announced }] = await t.dataSource.query(
      `SELECT count(*)::int AS announced FROM notification_outbox WHERE type = 'opinion.entered' AND report_id = $1`,
      [reportId],
    );
    const [{ version }] = await t.dataSource.query('SELECT version FROM result_reports WHERE id = $1', [reportId]);
    return { entries, announced, version };
  };

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

  it('an opinion typed in a tab opened before another tab saved one is refused on the page (409), what was typed kept', async () => {
    const reportPage = `/o/${cast.organizationId}/reports/${reportId}`;
    const action = `${reportPage}/assignments/${assignmentOf.expertB}/opinion`;
    const cookie = await sessionCookie(t, 'expertb@example.jp');
    const [first, second] = [new PageTab(t, cookie, SITE), new PageTab(t, cookie, SITE)];
    await first.open(reportPage);
    await second.open(reportPage);

    expect((await first.send(action, { '/rating': 'effective', '/opinion': 'タブ1の意見' })).status).toBe(303);
    const saved = await opinionFootprint();
    const refused = await second.send(action, { '/rating': 'not_effective', '/opinion': 'タブ2の意見' });

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      '別の画面またはほかの人が先に保存しました このページを開いた後に、別の画面またはほかの人があなたの意見を保存したため、保存していません。入力した意見と評価はこのページに残っています。',
    );
    expect(shownText(refused.text)).toContain('いま保存されている意見 保存した日時');
    expect(shownText(refused.text)).toContain('事業の評価 総合戦略のKPI達成に有効であった 意見 タブ1の意見');
    const form = formsOf(refused.text, reportPage).find((candidate) => candidate.action === action)!;
    expect(Object.fromEntries(form.fields)).toMatchObject({ '/rating': 'not_effective', '/opinion': 'タブ2の意見' });
    expect(await opinionFootprint()).toEqual(saved);
    expect(await seenByPlanning('expertB')).toMatchObject({ rating: 'effective', opinion: 'タブ1の意見' });

    // Sent again from the page that showed the opinion saved, it replaces that one knowingly.
    expect((await second.send(action)).status).toBe(303);
    expect(await seenByPlanning('expertB')).toMatchObject({ rating: 'not_effective', opinion: 'タブ2の意見' });
  });

  it('an opinion sent over the API on one read before another was saved is refused (409), nothing audited or announced', async () => {
    const read = (await seenByPlanning('expertB')).opinionSubmittedAt;
    const send = (body: object) => t.http().put(assignment('expertB', '/opinion')).set(as('expertB')).send(body);
    const revised = await send({
      rating: 'effective',
      opinion: '一方の画面で直した意見',
      opinionSubmittedAtRead: read,
    });
    const saved = await opinionFootprint();

    const refused = await send({ rating: 'not_effective', opinion: '他方の画面の意見', opinionSubmittedAtRead: read });
    const unread = await send({ rating: 'not_effective', opinion: '他方の画面の意見' });

    expect(revised.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/^An opinion was saved on this assignment since it was read/);
    expect(refused.body.details).toEqual({
      currentOpinion: {
        rating: 'effective',
        opinion: '一方の画面で直した意見',
        opinionSubmittedAt: revised.body.opinionSubmittedAt,
      },
    });
    expect(unread.status).toBe(400);
    expect(detailPaths(unread.body)).toEqual(['/opinionSubmittedAtRead']);
    expect(await opinionFootprint()).toEqual(saved);
    expect(await seenByPlanning('expertB')).toMatchObject({ opinion: '一方の画面で直した意見' });
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
