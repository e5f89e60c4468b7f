import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport, projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * The year board names the projects that should report on the year and have none: one whose plan period ended though
 * its latest ⑧ continues it (the year's opening starts no draft for it), and one registered after the year was opened.
 * Each has a link that starts its report of the year, here and on its card on the projects page. Without JavaScript.
 */
describe('Web pages: projects without a report of the year on the year board', () => {
  // Plan R2–R4 (2020–2022), decided 事業の継続 in R4; plan R3–R7 (2021–2025), registered before R5 was opened.
  const [, ordinary, continued, late] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let planner: Page;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const boardOfR5 = () => planner.goto(`/o/${cast.organizationId}/board?fiscalYear=R5`);
  const unreported = () => planner.getByRole('region', { name: /^報告がない事業/ });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    await decideSeedReport(t, cast, continued, 'continue');
    await t
      .http()
      .post(api('/projects'))
      .set(as('owner'))
      .send(projectRequest(ordinary, cast.departmentId))
      .expect(201);
    await t
      .http()
      .post(api('/cycles'))
      .set(as('admin'))
      .send({ fiscalYear: 2023, submissionDueDate: '2024-05-31' })
      .expect(201);
    // Registered after R5 was opened, with a plan period covering it.
    await t
      .http()
      .post(api('/projects'))
      .set(as('owner'))
      .send({ ...projectRequest(late, cast.departmentId), planStartFiscalYear: 2023, planEndFiscalYear: 2025 })
      .expect(201);
    baseURL = await serve(t);
    browser = await launchBrowser();
    planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'names each project without a report of the year, and why it should have one',
    async () => {
      await boardOfR5();
      await see(unreported().getByRole('heading', { level: 2 }), '報告がない事業(2件)');
      const items = unreported().locator('.attention-list__item');
      expect(await items.locator('.attention-list__title').allInnerTexts()).toEqual([
        `No.3 ${continued.projectName}`,
        `No.4 ${late.projectName}`,
      ]);
      expect(await items.locator('.hint').allInnerTexts()).toEqual([
        '経済部・②実施計画期間 R2年度～R4年度(この年度を含みません)・R4年度の今後の方針「事業の継続」',
        '経済部・②実施計画期間 R5年度～R7年度',
      ]);
      // The one drafted when the year was opened is on the board, not here.
      await see(planner.locator('main'), '全1件');
    },
    STEP_TIMEOUT,
  );

  it(
    'offers the same on the projects page, on the card of each project without its report of the opened year',
    async () => {
      await planner.goto(`/o/${cast.organizationId}/projects`);
      const card = (seed: { projectName: string }) =>
        planner.locator('.card').filter({ has: planner.getByRole('heading', { name: seed.projectName }) });
      const startR5 = /^R5年度の報告を作成する/;
      await see(card(late).getByRole('link', { name: startR5 }));
      await see(card(continued).getByRole('link', { name: startR5 }));
      // Drafted when the year was opened: nothing to offer.
      expect(await card(ordinary).getByRole('link', { name: startR5 }).count()).toBe(0);

      await card(late).getByRole('link', { name: startR5 }).click();
      await see(planner.getByRole('heading', { level: 1 }), '新しい報告を作成');
      expect(await planner.getByRole('radio', { name: new RegExp(`^No\\.4 ${late.projectName}`) }).isChecked()).toBe(
        true,
      );
      expect(await planner.getByLabel('報告する年度').inputValue()).toBe('R5年度');
    },
    STEP_TIMEOUT,
  );

  it(
    "starts a listed project's report of the year from its link, which then leaves the list",
    async () => {
      await boardOfR5();
      await unreported()
        .getByRole('link', { name: new RegExp(`^R5年度の報告を作成する\\s?: No\\.4 `) })
        .click();
      await see(planner.getByRole('heading', { level: 1 }), '新しい報告を作成');
      expect(await planner.getByRole('radio', { name: new RegExp(`^No\\.4 ${late.projectName}`) }).isChecked()).toBe(
        true,
      );
      expect(await planner.getByLabel('報告する年度').inputValue()).toBe('R5年度');
      await planner.getByRole('button', { name: '報告を作成する' }).click();
      await see(notice(planner));
      await see(planner.getByRole('heading', { level: 1 }), late.projectName);

      await boardOfR5();
      await see(unreported().getByRole('heading', { level: 2 }), '報告がない事業(1件)');
      await see(planner.locator('main'), '全2件');
    },
    STEP_TIMEOUT,
  );

  it(
    'passes axe-core on the board with the list',
    async () => {
      const page = await signInPage(browser, baseURL, 'planner@example.jp');
      await page.goto(`/o/${cast.organizationId}/board?fiscalYear=R5`);
      await see(page.getByRole('region', { name: /^報告がない事業/ }));
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );

  it(
    'keeps a long list behind a disclosure that counts it, each project still reachable',
    async () => {
      for (let number = 11; number <= 20; number += 1)
        await t
          .http()
          .post(api('/projects'))
          .set(as('owner'))
          .send({
            ...projectRequest(late, cast.departmentId),
            projectNumber: String(number),
            name: `後から登録した事業${number}`,
            planStartFiscalYear: 2023,
            planEndFiscalYear: 2025,
          })
          .expect(201);

      await boardOfR5();
      await see(unreported().getByRole('heading', { level: 2 }), '報告がない事業(11件)');
      const summary = unreported().locator('summary');
      await see(summary, '報告がない事業の一覧(11件)');
      await summary.click();
      await see(unreported().getByRole('link', { name: /後から登録した事業20$/ }));
    },
    STEP_TIMEOUT,
  );
});
