import { type Browser } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/**
 * Context while entering ⑤: last year's published value beside each KPI, and a warning, to confirm or correct, for a
 * value that moved against the KPI's direction. The page works without JavaScript; with it, the warning is live.
 */
describe('Web ⑤ form: last year’s published value and the warning against it', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const api = `/api/v1/organizations/${cast.organizationId}`;
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    const project = await t
      .http()
      .post(`${api}/projects`)
      .set(auth)
      .send({
        departmentId: cast.departmentId,
        projectNumber: '12',
        name: '観光客誘致促進事業',
        grantTypeCode: 'promotion',
        planStartFiscalYear: 2022,
        planEndFiscalYear: 2024,
        overview: '観光客を誘致する。',
        kpis: [{ position: 1, name: '商談成立数', baseline: 100, target: 200, unit: '件', targetYearMonth: '2025-03' }],
      })
      .expect(201);
    const r4 = (
      await t.http().post(`${api}/reports`).set(auth).send({ projectId: project.body.id, fiscalYear: 2022 }).expect(201)
    ).body;
    await t
      .http()
      .patch(`${api}/reports/${r4.id}`)
      .set(auth)
      .send({ version: r4.version, kpiResults: [{ position: 1, latestValue: 124, latestAsOf: 'R5.6' }] })
      .expect(200);
    // The workflow is not what this suite checks: the R4 report is moved to published directly.
    await t.dataSource.query(`UPDATE result_reports SET status = 'published', published_at = now() WHERE id = $1`, [
      r4.id,
    ]);
    const r5 = (
      await t.http().post(`${api}/reports`).set(auth).send({ projectId: project.body.id, fiscalYear: 2023 }).expect(201)
    ).body;
    reportPath = `/o/${cast.organizationId}/reports/${r5.id}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'without JavaScript: shows R4’s published value, warns of a lower one after saving, and takes the confirmation',
    async () => {
      const owner = await signInPage(browser, baseURL, 'owner@example.jp', { javaScriptEnabled: false });
      await owner.goto(`${reportPath}/sections/kpis`);
      const kpi = owner.locator('#kpi-1');
      await see(kpi.locator('dt'), '前年度の公表値');
      expect(await owner.locator('#kpi-1-last-published').innerText()).toContain('124件(R5.6月時点)');
      // The new draft's yearly actuals start from the published record.
      expect(await owner.locator('#f-kpiResults-0-yearlyActuals-0-value').inputValue()).toBe('124');

      await owner.locator('#f-kpiResults-0-latestValue').fill('110');
      await owner.locator('#f-kpiResults-0-latestAsOf').fill('R6.3');
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(owner), '下書きを保存しました');

      const warning = '110 が、R4年度の公表値 124(R5.6月) から、目指す方向とは逆に動いています';
      await see(owner.locator('#section-5 .warning-text'), `注意: 指標①の最新値: ${warning}`);
      await see(
        owner.locator('#submission-problems'),
        '⑤指標①の最新値が、前年度の公表値から目指す方向とは逆に動いています',
      );

      await owner.getByLabel(`⑤指標①の最新値:${warning}`).check();
      await owner.getByRole('button', { name: '確認済みにする' }).click();
      await see(notice(owner), '警告を確認済みにしました');
      await see(owner.locator('#section-5 .warning-text--acknowledged'), `確認済み: 指標①の最新値: ${warning}`);
      expect(await owner.locator('#submission-problems').innerText()).not.toContain('前年度の公表値');

      await owner.goto(`${reportPath}/sections/kpis`);
      await see(owner.locator('#kpi-achievement .warning-text--acknowledged'), warning);
    },
    STEP_TIMEOUT,
  );

  it(
    'with JavaScript: warns while typing, and tells a confirmed value from a new one',
    async () => {
      const owner = await signInPage(browser, baseURL, 'owner@example.jp');
      await owner.goto(`${reportPath}/sections/kpis`);
      await owner.locator('#f-kpiResults-0-latestValue').fill('105');
      await see(owner.locator('#kpi-achievement .warning-text'), '注意: ⑤指標①の最新値: 105 が、R4年度の公表値 124');
      await expectAccessible(owner);

      await owner.locator('#f-kpiResults-0-latestValue').fill('130');
      await see(owner.locator('#kpi-achievement'), '30.0%');
      expect(await owner.locator('#kpi-achievement .warning-text').count()).toBe(0);
    },
    STEP_TIMEOUT,
  );
});
