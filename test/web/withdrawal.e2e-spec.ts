import { type Browser } from 'playwright-core';
import { importAsPublished, seedText } from '../imports/import-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/** 公表の取消 from the report page: a reason, a page that says what it does, and the report page saying it happened. */
describe('Web pages: withdrawing a publication (公表の取消)', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const { imported } = await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
      text: seedText('asahikawa-r4-results-report.txt'),
      sourceName: 'asahikawa-r4-results-report.txt',
      departmentId: cast.departmentId,
    });
    reportPath = `/o/${cast.organizationId}/reports/${imported.reports[0].reportId}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'an administrator gives a reason, confirms, and the report page says when and why, without JavaScript',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(reportPath);
      await admin.getByRole('button', { name: '公表を取り消す' }).click();
      await see(admin.locator('.error-summary'), '公表を取り消す理由');
      await admin.getByLabel('公表を取り消す理由').fill('KPIの実績値に誤りがあったため');
      await admin.getByRole('button', { name: '公表を取り消す' }).click();
      await see(admin.getByRole('heading', { level: 1 }), '公表を取り消しますか');
      await see(admin.locator('.summary-list'), 'KPIの実績値に誤りがあったため');
      await admin.getByRole('button', { name: '公表を取り消す' }).click();
      await see(notice(admin), '公表を取り消しました');
      await see(admin.locator('#withdrawn-title'), 'この報告の公表は取り消されています');
      await see(admin.locator('main'), 'KPIの実績値に誤りがあったため');
      expect(await admin.getByRole('button', { name: '公表を取り消す' }).count()).toBe(0);

      // The accessibility check runs its script in the page: a second session, with JavaScript.
      const reader = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await reader.goto(reportPath);
      await see(reader.locator('#withdrawn-title'), 'この報告の公表は取り消されています');
      await expectAccessible(reader);
    },
    STEP_TIMEOUT,
  );
});
