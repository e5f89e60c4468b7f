import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { launchBrowser, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * Four-eyes: a proposed ⑧ is approved by a planning member other than its proposer. With one planning member in use,
 * the administrator's members page says so, and the report says who could approve and what to do when nobody can.
 */
describe('Web pages: an organization with one planning member', () => {
  const [seed] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let admin: Page;
  let planner: Page;
  let reportId: string;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const fourEyesNotice = (page: Page) => page.getByRole('region', { name: /^企画政策課の職員が/ });
  const approval = (page: Page) => page.getByRole('region', { name: '方針案の承認(二者確認)' });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    reportId = report.id;
    await t
      .http()
      .post(api(`/reports/${reportId}/submit`))
      .set(as('owner'))
      .expect(200);
    await reviewAndPropose(t, cast, reportId, seed);
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
    planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'names on the proposer’s report the other planning member who can approve',
    async () => {
      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      await see(admin.getByRole('heading', { level: 1 }), '利用者と役割');
      expect(await fourEyesNotice(admin).count()).toBe(0);

      await planner.goto(`/o/${cast.organizationId}/reports/${reportId}`);
      await see(approval(planner), 'あなたが提案した方針案のため、あなたは承認できません。');
      await see(approval(planner), '承認できるのは、提案した人とは別の企画政策課の職員です。');
      await see(approval(planner), '承認を依頼できる人: approver');
    },
    STEP_TIMEOUT,
  );

  it(
    'warns the administrator, and tells the proposer nobody can approve and whom to ask, when one is left',
    async () => {
      await t
        .http()
        .post(api(`/users/${cast.userIds.approver}/deactivate`))
        .set(as('admin'))
        .expect(204);

      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      await see(fourEyesNotice(admin).getByRole('heading'), '企画政策課の職員が1人だけです');
      await see(fourEyesNotice(admin), '利用できる企画政策課の職員が2人以上いないと、どの報告の方針も決定できません。');
      await fourEyesNotice(admin).getByRole('link', { name: '利用者を招待する' }).click();
      expect(admin.url()).toMatch(/#add-title$/);

      await planner.goto(`/o/${cast.organizationId}/reports/${reportId}`);
      await see(approval(planner), 'あなたが提案した方針案のため、あなたは承認できません。');
      await see(
        approval(planner),
        'この団体には、ほかに企画政策課の職員がいないため、方針案を承認できる人がいません。システム管理者に、「利用者と役割」で企画政策課の職員をもう1人招待するか、役割を追加するよう依頼してください。',
      );
      expect(await approval(planner).getByText('承認を依頼できる人').count()).toBe(0);
    },
    STEP_TIMEOUT,
  );
});
