import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * 一括受理 on the year board: the planning division ticks the submitted reports it has checked, chooses one panel of
 * experts and one due date, confirms, and each report is accepted as if alone. A report taken meanwhile is named and
 * nothing is accepted. Without JavaScript.
 */
describe('Web pages: accepting several submitted reports at once from the year board', () => {
  const [first, second, third] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let planner: Page;
  const ids = { first: '', second: '', third: '' };
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const statusOf = async (reportId: string) =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}`))
        .set(as('planner'))
        .expect(200)
    ).body.status;
  const reportBox = (seed: { projectName: string }) =>
    planner
      .getByRole('group', { name: '受理する報告' })
      .getByRole('checkbox', { name: new RegExp(`${seed.projectName}`) });

  /** From the board's submitted column to the form, as a person goes there. */
  async function openForm(): Promise<void> {
    await planner.goto(`/o/${cast.organizationId}/board?fiscalYear=R4`);
    await planner.getByRole('link', { name: /^まとめて受理する/ }).click();
    await see(planner.getByRole('heading', { level: 1 }), 'R4年度(2022年度)の提出済みの報告をまとめて受理する');
  }

  /** Both experts, due in two weeks, typed as staff type dates: in 和暦 (R8.12.21). */
  async function choosePanel(): Promise<void> {
    const experts = planner.getByRole('group', { name: '意見を依頼する外部有識者' });
    await experts.getByRole('checkbox', { name: /^experta/ }).check();
    await experts.getByRole('checkbox', { name: /^expertb/ }).check();
    const [year, month, day] = dueInDays(14).split('-').map(Number);
    await planner.getByLabel('意見の期限').fill(`R${year - 2018}.${month}.${day}`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    for (const [key, seed] of [
      ['first', first],
      ['second', second],
      ['third', third],
    ] as const) {
      ids[key] = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
      await t
        .http()
        .post(api(`/reports/${ids[key]}/submit`))
        .set(as('owner'))
        .expect(200);
    }
    baseURL = await serve(t);
    browser = await launchBrowser();
    planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'says what is missing when no report or no expert is chosen, and keeps what was entered',
    async () => {
      await openForm();
      expect(await planner.getByRole('group', { name: '受理する報告' }).getByRole('checkbox').count()).toBe(3);
      expect(await reportBox(first).isChecked()).toBe(false);
      await planner.getByLabel('意見の期限').fill(dueInDays(14));
      await planner.getByRole('button', { name: '内容を確認する' }).click();

      const summary = planner.locator('.error-summary');
      await see(summary, '受理する報告を選んでください');
      await see(summary, '意見を依頼する外部有識者を選んでください');
      expect(await planner.getByLabel('意見の期限').inputValue()).not.toBe('');
      expect(await statusOf(ids.first)).toBe('submitted');
    },
    STEP_TIMEOUT,
  );

  it(
    'accepts the reports ticked, after a page that lists them with the experts and the due date',
    async () => {
      await openForm();
      await reportBox(first).check();
      await reportBox(second).check();
      await choosePanel();
      await planner.getByRole('button', { name: '内容を確認する' }).click();

      await see(planner.getByRole('heading', { level: 1 }), 'R4年度の提出済みの報告をまとめて受理しますか');
      const main = planner.locator('main');
      await see(main, first.projectName);
      await see(main, second.projectName);
      expect(await main.innerText()).not.toContain(third.projectName);
      await see(main, '外部有識者2人');
      await see(main, /意見の期限は令和\d+年\d+月\d+日です/);
      await planner.getByRole('button', { name: '2件を受理して依頼する' }).click();

      await see(notice(planner), '選んだ報告を受理し、外部有識者に意見を依頼しました。');
      expect(await statusOf(ids.first)).toBe('in_expert_review');
      expect(await statusOf(ids.second)).toBe('in_expert_review');
      expect(await statusOf(ids.third)).toBe('submitted');
      const asked = await t.dataSource.query(
        `SELECT report_id AS "reportId", count(*)::int AS experts FROM review_assignments GROUP BY report_id ORDER BY report_id`,
      );
      expect(asked).toEqual([ids.first, ids.second].sort().map((reportId) => ({ reportId, experts: 2 })));
    },
    STEP_TIMEOUT,
  );

  it(
    'names a report taken back meanwhile and accepts nothing; the form shows the list as it is now',
    async () => {
      await openForm();
      await reportBox(third).check();
      await choosePanel();
      await planner.getByRole('button', { name: '内容を確認する' }).click();
      await see(planner.getByRole('button', { name: '1件を受理して依頼する' }));
      // The owning department takes its submission back while the confirmation page is open.
      await t
        .http()
        .post(api(`/reports/${ids.third}/withdraw`))
        .set(as('owner'))
        .expect(200);

      await planner.getByRole('button', { name: '1件を受理して依頼する' }).click();

      const refusal = planner.locator('.notice--warning');
      await see(refusal, '報告の状態が変わりました');
      await see(refusal, `「No.3 ${third.projectName}」(提出が取り下げられたか差し戻され、「作成中」に戻りました)`);
      await see(refusal, 'どの報告も受理していません');
      await see(planner.locator('main'), 'この年度には、受理を待っている提出済みの報告がありません。');
      expect(await statusOf(ids.third)).toBe('draft');
    },
    STEP_TIMEOUT,
  );

  it(
    'passes axe-core on the form',
    async () => {
      await t
        .http()
        .post(api(`/reports/${ids.third}/submit`))
        .set(as('owner'))
        .expect(200);
      const page = await signInPage(browser, baseURL, 'planner@example.jp');
      await page.goto(`/o/${cast.organizationId}/board/acceptance?fiscalYear=R4`);
      await see(page.getByRole('group', { name: '受理する報告' }));
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );
});
