import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { journeySteps } from '../support/journey-steps';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, projectRequest, reviewAndPropose } from '../support/report-scenario';
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

/**
 * Actions that cannot be undone (公表, closing a year, removing a role) lead to a page that says what they will do and
 * what they affect; nothing happens until its button is pressed, and 「戻る」 changes nothing and keeps what was typed.
 * Without JavaScript.
 */
describe('Web pages: confirming actions that cannot be undone', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportId: string;
  let reportPath: string;
  let cycleId: string;
  const step = journeySteps();
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // R4 (2022): one report taken as far as its decided policy, three projects that get a draft when the year opens.
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const path = (rest = '') => api(`/reports/${report.id}${rest}`);
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await reviewAndPropose(t, cast, report.id, seed);
    await t.http().post(path('/approve')).set(as('approver')).expect(200);
    for (const other of ASAHIKAWA_R4_REPORTS.slice(1, 4)) {
      await t.http().post(api('/projects')).set(as('owner')).send(projectRequest(other, cast.departmentId)).expect(201);
    }
    const opened = await t
      .http()
      .post(api('/cycles'))
      .set(as('admin'))
      .send({ fiscalYear: 2022, submissionDueDate: '2023-05-31' })
      .expect(201);
    expect(opened.body.draftsCreated).toBe(3);
    cycleId = opened.body.id;
    reportId = report.id;
    reportPath = `/o/${cast.organizationId}/reports/${report.id}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const reportStatus = async () =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}`))
        .set(as('planner'))
        .expect(200)
    ).body.status;
  const cycleStatus = async () =>
    (await t.http().get(api('/cycles')).set(as('admin')).expect(200)).body.find(
      (cycle: { id: string }) => cycle.id === cycleId,
    ).status;
  const expertBRoles = async () =>
    (await t.http().get(api('/users')).set(as('admin')).expect(200)).body
      .find((member: { email: string }) => member.email === 'expertb@example.jp')
      ?.memberships.map((membership: { role: string }) => membership.role) ?? [];

  async function confirmationOf(page: Page): Promise<{ heading: string; text: string }> {
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    return { heading, text: await page.locator('main').innerText() };
  }

  step(
    '公表する leads to a page that says what publishing does; 戻る and a post without it change nothing',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(reportPath);
      await planner.getByRole('link', { name: '公表する', exact: true }).click();
      expect(new URL(planner.url()).pathname).toBe(`${reportPath}/publish`);
      const page = await confirmationOf(planner);
      expect(page.heading).toBe('この報告を公表しますか');
      expect(page.text).toContain(`${seed.projectName}(R4年度)`);
      expect(page.text).toContain('報告の表題から「(案)」が外れ、公表済みの報告として確定します。');
      expect(page.text).toContain('公表は元に戻せません。公表を取り消せるのはシステム管理者だけ');
      expect(await reportStatus()).toBe('decided');

      await planner.getByRole('link', { name: '戻る' }).click();
      expect(new URL(planner.url()).pathname).toBe(reportPath);
      expect(await reportStatus()).toBe('decided');

      // A form posted without the confirmation (a page from before, a forged link) only shows the confirmation.
      const token = await planner.locator('input[name="_csrf"]').first().inputValue();
      const stale = await planner.request.post(`${reportPath}/publish`, { form: { _csrf: token }, maxRedirects: 0 });
      expect(stale.status()).toBe(200);
      expect(await stale.text()).toContain('この報告を公表しますか');
      expect(await reportStatus()).toBe('decided');

      await planner.getByRole('link', { name: '公表する', exact: true }).click();
      await planner.getByRole('button', { name: '公表する' }).click();
      await see(notice(planner), '報告を公表しました。');
      expect(await reportStatus()).toBe('published');
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    '終了する leads to a page that counts the year’s unfinished reports; the year closes only when confirmed',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(`/o/${cast.organizationId}/admin/cycles`);
      await admin.getByRole('link', { name: /^終了する.*R4年度$/ }).click();
      const page = await confirmationOf(admin);
      expect(page.heading).toBe('R4年度を終了しますか');
      expect(page.text).toContain(
        '公表まで終わっていない報告が3件残っています(作成中 3件)。年度を終了しても、これらの報告はそのまま残ります。',
      );
      expect(page.text).toContain('終了した年度は元に戻せず、もう一度開始することもできません。');
      expect(await cycleStatus()).toBe('open');

      await admin.getByRole('link', { name: '戻る' }).click();
      await see(admin.getByRole('heading', { level: 1, name: '年度サイクル' }));
      expect(await cycleStatus()).toBe('open');

      await admin.getByRole('link', { name: /^終了する.*R4年度$/ }).click();
      await admin.getByRole('button', { name: '年度を終了する' }).click();
      await see(notice(admin), 'R4年度を終了しました。');
      expect(await cycleStatus()).toBe('closed');
      await admin.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    '外す leads to a page that says what the person loses; the role goes only when confirmed',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      await admin.getByRole('link', { name: /^外す.*expertbの外部有識者$/ }).click();
      const page = await confirmationOf(admin);
      expect(page.heading).toBe('expertbさんの役割を外しますか');
      expect(page.text).toContain('expertbさんから「外部有識者」の役割を外します。');
      expect(page.text).toContain('expertbさんにはこの団体での役割がなくなり、この団体のページを使えなくなります。');
      expect(await expertBRoles()).toEqual(['external_expert']);

      await admin.getByRole('link', { name: '戻る' }).click();
      await see(admin.getByRole('heading', { level: 1, name: '利用者と役割' }));
      expect(await expertBRoles()).toEqual(['external_expert']);

      await admin.getByRole('link', { name: /^外す.*expertbの外部有識者$/ }).click();
      await admin.getByRole('button', { name: '役割を外す' }).click();
      await see(notice(admin), '役割を外しました。');
      expect(await expertBRoles()).toEqual([]);
      await admin.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    '訂正を始める: 戻る brings the form back with the reason typed, and so does the browser’s back button',
    async () => {
      const reason = '⑥の事業効果の説明に誤記があったため。\n「観光入込客数」の単位を訂正する。';
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
      await admin.goto(reportPath);
      await admin.getByLabel('訂正の理由').fill(reason);
      await admin.getByRole('button', { name: '訂正を始める' }).click();
      await see(admin.getByRole('heading', { level: 1 }), '公表済みの報告の訂正を始めますか');

      await admin.getByRole('button', { name: '戻る' }).click();
      await see(admin.locator('#correct-title'), '公表済みの報告を訂正する');
      expect(await admin.getByLabel('訂正の理由').inputValue()).toBe(reason);
      expect(await reportStatus()).toBe('published');

      // The browser's back button: the confirmation page, then the report's page as the reason was typed on it.
      await admin.goBack();
      await see(admin.getByRole('heading', { level: 1 }), '公表済みの報告の訂正を始めますか');
      await admin.goBack();
      expect(new URL(admin.url()).pathname).toBe(reportPath);
      expect(await admin.getByLabel('訂正の理由').inputValue()).toBe(reason);
      expect(await reportStatus()).toBe('published');

      await admin.getByRole('button', { name: '訂正を始める' }).click();
      await admin.getByRole('button', { name: '訂正を始める' }).click();
      await see(notice(admin), '訂正を始めました');
      expect(await reportStatus()).toBe('correcting');
      await admin.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'a confirmation page passes axe-core and fits 360 px and 1280 px',
    async () => {
      // axe-core runs inside the page, so this administrator has JavaScript on.
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      await admin.getByRole('link', { name: /^外す.*expertaの外部有識者$/ }).click();
      await see(admin.getByRole('heading', { level: 1, name: 'expertaさんの役割を外しますか' }));
      for (const viewport of [PHONE, DESKTOP]) {
        await admin.setViewportSize(viewport);
        await expectNoHorizontalScroll(admin);
        await expectAccessible(admin);
      }
      await screenshot(admin, 'confirmation');
      await admin.context().close();
    },
    STEP_TIMEOUT,
  );
});
