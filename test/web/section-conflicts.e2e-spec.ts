import type { Browser, Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, screenshot, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * The owning department fills the report in section by section, often in two tabs at once: a section saved in one tab
 * never refuses another section opened beside it, and the same section saved in both says what changed, keeps what was
 * typed, and lets the second save replace it once seen.
 */
describe('Web pages: sections of one draft saved from two tabs', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let firstTab: Page;
  let secondTab: Page;
  let reportUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    baseURL = await serve(t);
    browser = await launchBrowser();
    firstTab = await signInPage(browser, baseURL, 'owner@example.jp');
    secondTab = await firstTab.context().newPage();
  }, STEP_TIMEOUT);

  beforeEach(async () => {
    const seed = ASAHIKAWA_R4_REPORTS[0];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    reportUrl = `/o/${cast.organizationId}/reports/${report.id}`;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const save = (tab: Page) => tab.getByRole('button', { name: '下書きを保存する' }).click();

  it(
    'saves ④ in one tab and then ⑥ in the other, opened before it: both are kept',
    async () => {
      await firstTab.goto(`${reportUrl}/sections/budget`);
      await secondTab.goto(`${reportUrl}/sections/effect`);

      await firstTab.locator('#budget-line-1').getByLabel('事業名').fill('④を別のタブで直した事業名');
      await save(firstTab);
      await see(notice(firstTab), '下書きを保存しました');
      await secondTab.getByLabel('事業効果の説明').fill('⑥をこのタブで書き直した説明');
      await save(secondTab);

      await see(notice(secondTab), '下書きを保存しました');
      await see(secondTab.locator('#section-4'), '④を別のタブで直した事業名');
      await see(secondTab.locator('#section-6'), '⑥をこのタブで書き直した説明');
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses ⑥ saved in both tabs with what changed, keeps the typing, and saves it on a second, deliberate press',
    async () => {
      await firstTab.goto(`${reportUrl}/sections/effect`);
      await secondTab.goto(`${reportUrl}/sections/effect`);
      await firstTab.getByLabel('事業効果の説明').fill('先に保存した説明');
      await save(firstTab);
      await see(notice(firstTab), '下書きを保存しました');

      await secondTab.getByLabel('事業効果の説明').fill('後から保存する説明');
      await save(secondTab);

      // Nothing typed was wrong: a notice says what happened, not the summary of input errors.
      const refusal = secondTab.getByRole('alert');
      await see(refusal.getByRole('heading', { name: '別の画面またはほかの人が先に保存しました' }));
      expect(await secondTab.locator('.error-summary').count()).toBe(0);
      await see(refusal, 'この報告は、このページを開いた後に別の画面またはほかの人が保存しました');
      await see(refusal, '入力した内容はこのページに残っています');
      expect(await refusal.textContent()).not.toContain('ほかの人が先に保存したため');
      const changed = secondTab.getByRole('region', { name: /このページを開いた後に変わった項目/ });
      const row = changed.getByRole('row', { name: /⑥事業効果の説明/ });
      await see(row.locator('.diff--after'), '先に保存した説明');
      expect(await changed.getByRole('row').count()).toBe(2);
      expect(await secondTab.getByLabel('事業効果の説明').inputValue()).toBe('後から保存する説明');
      await expectAccessible(secondTab);
      await screenshot(secondTab, 'section-saved-meanwhile');

      await save(secondTab);

      await see(notice(secondTab), '下書きを保存しました');
      await see(secondTab.locator('#section-6'), '後から保存する説明');
    },
    STEP_TIMEOUT,
  );
});
