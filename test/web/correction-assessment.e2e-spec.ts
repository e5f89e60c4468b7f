import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { sendPageForm, shownText } from './support/page-forms';

/**
 * ⑦⑧の訂正 from the report page: during 訂正中 the planning division finds ⑦⑧ prefilled as published, corrects them,
 * and reads the change among those since the published edition; a corrected ⑧ is published by another planner, and
 * the report then says so beside who proposed and approved it.
 */
describe('Web pages: correcting ⑦⑧ of a published report', () => {
  const [seed] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  let page: string;
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const shownTo = async (email: string) =>
    (
      await t
        .http()
        .get(page)
        .set('Cookie', await sessionCookie(t, email))
        .expect(200)
    ).text;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    reportId = (await decideSeedReport(t, cast, seed)).id;
    page = `/o/${cast.organizationId}/reports/${reportId}`;
    await t.http().post(api('/publish')).set(as('planner')).expect(200);
    await t.http().post(api('/correct')).set(as('admin')).send({ reason: '⑧の理由の誤記' }).expect(200);
  }, 60_000);

  afterAll(() => t.close());

  it('offers planning, not the owner, a form of ⑦⑧ prefilled with the published values', async () => {
    const planner = await shownTo('planner@example.jp');
    expect(shownText(planner)).toContain('⑦⑧を訂正する');
    expect(planner).toContain(`action="${page}/correct-assessment"`);
    expect(shownText(planner)).toContain(seed.panelOpinion.replace(/\s+/g, ' ').trim());
    expect(shownText(planner)).toContain(seed.policyReason.replace(/\s+/g, ' ').trim());
    expect(planner).toContain('name="/rating" type="radio" value="effective" checked');
    expect(planner).toContain('name="/decision" type="radio" value="continue" checked');
    expect(await shownTo('owner@example.jp')).not.toContain(`action="${page}/correct-assessment"`);
  });

  it('shows a blank reason beside its field and writes nothing', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const { version } = (await t.http().get(api('')).set(as('planner')).expect(200)).body;

    const refused = await sendPageForm(t, cookie, page, `${page}/correct-assessment`, { '/reason': '   ' });

    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/class="error-message" id="[^"]*reason[^"]*-error"/);
    expect((await t.http().get(api('')).set(as('planner')).expect(200)).body.version).toBe(version);
  });

  it('corrects ⑦⑧, lists them among the changes since the published edition, and leaves publishing to another planner', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');

    const sent = await sendPageForm(t, cookie, page, `${page}/correct-assessment`, {
      '/opinion': '訂正した外部有識者からの意見',
      '/reason': '訂正した今後の方針の理由',
    });

    expect(sent.status).toBe(303);
    const after = shownText((await t.http().get(sent.headers.location).set('Cookie', cookie).expect(200)).text);
    expect(after).toContain('外部有識者からの評価(⑦)と今後の方針(⑧)を訂正しました。');
    expect(after).toContain('⑦外部有識者からの意見');
    expect(after).toContain('⑧今後の方針の理由');
    expect(after).toContain('訂正した今後の方針の理由');

    await t.http().post(api('/submit-correction')).set(as('owner')).expect(200);
    const corrector = await shownTo('planner@example.jp');
    expect(shownText(corrector)).toContain('あなたが今後の方針(⑧)を訂正したため、あなたは公表できません。');
    expect(corrector).not.toContain(`href="${page}/publish?`);
    expect(corrector).toContain(`action="${page}/return-correction"`);
    expect(await shownTo('approver@example.jp')).toContain(`href="${page}/publish?`);
  });

  it('says below 提案 and 承認, once published, in which edition ⑧ was corrected, by whom and who published it', async () => {
    await t.http().post(api('/publish')).set(as('approver')).expect(200);

    const shown = shownText(await shownTo('owner@example.jp'));

    expect(shown).toMatch(
      /提案 planner\(.+\) 承認 approver\(.+\) 訂正 第2版でplannerが訂正、approverが公表\(令和\d+年/,
    );
  });
});
