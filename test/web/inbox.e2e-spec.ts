import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';
import {
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
 * The inbox page: what waits for the user (要対応) apart from news (お知らせ), and a notification that is opened
 * counts as read — with JavaScript and without.
 */
describe('Web inbox: 要対応 apart from お知らせ, opening marks read', () => {
  const [accepted, seed] = ASAHIKAWA_R4_REPORTS;
  const sink = new SmtpSink();
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    // Planning is asked to check a submission (要対応), hears that an expert accepted (お知らせ), and sees the
    // submission it accepted as 対応済み.
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, accepted);
    const api = `/api/v1/organizations/${cast.organizationId}/reports/${report.id}`;
    const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    await t.http().post(`${api}/submit`).set(as('owner')).expect(200);
    await t
      .http()
      .post(`${api}/accept`)
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    const [assignment] = (await t.http().get(`${api}/assignments`).set(as('planner')).expect(200)).body;
    await t
      .http()
      .post(`${api}/assignments/${assignment.id}/respond`)
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    const waiting = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${waiting.id}/submit`)
      .set(as('owner'))
      .expect(200);
    await settle(t);
    reportPath = `/o/${cast.organizationId}/reports/${waiting.id}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink.stop();
  });

  const tab = (page: Page, name: string) =>
    page.getByRole('navigation', { name: '通知の区分' }).getByRole('link', { name: new RegExp(`^${name}`) });
  const titles = (page: Page) => page.locator('.notification-list h3').allInnerTexts();

  async function opensAndMarksRead(page: Page): Promise<void> {
    await page.goto(`/o/${cast.organizationId}/inbox`);
    expect(await tab(page, '要対応').getAttribute('aria-current')).toBe('page');
    expect(await tab(page, '要対応').locator('.badge').innerText()).toMatch(/^1/);
    expect(await titles(page)).toEqual([
      `【提出】${seed.projectName}(R4年度) 未読`,
      `【提出】${accepted.projectName}(R4年度) 対応済み`,
    ]);

    await tab(page, 'お知らせ').click();
    await see(page.getByRole('heading', { level: 2, name: 'お知らせ' }));
    expect(await titles(page)).toEqual([`【引受け】${accepted.projectName}(R4年度) 未読`]);

    await tab(page, '要対応').click();
    await page.getByRole('link', { name: `【提出】${seed.projectName}(R4年度)` }).click();
    await page.waitForURL((url) => url.pathname === reportPath);

    await page.goto(`/o/${cast.organizationId}/inbox`);
    expect(await titles(page)).toEqual([
      `【提出】${seed.projectName}(R4年度)`,
      `【提出】${accepted.projectName}(R4年度) 対応済み`,
    ]);
    expect(await tab(page, '要対応').locator('.badge').count()).toBe(0);
    // The news stays unread until it is opened or marked.
    expect(await tab(page, 'お知らせ').locator('.badge').innerText()).toMatch(/^1/);
  }

  it(
    'shows 要対応 and お知らせ apart; opening one marks it read',
    async () => {
      const page = await signInPage(browser, baseURL, 'planner@example.jp');
      await opensAndMarksRead(page);
      // axe-core runs in the page, so the pages are checked here, with JavaScript on.
      await expectAccessible(page);
      await screenshot(page, 'inbox');
      await page.goto(`/o/${cast.organizationId}/inbox/settings`);
      await expectAccessible(page);
      await screenshot(page, 'inbox-settings');
    },
    STEP_TIMEOUT,
  );

  it(
    'does the same without JavaScript, on a phone',
    async () => {
      const page = await signInPage(browser, baseURL, 'approver@example.jp', {
        javaScriptEnabled: false,
        viewport: PHONE,
      });
      await opensAndMarksRead(page);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'inbox-phone');
    },
    STEP_TIMEOUT,
  );

  it(
    'lets a planning user choose, per kind of event, how it reaches them, without JavaScript',
    async () => {
      const page = await signInPage(browser, baseURL, 'approver@example.jp', { javaScriptEnabled: false });
      await page.goto(`/o/${cast.organizationId}/inbox`);
      await page.getByRole('link', { name: /通知設定/ }).click();
      await see(page.getByRole('heading', { level: 1, name: '通知設定' }));
      expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['要対応', 'お知らせ']);
      const opinions = page.getByRole('group', { name: '有識者意見の入力' });
      // By default it stays in the inbox: one mail per expert would be too many.
      expect(await opinions.getByLabel('通知一覧だけで受け取る(標準)').isChecked()).toBe(true);
      // Only what can reach a planning user: no reminders meant for experts.
      expect(await page.getByRole('group', { name: '意見照会の期限前リマインダー' }).count()).toBe(0);

      await opinions.getByLabel('受け取らない').check();
      await page.getByRole('button', { name: '保存する' }).click();
      await see(notice(page), '通知設定を保存しました。');
      expect(await page.getByRole('group', { name: '有識者意見の入力' }).getByLabel('受け取らない').isChecked()).toBe(
        true,
      );
      const preferences = (
        await t
          .http()
          .get('/api/v1/notifications/preferences')
          .set({ Authorization: `Bearer ${cast.tokens.approver}` })
          .expect(200)
      ).body;
      expect(
        preferences.find((preference: { eventType: string }) => preference.eventType === 'opinion.entered'),
      ).toEqual(expect.objectContaining({ channel: 'off' }));
    },
    STEP_TIMEOUT,
  );
});
