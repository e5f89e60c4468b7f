import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, PageTab, sendPageForm, shownText } from '../web/support/page-forms';

/**
 * 評価の取りまとめ consolidates the panel's opinions, so it waits for every expert still asked: while one has not
 * answered or has accepted without an opinion, the evaluation is refused with 409 naming them, and nothing is written.
 * Planning gets the opinion in (on the expert's behalf, from the committee pack) or dismisses the expert (未回答で解除).
 * A review whose experts all declined or were dismissed awaits no one: planning evaluates alone.
 */
describe('Evaluating only once the opinions asked for are in', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const path = (reportId: string, rest = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const page = (reportId: string, rest = '') => `/o/${cast.organizationId}/reports/${reportId}${rest}`;
  const evaluation = { rating: 'effective', opinion: '委員の意見を取りまとめ、有効であったと評価する。' };
  const read = async (reportId: string) => (await t.http().get(path(reportId)).set(as('planner')).expect(200)).body;
  const nameOf = async (who: string): Promise<string> =>
    (await t.dataSource.query('SELECT display_name FROM users WHERE id = $1', [cast.userIds[who]]))[0].display_name;
  const evaluations = async (reportId: string): Promise<number> =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'report.evaluated' AND entity_id = $1`,
        [reportId],
      )
    )[0].count;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  /** A seed report submitted and accepted with `experts` asked; their assignments by who they are. */
  async function underReviewOf(seedIndex: number, experts: string[]) {
    const seed = ASAHIKAWA_R4_REPORTS[seedIndex];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path(report.id, '/accept'))
      .set(as('planner'))
      .send({ experts: experts.map((who) => cast.userIds[who]), dueDate: dueInDays(14) })
      .expect(200);
    const assignments: { id: string; expertUserId: string }[] = (
      await t.http().get(path(report.id, '/assignments')).set(as('planner')).expect(200)
    ).body;
    const assignmentOf = (who: string) => assignments.find((row) => row.expertUserId === cast.userIds[who])!.id;
    return { reportId: report.id as string, assignmentOf };
  }

  it('refuses with 409 while one expert has not answered and another accepted without an opinion, naming both', async () => {
    const { reportId, assignmentOf } = await underReviewOf(0, ['expertA', 'expertB']);
    await t
      .http()
      .post(path(reportId, `/assignments/${assignmentOf('expertA')}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    const before = await read(reportId);

    const refused = await t.http().post(path(reportId, '/evaluate')).set(as('planner')).send(evaluation).expect(409);

    const [nameA, nameB] = [await nameOf('expertA'), await nameOf('expertB')];
    expect(refused.body.message).toContain(`${nameA} (accepted, no opinion yet)`);
    expect(refused.body.message).toContain(`${nameB} (not answered yet)`);
    expect(refused.body.details.awaitedExperts).toEqual(
      expect.arrayContaining([
        { expertUserId: cast.userIds.expertA, name: nameA, status: 'accepted' },
        { expertUserId: cast.userIds.expertB, name: nameB, status: 'pending' },
      ]),
    );
    expect(await read(reportId)).toMatchObject({ status: 'in_expert_review', version: before.version });
    expect(await evaluations(reportId)).toBe(0);

    // Expert A's opinion in: only expert B, who never answered, is awaited.
    await t
      .http()
      .put(path(reportId, `/assignments/${assignmentOf('expertA')}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    const stillAwaited = await t
      .http()
      .post(path(reportId, '/evaluate'))
      .set(as('planner'))
      .send(evaluation)
      .expect(409);
    expect(stillAwaited.body.details.awaitedExperts).toEqual([
      { expertUserId: cast.userIds.expertB, name: nameB, status: 'pending' },
    ]);

    // Dismissed (未回答で解除), expert B is no longer waited for.
    await t
      .http()
      .post(path(reportId, `/assignments/${assignmentOf('expertB')}/dismiss`))
      .set(as('planner'))
      .send({ note: '期限を過ぎても連絡がつかないため' })
      .expect(200);
    const evaluated = await t.http().post(path(reportId, '/evaluate')).set(as('planner')).send(evaluation).expect(200);
    expect(evaluated.body.status).toBe('evaluated');
  });

  it('lets planning evaluate alone a review whose only expert declined: no one is asked any more', async () => {
    const { reportId, assignmentOf } = await underReviewOf(1, ['expertA']);
    await t
      .http()
      .post(path(reportId, `/assignments/${assignmentOf('expertA')}/respond`))
      .set(as('expertA'))
      .send({ accept: false, declineReasonKind: 'no_time' })
      .expect(200);

    const evaluated = await t.http().post(path(reportId, '/evaluate')).set(as('planner')).send(evaluation).expect(200);

    expect(evaluated.body.status).toBe('evaluated');
  });

  it('the page withholds the ⑦ form, names who is awaited and says what to do; a form sent meanwhile keeps its text', async () => {
    const { reportId, assignmentOf } = await underReviewOf(2, ['expertA']);
    const planner = await sessionCookie(t, 'planner@example.jp');
    const tab = new PageTab(t, planner);
    const nameA = await nameOf('expertA');

    const awaiting = await tab.open(page(reportId, '/consolidate'));
    const evaluateForms = (html: string) =>
      formsOf(html, page(reportId)).filter((form) => form.action === page(reportId, '/evaluate'));
    expect(evaluateForms(awaiting.text)).toEqual([]);
    expect(shownText(awaiting.text)).toContain('依頼した外部有識者の意見がそろうまで、評価は取りまとめられません。');
    expect(shownText(awaiting.text)).toContain(`${nameA}さん(依頼に未回答)`);
    expect(shownText(awaiting.text)).toContain('未回答で解除する');
    const reportPage = shownText((await tab.open(page(reportId))).text);
    expect(reportPage).toContain(`${nameA}さん(依頼に未回答)`);
    expect(reportPage).not.toContain('意見を取りまとめる');

    // Expert A dismissed, the form is offered; asked again while planning writes ⑦, the form sent is refused.
    await t
      .http()
      .post(path(reportId, `/assignments/${assignmentOf('expertA')}/dismiss`))
      .set(as('planner'))
      .send({ note: '連絡がつかないため' })
      .expect(200);
    const refused = await sendPageForm(
      t,
      planner,
      page(reportId, '/consolidate'),
      page(reportId, '/evaluate'),
      { '/rating': 'effective', '/opinion': evaluation.opinion, confirmed: 'yes' },
      () =>
        t
          .http()
          .post(path(reportId, `/assignments/${assignmentOf('expertA')}/reopen`))
          .set(as('planner'))
          .send({ dueDate: dueInDays(14) })
          .expect(200),
    );

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      '意見がまだそろっていない外部有識者がいるため、評価を取りまとめていません。',
    );
    expect(shownText(refused.text)).toContain(`${nameA}さん(依頼に未回答)`);
    expect(refused.text).toContain(evaluation.opinion);
    expect(await read(reportId)).toMatchObject({ status: 'in_expert_review' });
    expect(await evaluations(reportId)).toBe(0);
  });
});
