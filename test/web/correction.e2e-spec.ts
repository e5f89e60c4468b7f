import { type Browser, type Page } from 'playwright-core';
import { importAsPublished, seedText } from '../imports/import-scenario';
import { inboxByType, lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
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

/** The report's id, the last segment of its page's path. */
const reportIdOf = (path: string) => path.split('/').pop()!;

/**
 * A published report changes only as a correction (訂正: a new edition) or a withdrawal (公表の取消), and its page says
 * which.
 */
describe('Web pages: correcting (訂正) or withdrawing (公表の取消) a published report', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath: string;
  let withdrawnPath: string;

  beforeAll(async () => {
    // With the worker, so planning's notification of the submitted correction is delivered.
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    const { imported } = await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
      text: seedText('asahikawa-r4-results-report.txt'),
      sourceName: 'asahikawa-r4-results-report.txt',
      departmentId: cast.departmentId,
    });
    reportPath = `/o/${cast.organizationId}/reports/${imported.reports[0].reportId}`;
    withdrawnPath = `/o/${cast.organizationId}/reports/${imported.reports[1].reportId}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** ⑧ of the report page: who proposed and who approved the policy, and when it was published. */
  const policyRecord = (page: Page) => page.locator('#section-8 .summary-list');

  /** The published report opened for correction with `reason` (over the API), as an administrator sees it without JavaScript. */
  async function correctingAsAdmin(reason: string): Promise<Page> {
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${reportIdOf(reportPath)}/correct`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ reason })
      .expect(200);
    const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
    await admin.goto(reportPath);
    await see(admin.locator('#correcting-title'), 'この報告は訂正中です');
    return admin;
  }

  it('says of a report imported as published history that no approval is on record, never 承認待ち', async () => {
    const planner = await signInPage(browser, baseURL, 'planner@example.jp');
    await planner.goto(reportPath);
    await see(policyRecord(planner), '公表');
    expect(await policyRecord(planner).innerText()).toMatch(/提案\s+—\s+承認\s+取込み\(承認の記録なし\)\s+公表\s+令和/);
    expect(await planner.locator('main').innerText()).not.toContain('承認待ち');
    await expectAccessible(planner);
    await planner.context().close();
  });

  it('names ⑤’s KPI table and its scrolling region, which a keyboard can focus, on a phone and a desktop', async () => {
    const planner = await signInPage(browser, baseURL, 'planner@example.jp');
    for (const viewport of [PHONE, DESKTOP]) {
      await planner.setViewportSize(viewport);
      await planner.goto(reportPath);
      // Named by the table's caption: the section around it is the landmark named by ⑤'s heading.
      const region = planner
        .locator('#section-5')
        .getByRole('region', { name: 'KPIごとの基準値、目標値、前年度実績、最新値と達成率', exact: true });
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.locator('table > caption').textContent()).toBe(
        'KPIごとの基準値、目標値、前年度実績、最新値と達成率',
      );
      await expectNoHorizontalScroll(planner);
      await expectAccessible(planner);
    }
    await planner.context().close();
  });

  it(
    'an administrator opens it with a reason, the owner corrects ⑥ and submits, planning publishes edition 2',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(reportPath);
      await admin.getByRole('button', { name: '訂正を始める' }).click();
      await see(admin.locator('.error-summary'), '訂正の理由');
      await admin.getByLabel('訂正の理由').fill('⑥の説明の誤記を訂正');
      await admin.getByRole('button', { name: '訂正を始める' }).click();
      // A correction cannot be undone: the page says what it does, with the reason as entered, before it starts.
      await see(admin.getByRole('heading', { level: 1 }), '公表済みの報告の訂正を始めますか');
      await see(admin.locator('.summary-list'), '⑥の説明の誤記を訂正');
      await see(admin.locator('main'), '公表済みの第1版は変わらず残ります。訂正した報告を公表すると第2版になり');
      await admin.getByRole('button', { name: '訂正を始める' }).click();
      await see(notice(admin), '訂正を始めました');
      await see(admin.locator('#correcting-title'), 'この報告は訂正中です');

      const owner = await signInPage(browser, baseURL, 'owner@example.jp', { javaScriptEnabled: false });
      await owner.goto(reportPath);
      await see(owner.locator('#task-title'), '報告を訂正する');
      await see(owner.locator('main'), '訂正が済んだら「訂正を提出する」を押してください');
      // A correction is submitted as complete as a first submission: this report, published before ⑥ asked why its
      // level differs from the suggested one, must now say why.
      await see(owner.locator('#submission-problems'), '異なる評価にした理由を入力してください');
      expect(await owner.getByRole('button', { name: '訂正を提出する' }).count()).toBe(0);
      await owner.goto(`${reportPath}/sections/effect`);
      await owner.getByLabel('事業効果の説明').fill('訂正後の事業効果の説明');
      await owner.getByLabel('目安と異なる評価を選んだ理由').fill('販路拡大の成果が目標を上回ったため');
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(owner.locator('#section-6'), '訂正後の事業効果の説明');

      // Until the owner says the correction is done, planning cannot publish it, and the public keeps edition 1.
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      await planner.goto(reportPath);
      await see(planner.locator('#correcting-title'), 'この報告は訂正中です');
      expect(await planner.locator('#publish-title').count()).toBe(0);
      expect(await planner.getByRole('link', { name: '公表する', exact: true }).count()).toBe(0);
      const publicPage = await planner.request.get(`/public/012041/reports/${reportIdOf(reportPath)}`);
      expect(publicPage.status()).toBe(200);
      expect(await publicPage.text()).not.toContain('訂正後の事業効果の説明');

      const since = await lastNotificationId(t);
      await owner.goto(reportPath);
      await owner.getByRole('button', { name: '訂正を提出する' }).click();
      await see(notice(owner), '訂正を提出しました');
      await see(owner.locator('#withdraw-correction-title'), '訂正を提出済みです');
      await settle(t);
      expect((await inboxByType(t, since))['correction.submitted']).toEqual([
        'approver@example.jp',
        'planner@example.jp',
      ]);

      await planner.goto(`/o/${cast.organizationId}/inbox`);
      await see(planner.locator('main'), '【訂正の確認】');
      await planner.goto(reportPath);
      await see(planner.locator('#correcting-title'), '訂正が提出され、企画政策課の確認を待っています');
      // What to check is on the page: each field the correction changed against the published edition, and only those.
      await see(planner.locator('#corrected-title'), '公表している第1版からの変更(2項目)');
      const corrected = planner.locator('table[class~="table--diff"]');
      await see(corrected, '訂正後の事業効果の説明');
      await see(corrected, '販路拡大の成果が目標を上回ったため');
      await see(planner.locator('#publish-title'), '訂正した報告を公表する');
      await see(planner.locator('main'), '訂正を差し戻す理由');
      await expectAccessible(planner);
      await planner.getByRole('link', { name: '公表する', exact: true }).click();
      await see(planner.getByRole('heading', { level: 1 }), '訂正した報告を公表しますか');
      await see(planner.locator('main'), '訂正した報告を第2版として公表します。');
      await expectAccessible(planner);
      await planner.getByRole('button', { name: '公表する' }).click();
      await see(notice(planner), '公表しました');
      const history = planner.locator('section[aria-labelledby="editions-title"]');
      await see(history, '第2版');
      await see(history, '訂正: ⑥の説明の誤記を訂正');
      await see(history, '第1版');
      // Published again without a proposal of its own: the imported decision still has no approval on record.
      await see(policyRecord(planner), '取込み(承認の記録なし)');
      await expectAccessible(planner);

      const first = await planner.request.get(
        `/api/v1/organizations/${cast.organizationId}/exports/reports/${reportIdOf(reportPath)}?format=html&edition=1`,
      );
      expect(first.status()).toBe(200);
      expect(await first.text()).not.toContain('訂正後の事業効果の説明');
      // Its footer names the edition as the public pages do, not the report's 更新番号.
      expect(await first.text()).toMatch(/・ 第1版<\/footer>/);
      const latest = await planner.request.get(
        `/api/v1/organizations/${cast.organizationId}/exports/reports/${reportIdOf(reportPath)}?format=html`,
      );
      expect(await latest.text()).toMatch(/・ 第2版<\/footer>/);
    },
    STEP_TIMEOUT,
  );

  it(
    '公表の取消: an administrator gives a reason, confirms, and the report page says when and why, without JavaScript',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(withdrawnPath);
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
      await reader.goto(withdrawnPath);
      await see(reader.locator('#withdrawn-title'), 'この報告の公表は取り消されています');
      await expectAccessible(reader);
    },
    STEP_TIMEOUT,
  );

  it(
    '訂正の取りやめ: an administrator gives a reason, confirms, and the report is published as its latest edition again, without JavaScript',
    async () => {
      const admin = await correctingAsAdmin('誤って開始した訂正');
      await admin.getByRole('button', { name: '訂正を取りやめる' }).click();
      await see(admin.locator('.error-summary'), '訂正を取りやめる理由');
      await admin.getByLabel('訂正を取りやめる理由').fill('訂正の必要がなかったため');
      await admin.getByRole('button', { name: '訂正を取りやめる' }).click();
      // The correction's changes are discarded: the page says so, with both reasons, before it does it.
      await see(admin.getByRole('heading', { level: 1 }), '訂正を取りやめますか');
      await see(admin.locator('.summary-list'), '誤って開始した訂正');
      await see(admin.locator('.summary-list'), '訂正の必要がなかったため');
      await see(admin.locator('main'), '報告は公表済みの第2版の内容に戻ります。新しい版はできません。');
      await admin.getByRole('button', { name: '訂正を取りやめる' }).click();
      await see(notice(admin), '訂正を取りやめました');
      expect(await admin.locator('#correcting-title').count()).toBe(0);
      expect(await admin.getByRole('button', { name: '訂正を取りやめる' }).count()).toBe(0);
      await see(admin.locator('section[aria-labelledby="editions-title"]'), '第2版');
      expect(await admin.locator('main').innerText()).not.toContain('第3版');

      // The accessibility check runs its script in the page: a second session, with JavaScript.
      const reader = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await reader.goto(reportPath);
      await see(reader.locator('#correct-title'), '公表済みの報告を訂正する');
      await expectAccessible(reader);
    },
    STEP_TIMEOUT,
  );

  it(
    '公表の取消 during a correction: an administrator takes the publication down at once, and the correction goes on, without JavaScript',
    async () => {
      const admin = await correctingAsAdmin('個人情報の記載を削除');
      await see(admin.locator('#withdraw-publication-title'), '公表を取り消す');
      await see(admin.locator('main'), '訂正は続けられ、訂正した報告を公表すると、もう一度公表されます。');
      await admin.getByLabel('公表を取り消す理由').fill('公表した記載に個人情報が含まれていたため');
      await admin.getByRole('button', { name: '公表を取り消す' }).click();
      await see(admin.getByRole('heading', { level: 1 }), '公表を取り消しますか');
      await see(admin.locator('main'), '公表はすぐに取り消され、報告は訂正中のまま訂正を続けられます。');
      await admin.getByRole('button', { name: '公表を取り消す' }).click();
      await see(notice(admin), '公表を取り消しました');
      await see(admin.locator('#withdrawn-title'), 'この報告の公表は取り消されています');
      await see(admin.locator('main'), '公表した記載に個人情報が含まれていたため');
      await see(admin.locator('#correcting-title'), 'この報告は訂正中です');
      // No edition is public now: the correction's changes are from the edition taken down.
      await see(admin.locator('#corrected-title'), '公表を取り消した第2版からの変更');
      expect(await admin.getByRole('button', { name: '公表を取り消す' }).count()).toBe(0);
      const publicPage = await admin.request.get(`/public/012041/reports/${reportIdOf(reportPath)}`);
      expect(publicPage.status()).toBe(410);

      const owner = await signInPage(browser, baseURL, 'owner@example.jp');
      await owner.goto(reportPath);
      await see(owner.locator('#task-title'), '報告を訂正する');
      await see(
        owner.locator('main'),
        '公表は取り消されています。企画政策課が確認して公表すると、もう一度公表されます。',
      );
      expect(await owner.locator('main').innerText()).not.toMatch(/公表している|そのまま公開されます/);
      await expectAccessible(owner);
    },
    STEP_TIMEOUT,
  );
});
