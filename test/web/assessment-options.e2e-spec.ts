import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  notice,
  PHONE,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 60_000;

/** 評価区分の文言: an administrator words ⑥–⑧ for the municipality; the planning division's forms offer that wording. */
describe('Web pages: the wording of effect levels, ratings and policy decisions', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportId: string;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // A report back at the planning division after its proposal was sent back: ⑧ is to be proposed again.
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    reportId = report.id;
    await t
      .http()
      .post(api(`/reports/${reportId}/submit`))
      .set(as('owner'))
      .expect(200);
    await reviewAndPropose(t, cast, reportId, seed);
    await t
      .http()
      .post(api(`/reports/${reportId}/send-back`))
      .set(as('approver'))
      .send({ comment: '方針を見直してください。' })
      .expect(200);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function save(page: Page, title: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: `${title}の文言を保存する` }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  it(
    'relabels 事業の継続 and adds 改善し事業継続 without JavaScript, refusing an empty label beside its field',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '評価区分の文言' })
        .click();
      await see(admin.getByRole('heading', { level: 1, name: '評価区分の文言' }));

      const policy = admin.locator('section#policy_decision');
      await policy.locator('#f-policy-decision-options-0-label').fill('');
      expect(await save(admin, '⑧ 今後の方針')).toBe(422);
      await see(admin.locator('.error-summary'), '⑧ 今後の方針 1番目の表示する文言を入力してください');
      expect(await admin.locator('.error-summary a').getAttribute('href')).toBe('#f-policy-decision-options-0-label');
      expect(await policy.locator('#f-policy-decision-options-0-label').getAttribute('aria-invalid')).toBe('true');

      await policy.locator('#f-policy-decision-options-0-label').fill('現状通り事業継続');
      await policy.locator('#f-policy-decision-options-0-formText').fill('');
      await policy.locator('#f-policy-decision-options-5-label').fill('改善し事業継続');
      await policy.locator('#f-policy-decision-options-5-position').fill('2');
      await policy.locator('#f-policy-decision-options-5-kind').selectOption({ label: '事業内容の見直し' });
      await policy.locator('#f-policy-decision-options-4-retired').check();
      expect(await save(admin, '⑧ 今後の方針')).toBe(303);
      await see(notice(admin), '評価区分の文言を保存しました');

      const stored = (await t.http().get(api('/assessment-options/policy_decision')).set(as('admin')).expect(200)).body;
      expect(stored.options.map((option: any) => [option.label, option.kind, option.retired])).toEqual([
        ['現状通り事業継続', 'continue', false],
        ['改善し事業継続', 'revise', false],
        ['事業の発展', 'expand', false],
        ['事業の終了', 'end', false],
        ['事業内容の見直し', 'revise', false],
        ['事業の中止', 'stop', true],
      ]);

      // Saved again as it stands: the form sends back what it shows, nothing is written, and the page says so.
      expect(await save(admin, '⑧ 今後の方針')).toBe(303);
      await see(notice(admin), '評価区分の文言は、これまでと同じです。変更はありません。');
    },
    STEP_TIMEOUT,
  );

  it(
    'has no serious accessibility problem, on a phone and on a desktop, with an error shown too',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await admin.goto(`/o/${cast.organizationId}/admin/assessment-options`);
      for (const size of [PHONE, DESKTOP]) {
        await admin.setViewportSize(size);
        await expectAccessible(admin);
        await expectNoHorizontalScroll(admin);
      }
      await admin.locator('#f-effect-level-options-4-label').fill('効果あり');
      expect(await save(admin, '⑥ 事業効果')).toBe(422);
      await see(admin.locator('.error-summary'), '⑥ 事業効果 5番目の集計上の区分を選んでください');
      await expectAccessible(admin);
    },
    STEP_TIMEOUT,
  );

  it(
    "offers the planning division the municipality's active options when proposing ⑧",
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(`/o/${cast.organizationId}/reports/${reportId}`);
      const choices = planner.getByRole('group', { name: '今後の方針' }).getByRole('radio');
      const labels = await Promise.all(
        (await choices.all()).map(async (radio) =>
          planner.locator(`label[for="${await radio.getAttribute('id')}"]`).innerText(),
        ),
      );
      expect(labels[0]).toBe('現状通り事業継続');
      expect(labels[1]).toBe('改善し事業継続');
      expect(labels).not.toContain('事業の中止 (事業を中止する)');
      await planner.getByRole('radio', { name: '改善し事業継続' }).check();
      await planner.getByLabel('今後の方針の理由').fill('内容を改善して継続する。');
      await planner.getByRole('button', { name: '方針案を提案する' }).click();
      await planner.waitForLoadState();
      const view = (
        await t
          .http()
          .get(api(`/reports/${reportId}`))
          .set(as('planner'))
          .expect(200)
      ).body;
      expect(view.policy).toMatchObject({ decision: 'revise', label: '改善し事業継続' });
    },
    STEP_TIMEOUT,
  );
  it(
    'refuses a save from a page read before another save, keeping what was typed beside the wording saved meanwhile',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(`/o/${cast.organizationId}/admin/assessment-options`);
      const policy = admin.locator('section#policy_decision');
      // Meanwhile, from another tab or by another administrator: 現状通り事業継続 is relabelled.
      const policies = api('/assessment-options/policy_decision');
      const read = (await t.http().get(policies).set(as('admin')).expect(200)).body;
      const options = read.options.map(({ key, label }: any, index: number) => ({
        key,
        label: index === 0 ? '現状のまま事業継続' : label,
      }));
      await t.http().put(policies).set(as('admin')).send({ options, checksum: read.checksum }).expect(200);

      await policy.locator('#f-policy-decision-options-1-label').fill('改善して事業継続');
      expect(await save(admin, '⑧ 今後の方針')).toBe(409);

      await see(admin.locator('.notice--warning'), '別の画面またはほかの人が先に保存しました');
      await see(admin.locator('.notice--warning'), '入力した内容はこのページに残っています');
      expect(await policy.locator('#f-policy-decision-options-1-label').inputValue()).toBe('改善して事業継続');
      const first = policy.locator('fieldset').first();
      await see(first.locator('legend'), '現状のまま事業継続');
      await see(first.locator('legend'), 'あなたの入力と異なる');
      expect(await first.locator('#f-policy-decision-options-0-label').inputValue()).toBe('現状通り事業継続');
      const kept = (await t.http().get(policies).set(as('admin')).expect(200)).body.options;
      expect(kept.slice(0, 2).map((option: any) => option.label)).toEqual(['現状のまま事業継続', '改善し事業継続']);

      // Taking the other wording over, the same form now saves both.
      await first.locator('#f-policy-decision-options-0-label').fill('現状のまま事業継続');
      expect(await save(admin, '⑧ 今後の方針')).toBe(303);
      const saved = (await t.http().get(policies).set(as('admin')).expect(200)).body.options;
      expect(saved.slice(0, 2).map((option: any) => option.label)).toEqual(['現状のまま事業継続', '改善して事業継続']);
    },
    STEP_TIMEOUT,
  );
});
