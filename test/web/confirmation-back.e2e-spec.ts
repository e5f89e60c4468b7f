import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { type ReviewScenario, reviewAndPropose, underReview } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, PageTab, shownText } from './support/page-forms';

/** A ⑦ opinion as planning edits it: several paragraphs, quotes and signs a page must not mangle. */
const LONG_OPINION = Array.from(
  { length: 12 },
  (_, index) =>
    `${index + 1}. 委員の意見を踏まえると、KPI「観光入込客数」は目標の98%に達し、事業の効果は「一定程度」認められる。` +
    `ただし <広域連携> & 民間との役割分担については、次年度以降も検証を続ける必要がある。`,
).join('\n\n');

/**
 * 「戻る」 on the page that asks before an action that cannot be undone leads back to the form with what was typed,
 * without JavaScript, and does nothing: no audit entry, the report as it was. Confirming still carries the action out.
 */
describe('Going back from a confirmation page to the form as it was typed', () => {
  let t: TestApp;
  let cast: Cast;
  let scenario: ReviewScenario;
  const organization = () => `/o/${cast.organizationId}`;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    scenario = await underReview(t, cast);
    // The draft taken as far as published, so that a correction can be started on it.
    const published = (rest: string) => api(`/reports/${scenario.draft.id}${rest}`);
    await t.http().post(published('/submit')).set(as('owner')).expect(200);
    await reviewAndPropose(t, cast, scenario.draft.id, ASAHIKAWA_R4_REPORTS[0]);
    await t.http().post(published('/approve')).set(as('approver')).expect(200);
    await t.http().post(published('/publish')).set(as('planner')).expect(200);
    // Expert A's opinion on the report under review, which planning consolidates.
    await t
      .http()
      .put(api(`/reports/${scenario.reviewed.id}/assignments/${scenario.assignmentId}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
  });

  afterAll(() => t.close());

  async function tabOf(email: string): Promise<PageTab> {
    return new PageTab(t, await sessionCookie(t, email));
  }

  /** The values of the form that posts to `action` on `html`, by field name. */
  function valuesOf(html: string, action: string): Record<string, string> {
    const form = formsOf(html, action).find((candidate) => candidate.action === action);
    if (!form) throw new Error(`no form posting to ${action}`);
    return Object.fromEntries(form.fields);
  }

  async function auditEntries(): Promise<number> {
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_entries`);
    return count;
  }

  async function report(id: string) {
    return (
      await t
        .http()
        .get(api(`/reports/${id}`))
        .set(as('admin'))
        .expect(200)
    ).body;
  }

  it('訂正を始める: 戻る shows the reason typed, starts nothing; confirming starts the correction', async () => {
    const page = `${organization()}/reports/${scenario.draft.id}`;
    const action = `${page}/correct`;
    const reason = '⑥の事業効果の説明に誤記があったため。\n「観光入込客数」の単位を訂正する。';
    const admin = await tabOf('admin@012041.example.jp');
    await admin.open(page);
    const before = { entries: await auditEntries(), report: await report(scenario.draft.id) };
    expect(before.report.status).toBe('published');

    const asked = await admin.send(action, { '/reason': reason });
    expect(asked.status).toBe(200);
    expect(shownText(asked.text)).toContain('公表済みの報告の訂正を始めますか');
    // The form comes back at the reason's field, not at the top of the report.
    expect(asked.text).toContain(`formaction="${action}#f-reason"`);

    const back = await admin.send(action, {}, '戻る');
    expect(back.status).toBe(200);
    expect(shownText(back.text)).not.toContain('公表済みの報告の訂正を始めますか');
    expect(shownText(back.text)).not.toContain('入力内容に問題があります');
    expect(valuesOf(back.text, action)['/reason']).toBe(reason);
    expect(await auditEntries()).toBe(before.entries);
    expect(await report(scenario.draft.id)).toMatchObject({ status: 'published', version: before.report.version });

    expect((await admin.send(action, {}, '訂正を始める')).status).toBe(200);
    // 戻る sends the confirmation page's form, as its other button does: without the page's CSRF token it is refused.
    expect((await admin.send(action, { _csrf: null }, '戻る')).status).toBe(403);
    expect((await admin.send(action, {}, '訂正を始める')).status).toBe(303);
    expect(await report(scenario.draft.id)).toMatchObject({ status: 'correcting', correctionReason: reason });
  });

  it('年度を開始する: 戻る shows the year and both deadlines as typed, opens nothing; confirming opens it', async () => {
    const page = `${organization()}/admin/cycles`;
    const typed = { '/fiscalYear': 'R6', '/submissionDueDate': '令和7年5月31日', '/reviewDueDate': 'R7.7.15' };
    const admin = await tabOf('admin@012041.example.jp');
    await admin.open(page);
    const entries = await auditEntries();
    const cycles = async () => (await t.http().get(api('/cycles')).set(as('admin')).expect(200)).body;

    const asked = await admin.send(page, typed);
    expect(asked.status).toBe(200);
    expect(shownText(asked.text)).toContain('R6年度を開始しますか');

    const back = await admin.send(page, {}, '戻る');
    expect(back.status).toBe(200);
    expect(shownText(back.text)).not.toContain('R6年度を開始しますか');
    expect(valuesOf(back.text, page)).toMatchObject(typed);
    expect(await auditEntries()).toBe(entries);
    expect((await cycles()).map((cycle: { fiscalYear: number }) => cycle.fiscalYear)).toEqual([2023]);

    expect((await admin.send(page, {}, '年度を開始する')).status).toBe(200);
    expect((await admin.send(page, {}, '年度を開始する')).status).toBe(303);
    expect(await cycles()).toContainEqual(
      expect.objectContaining({ fiscalYear: 2024, submissionDueDate: '2025-05-31', reviewDueDate: '2025-07-15' }),
    );
  });

  it('評価を取りまとめる: 戻る shows the long ⑦ text and the rating as typed, ends nothing; confirming records them', async () => {
    const page = `${organization()}/reports/${scenario.reviewed.id}`;
    const action = `${page}/evaluate`;
    const planner = await tabOf('planner@example.jp');
    await planner.open(`${page}/consolidate`);
    const before = { entries: await auditEntries(), report: await report(scenario.reviewed.id) };

    const asked = await planner.send(action, { '/rating': 'effective', '/opinion': LONG_OPINION });
    expect(asked.status).toBe(200);
    expect(shownText(asked.text)).toContain('評価を取りまとめますか');

    const back = await planner.send(action, {}, '戻る');
    expect(back.status).toBe(200);
    expect(shownText(back.text)).toContain('⑦ 外部有識者からの評価を取りまとめる');
    expect(valuesOf(back.text, action)).toMatchObject({ '/rating': 'effective', '/opinion': LONG_OPINION });
    expect(await auditEntries()).toBe(before.entries);
    expect(await report(scenario.reviewed.id)).toMatchObject({
      status: before.report.status,
      version: before.report.version,
    });

    expect((await planner.send(action, {}, '評価を取りまとめる')).status).toBe(200);
    expect((await planner.send(action, {}, '評価を取りまとめる')).status).toBe(303);
    expect((await report(scenario.reviewed.id)).evaluation).toMatchObject({ opinion: LONG_OPINION });
  });

  it('一括公表: 戻る leads to the year’s board and publishes nothing; confirming publishes what was listed', async () => {
    const reviewed = (rest: string) => api(`/reports/${scenario.reviewed.id}${rest}`);
    await t
      .http()
      .post(reviewed('/propose'))
      .set(as('planner'))
      .send({ decision: 'continue', reason: ASAHIKAWA_R4_REPORTS[1].policyReason })
      .expect(200);
    await t.http().post(reviewed('/approve')).set(as('approver')).expect(200);
    const page = `${organization()}/board/publication`;
    const planner = await tabOf('planner@example.jp');
    await planner.open(`${page}?fiscalYear=2022`);
    const entries = await auditEntries();

    const back = await planner.send(page, {}, '戻る');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(`${organization()}/board?fiscalYear=2022`);
    expect(await auditEntries()).toBe(entries);
    expect((await report(scenario.reviewed.id)).status).toBe('decided');

    await planner.open(`${page}?fiscalYear=2022`);
    expect((await planner.send(page, {}, '1件を公表する')).status).toBe(303);
    expect((await report(scenario.reviewed.id)).status).toBe('published');
  });

  it('a confirmation reached by a link (終了する) goes back by a link: nothing was typed to keep', async () => {
    const cycles = `${organization()}/admin/cycles`;
    const admin = await tabOf('admin@012041.example.jp');
    const asked = await admin.open(`${cycles}/${scenario.cycleId}/close`);
    const form = formsOf(asked.text, cycles).find(
      (candidate) => candidate.action === `${cycles}/${scenario.cycleId}/close`,
    );
    expect(form?.buttons.map((button) => button.label)).toEqual(['年度を終了する']);
    expect(asked.text).toContain(`<a class="button button--secondary" href="${cycles}">戻る</a>`);
  });
});
