import { type Browser, type Page } from 'playwright-core';
import { fiscalYearInJapan } from '../../src/common/dates';
import { fiscalYearLabel } from '../../src/common/era-input';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  notice,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 60_000;

/** 年度サイクル: an administrator opens a year (drafts for every covering project) and closes it, without JavaScript. */
describe('Web pages: opening and closing a fiscal year (年度サイクル)', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let cyclesPath: string;
  let admin: Page;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // Two projects whose plan covers R6, one that ended in R4.
    const plans = [
      ['R5', 'R7'],
      ['R3', 'R6'],
      ['R2', 'R4'],
    ];
    for (const [index, [planStartFiscalYear, planEndFiscalYear]] of plans.entries()) {
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/projects`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .send({
          ...projectRequest(ASAHIKAWA_R4_REPORTS[index], cast.departmentId),
          planStartFiscalYear,
          planEndFiscalYear,
        })
        .expect(201);
    }
    cyclesPath = `/o/${cast.organizationId}/admin/cycles`;
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function storedCycles() {
    return (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/cycles`)
        .set({ Authorization: `Bearer ${cast.tokens.admin}` })
        .expect(200)
    ).body;
  }

  async function errorSummary(page: Page): Promise<string[]> {
    await see(page.locator('.error-summary'));
    return page.locator('.error-summary li').allInnerTexts();
  }

  async function submitOpenForm(page: Page): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: '年度を開始する' }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  it(
    'opens a year without JavaScript, naming a wrong date beside its field, then closes it',
    async () => {
      await admin
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '年度サイクル' })
        .click();
      await see(admin.getByRole('heading', { level: 1, name: '年度サイクル' }));
      await see(admin.locator('.empty'), '開始した年度はまだありません');

      await admin.getByLabel('年度', { exact: true }).fill('R6');
      // Dates as people type them, in 和暦 or ISO.
      await admin.getByLabel('提出期限').fill('令和7年5月31日');
      await admin.getByLabel('意見の期限(任意)').fill('2025-05-01');
      expect(await submitOpenForm(admin)).toBe(400);
      expect(await errorSummary(admin)).toEqual(['意見の期限は提出期限と同じか、それより後の日付にしてください']);
      const reviewGroup = admin.locator('.form-group--error', { has: admin.locator('#f-reviewDueDate') });
      expect(await reviewGroup.locator('.error-message').innerText()).toContain(
        '意見の期限は提出期限と同じか、それより後の日付にしてください',
      );
      expect(await admin.locator('#f-reviewDueDate').getAttribute('aria-invalid')).toBe('true');
      expect(await admin.locator('.error-summary a').getAttribute('href')).toBe('#f-reviewDueDate');
      expect(await admin.getByLabel('年度', { exact: true }).inputValue()).toBe('R6');
      expect(await admin.getByLabel('提出期限').inputValue()).toBe('令和7年5月31日');
      expect(await admin.title()).toMatch(/^エラー: 年度サイクル/);
      expect(await storedCycles()).toEqual([]);

      await admin.getByLabel('意見の期限(任意)').fill('R7.7.15');
      // Opening cannot be undone: first a page says what it will do; nothing is stored until it is confirmed.
      expect(await submitOpenForm(admin)).toBe(200);
      await see(admin.getByRole('heading', { level: 1 }), 'R6年度を開始しますか');
      await see(admin.locator('main'), 'まだ報告がない2件に、作成中の報告を作ります。');
      await see(admin.locator('main'), '1つの部署の事業担当課に、提出期限(令和7年5月31日)を通知します。');
      // Which projects: a few are named in view, in list order.
      await see(admin.locator('main'), '作成中の報告を作る事業(2件):');
      expect(
        await admin.getByRole('list', { name: '作成中の報告を作る事業' }).getByRole('listitem').allInnerTexts(),
      ).toEqual([`No.1 ${ASAHIKAWA_R4_REPORTS[0].projectName}`, `No.2 ${ASAHIKAWA_R4_REPORTS[1].projectName}`]);
      // The year is opened late, to record it: the page says its deadline has passed.
      await see(admin.locator('main'), '提出期限(令和7年5月31日)はすでに過ぎています。');
      expect(await storedCycles()).toEqual([]);
      expect(await submitOpenForm(admin)).toBe(303);
      await see(notice(admin), 'R6年度を開始しました。作成中の報告を2件作成しました。');
      const row = admin.locator('tbody tr', { hasText: 'R6年度(2024年度)' });
      expect((await row.locator('th, td').allInnerTexts()).slice(0, 6)).toEqual([
        'R6年度(2024年度)',
        '令和7年5月31日',
        '令和7年7月15日',
        '実施中',
        expect.stringMatching(/^令和\d+年\d+月\d+日$/),
        '—',
      ]);
      expect(await row.getByRole('link', { name: /^終了する.*R6年度$/ }).count()).toBe(1);
      const drafts = (
        await t
          .http()
          .get(`/api/v1/organizations/${cast.organizationId}/reports`)
          .query({ fiscalYear: 2024 })
          .set({ Authorization: `Bearer ${cast.tokens.owner}` })
          .expect(200)
      ).body.items;
      expect(drafts.map((report: { status: string }) => report.status)).toEqual(['draft', 'draft']);
      await screenshot(admin, 'admin-cycles');

      // The same year again (here typed in western years) is refused beside the year.
      await admin.getByLabel('年度', { exact: true }).fill('2024');
      await admin.getByLabel('提出期限').fill('2025-06-30');
      expect(await submitOpenForm(admin)).toBe(409);
      expect(await errorSummary(admin)).toEqual([
        'この年度はすでに開始しています。終了した年度も、もう一度開始することはできません。',
      ]);
      expect(await admin.locator('.form-group--error #f-fiscalYear').count()).toBe(1);
      expect(await storedCycles()).toHaveLength(1);

      await admin.getByRole('link', { name: /^終了する.*R6年度$/ }).click();
      await see(admin.locator('main'), '公表まで終わっていない報告が2件残っています(作成中 2件)。');
      await admin.getByRole('button', { name: '年度を終了する' }).click();
      await see(notice(admin), 'R6年度を終了しました。');
      expect(await row.locator('td').nth(2).innerText()).toBe('終了');
      expect(await row.getByRole('link').count()).toBe(0);
      expect(await storedCycles()).toMatchObject([
        { fiscalYear: 2024, status: 'closed', closedAt: expect.any(String) },
      ]);
    },
    STEP_TIMEOUT,
  );

  it(
    'shows the year’s submission deadline on the board and on the owner’s reports',
    async () => {
      await admin.goto(`/o/${cast.organizationId}/board?fiscalYear=R6`);
      await see(admin.locator('.deadline'), '提出期限 令和7年5月31日');
      const owner = await signInPage(browser, baseURL, 'owner@example.jp');
      await see(
        owner
          .locator('section', { has: owner.getByRole('heading', { name: 'R6年度(2024年度)' }) })
          .locator('.deadline'),
        '提出期限 令和7年5月31日',
      );
    },
    STEP_TIMEOUT,
  );

  it(
    'passes axe-core with the table and with a refused form, and fits 360 px and 1280 px',
    async () => {
      // axe-core runs inside the page, so this administrator has JavaScript on.
      const page = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await page.goto(cyclesPath);
      await see(page.locator('tbody tr'), 'R6年度(2024年度)');
      await expectAccessible(page);
      await page.getByRole('button', { name: '年度を開始する' }).click();
      expect(await errorSummary(page)).toEqual(['年度を入力してください', '提出期限を入力してください']);
      await expectAccessible(page);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        await page.goto(cyclesPath);
        await expectNoHorizontalScroll(page);
      }
      await page.setViewportSize(PHONE);
      await expectAccessible(page);
      await screenshot(page, 'admin-cycles-phone');
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses the page and the form to anyone but an administrator',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      expect(
        await planner
          .getByRole('navigation', { name: 'メインメニュー' })
          .getByRole('link', { name: '年度サイクル' })
          .count(),
      ).toBe(0);
      // The planner's own CSRF token (from the sign-out form), so only the role can be what refuses the post below.
      const token = await planner.locator('input[name="_csrf"]').first().inputValue();
      const page = await planner.goto(cyclesPath);
      expect(page?.status()).toBe(403);
      await see(planner.getByRole('heading', { level: 1 }), 'この操作を行う権限がありません');

      const posted = await planner.request.post(cyclesPath, {
        form: { _csrf: token, '/fiscalYear': 'R7', '/submissionDueDate': '2026-05-31' },
        maxRedirects: 0,
      });
      expect(posted.status()).toBe(403);
      expect(await storedCycles()).toHaveLength(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'names many projects to get a draft behind a disclosure that counts them',
    async () => {
      for (let number = 11; number <= 20; number += 1)
        await t
          .http()
          .post(`/api/v1/organizations/${cast.organizationId}/projects`)
          .set({ Authorization: `Bearer ${cast.tokens.owner}` })
          .send({
            ...projectRequest(ASAHIKAWA_R4_REPORTS[0], cast.departmentId),
            projectNumber: String(number),
            name: `R7年度まで続く事業${number}`,
            planStartFiscalYear: 2025,
            planEndFiscalYear: 2027,
          })
          .expect(201);
      await admin.goto(cyclesPath);
      await admin.getByLabel('年度', { exact: true }).fill('R7');
      await admin.getByLabel('提出期限').fill(dueInDays(30));
      expect(await submitOpenForm(admin)).toBe(200);

      await see(admin.locator('main'), 'まだ報告がない11件に、作成中の報告を作ります。');
      const summary = admin.locator('main summary');
      await see(summary, '作成中の報告を作る事業(11件)');
      const projects = admin.getByRole('list', { name: '作成中の報告を作る事業' }).getByRole('listitem');
      expect(await projects.first().isVisible()).toBe(false);
      await summary.click();
      expect(await projects.allInnerTexts()).toEqual([
        `No.1 ${ASAHIKAWA_R4_REPORTS[0].projectName}`,
        ...Array.from({ length: 10 }, (_, index) => `No.${index + 11} R7年度まで続く事業${index + 11}`),
      ]);
      expect(await storedCycles()).toHaveLength(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses a submission deadline gone by for the year under way beside its field, opening it and moving it',
    async () => {
      const thisYear = fiscalYearInJapan();
      const refusedBesideField = async () => {
        expect(await errorSummary(admin)).toEqual(['提出期限は今日以降の日付にしてください']);
        const group = admin.locator('.form-group--error', { has: admin.locator('#f-submissionDueDate') });
        expect(await group.locator('.error-message').innerText()).toContain('提出期限は今日以降の日付にしてください');
        expect(await admin.locator('#f-submissionDueDate').getAttribute('aria-invalid')).toBe('true');
        expect(await admin.locator('.error-summary a').getAttribute('href')).toBe('#f-submissionDueDate');
      };
      await admin.goto(cyclesPath);
      const cyclesBefore = await storedCycles();
      await admin.getByLabel('年度', { exact: true }).fill(String(thisYear));
      await admin.getByLabel('提出期限').fill(dueInDays(-1));
      expect(await submitOpenForm(admin)).toBe(400);
      await refusedBesideField();
      expect(await admin.getByLabel('年度', { exact: true }).inputValue()).toBe(String(thisYear));
      expect(await storedCycles()).toEqual(cyclesBefore);

      await admin.getByLabel('提出期限').fill(dueInDays(30));
      expect(await submitOpenForm(admin)).toBe(200);
      expect(await submitOpenForm(admin)).toBe(303);
      await admin.getByRole('link', { name: new RegExp(`^期限を変更.*${fiscalYearLabel(thisYear)}$`) }).click();
      await admin.getByLabel('提出期限').fill(dueInDays(-1));
      const [moved] = await Promise.all([
        admin.waitForResponse((candidate) => candidate.request().method() === 'POST'),
        admin.getByRole('button', { name: '期限を変更する' }).click(),
      ]);
      await admin.waitForLoadState();
      expect(moved.status()).toBe(400);
      await refusedBesideField();
      expect(await storedCycles()).toContainEqual(
        expect.objectContaining({ fiscalYear: thisYear, submissionDueDate: dueInDays(30) }),
      );
    },
    STEP_TIMEOUT,
  );
});
