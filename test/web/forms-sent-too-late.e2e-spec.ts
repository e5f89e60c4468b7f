import { type Browser } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { underReview } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/**
 * A form sent when it can no longer be carried out (the report was closed to the expert writing in it) is refused with
 * the reason, and what was written in it is shown to copy: no text is lost without a word.
 */
describe('Web forms sent after the report closed meanwhile', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reviewedId = '';
  let reviewedPath = '';
  let assignmentId = '';
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const denialsOf = (path: string) =>
    t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'access.denied' AND details->>'path' = $1`, [path]);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const scenario = await underReview(t, cast);
    reviewedId = scenario.reviewed.id;
    reviewedPath = `/o/${cast.organizationId}/reports/${reviewedId}`;
    assignmentId = scenario.assignmentId;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'tells an expert dismissed while writing that the report no longer opens, shows the opinion to copy, and records no denial',
    async () => {
      const expert = await signInPage(browser, baseURL, 'experta@example.jp');
      await expert.goto(reviewedPath);
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/reports/${reviewedId}/assignments/${assignmentId}/dismiss`)
        .set(as('planner'))
        .send({ note: '期限を過ぎても連絡がつかないため' })
        .expect(200);

      const opinion = `KPIは目標を上回っており、事業の継続が妥当。${'あ'.repeat(10_000 - 22)}`;
      await expert.locator('input[name="/rating"]').first().check();
      await expert.getByLabel('意見', { exact: true }).fill(opinion);
      const [saved] = await Promise.all([
        expert.waitForResponse((response) => response.request().method() === 'POST'),
        expert.getByRole('button', { name: '意見と評価を保存する' }).click(),
      ]);
      expect(saved.status()).toBe(409);
      await see(expert.getByRole('heading', { level: 1, name: 'この報告は、いまは開けません' }));
      await see(expert.locator('main'), '意見照会の辞退や取消し、報告の削除などにより、見られなくなりました。');
      const kept = expert.getByLabel('意見', { exact: true });
      expect(await kept.inputValue()).toBe(opinion);
      expect(await kept.isEditable()).toBe(false);
      await expectAccessible(expert);
      expect(await denialsOf(`${reviewedPath}/assignments/${assignmentId}/opinion`)).toEqual([]);

      await expert.getByRole('link', { name: 'トップページへ戻る' }).click();
      await see(expert.getByRole('heading', { level: 1, name: '担当する報告' }));
      await expert.context().close();
    },
    STEP_TIMEOUT,
  );
});
