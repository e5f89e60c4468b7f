import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport, projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * A project whose R4 report was decided with ⑧ 事業の終了 gets no draft when R5 is opened, unless the administrator
 * ticks it on the confirmation page (a project that ends as planned may still have run that year). Without JavaScript.
 * Starting one report by hand stays open, with the decision named beside the project.
 */
describe('Web pages: opening a year after a project was decided to end', () => {
  const [ending, alsoEnding, ordinary] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let admin: Page;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // Two projects whose R4 (2022) reports were decided 事業の終了, and one more whose plan covers R5.
    for (const seed of [ending, alsoEnding]) await decideSeedReport(t, cast, seed, 'end');
    await t
      .http()
      .post(api('/projects'))
      .set(as('owner'))
      .send({ ...projectRequest(ordinary, cast.departmentId), planStartFiscalYear: 2022, planEndFiscalYear: 2024 })
      .expect(201);
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Fills in the year's form and asks to open it: the confirmation page, nothing stored yet. */
  async function askToOpenR5(page: Page): Promise<void> {
    await page.goto(`/o/${cast.organizationId}/admin/cycles`);
    await page.getByLabel('年度', { exact: true }).fill('R5');
    await page.getByLabel('提出期限').fill('R6.5.31');
    await page.getByRole('button', { name: '年度を開始する' }).click();
    await see(page.getByRole('heading', { level: 1 }), 'R5年度を開始しますか');
  }

  it(
    'passes axe-core on the confirmation page with its checkboxes',
    async () => {
      // axe-core runs inside the page, so this administrator has JavaScript on.
      const page = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await askToOpenR5(page);
      await see(page.getByRole('checkbox').first());
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );

  it(
    'names the ended projects apart on the confirmation page, and starts a draft only for the one ticked',
    async () => {
      await askToOpenR5(admin);
      await see(
        admin.locator('main'),
        'まだ報告がない1件に、作成中の報告を作ります(下でチェックした事業を含めると最大3件)。',
      );
      await see(
        admin.locator('main'),
        '前年度までの今後の方針が「事業の終了」の事業(2件)には、報告を作りません。この年度も実施した事業は、下で選ぶと報告を作ります。',
      );
      const ended = admin.getByRole('group', { name: '前年度までの今後の方針が「事業の終了」の事業' });
      const first = ended.getByRole('checkbox', { name: new RegExp(`^No\\.1 ${ending.projectName}`) });
      const second = ended.getByRole('checkbox', { name: /^No\.2 / });
      expect(await ended.getByRole('checkbox').count()).toBe(2);
      expect(await first.isChecked()).toBe(false);
      expect(await second.isChecked()).toBe(false);
      await see(ended, 'R4年度の今後の方針「事業の終了」・②実施計画期間 R3年度～R5年度');

      await first.check();
      await admin.getByRole('button', { name: '年度を開始する' }).click();

      await see(
        notice(admin),
        'R5年度を開始しました。作成中の報告を2件作成しました。今後の方針が事業の終了・中止と決まった1件には、報告を作っていません。',
      );
      const drafts = (await t.http().get(api('/reports')).query({ fiscalYear: 2023 }).set(as('admin')).expect(200)).body
        .items;
      expect(drafts.map((report: { projectName: string }) => report.projectName).sort()).toEqual(
        [ending.projectName, ordinary.projectName].sort(),
      );
    },
    STEP_TIMEOUT,
  );

  it(
    'names the decision to end beside the project on the new-report page, and still starts a report asked for',
    async () => {
      const owner = await signInPage(browser, baseURL, 'owner@example.jp', { javaScriptEnabled: false });
      await owner.goto(`/o/${cast.organizationId}/new-report`);
      const projects = owner.getByRole('group', { name: '国提出事業' });
      await see(
        projects,
        '今後の方針が事業の終了・中止と決まった事業は、その後も実施した年度の報告だけを作成してください。',
      );
      const ended = projects.getByRole('radio', { name: new RegExp(`^No\\.2 ${alsoEnding.projectName}`) });
      await see(
        projects.locator('label', { has: owner.locator('.radios__hint') }).first(),
        'R4年度の報告で今後の方針が「事業の終了」と決まっています。',
      );
      expect(await projects.locator('.radios__hint').count()).toBe(2);

      await ended.check();
      await owner.getByLabel('報告する年度').fill('R5');
      await owner.getByRole('button', { name: '報告を作成する' }).click();

      await see(notice(owner));
      await see(owner.getByRole('heading', { level: 1 }), alsoEnding.projectName);
    },
    STEP_TIMEOUT,
  );
});
