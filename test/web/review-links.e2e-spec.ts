import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { journeySteps } from '../support/journey-steps';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  expectAccessible,
  launchBrowser,
  newPage,
  notice,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 60_000;
const LINK = /\/review-links\/[A-Za-z0-9_-]{43}/;

/** An external expert who has never chosen a password: from the link in the request mail to their opinion. */
describe('Web pages: an expert answers through the link in the mail', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let expert: Page;
  let reportPath: string;
  const sink = new SmtpSink();
  const step = journeySteps();
  const seed = ASAHIKAWA_R4_REPORTS[0];

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const api = `/api/v1/organizations/${cast.organizationId}/reports/${report.id}`;
    const auth = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    await t.http().post(`${api}/submit`).set(auth('owner')).expect(200);
    await t
      .http()
      .post(`${api}/accept`)
      .set(auth('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    reportPath = `/o/${cast.organizationId}/reports/${report.id}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
    ({ page: expert } = await newPage(browser, baseURL));
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink.stop();
  });

  /** The path of the link in the newest mail to the address that has one (the mail names the configured base URL). */
  async function mailedLink(address: string, mails = 1): Promise<string> {
    const withLink = await eventually(
      () => sink.to(address).filter((mail) => LINK.test(mail.text)),
      (found) => found.length >= mails,
    );
    return LINK.exec(withLink[withLink.length - 1].text)![0];
  }

  step(
    'the expert opens the link from the request mail and, with one button, the report (no password)',
    async () => {
      await expert.goto(await mailedLink('experta@example.jp'));
      await see(expert.getByRole('heading', { level: 1 }), '意見照会の報告書を開く');
      await expectAccessible(expert);
      await screenshot(expert, 'review-link-open');
      await expert.getByRole('button', { name: '報告書を開く' }).click();
      await expert.waitForURL((url) => url.pathname === reportPath);
      await see(expert.locator('main'), seed.projectName);
      await see(expert.getByRole('heading', { name: 'あなたへの意見照会' }));
      // The menu offers this report only.
      expect(await expert.locator('.site-nav a').allInnerTexts()).toEqual(['依頼された報告']);
      await expectAccessible(expert);
      // The report is this session's home; anything else is closed to it, the top page too: the refusal says how to
      // go back and how to go on.
      await expert.getByRole('link', { name: '地方創生交付金事業 効果検証システム' }).click();
      expect(new URL(expert.url()).pathname).toBe(reportPath);
      await expert.goto('/');
      await see(expert.locator('main'), '報告は、メールのリンクからもう一度開けます');
      await expectAccessible(expert);
      await expert.getByRole('link', { name: '依頼された報告へ戻る' }).click();
      await expert.waitForURL((url) => url.pathname === reportPath);
    },
    STEP_TIMEOUT,
  );

  step(
    'accepts with a conflict-of-interest declaration and enters the opinion',
    async () => {
      await expert.getByLabel('引き受ける').check();
      await expert.getByLabel('利害関係を申告する').check();
      await expert.getByLabel('利害関係の内容(申告する場合)').fill('事業の委託先である商工会議所の会員である。');
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(notice(expert), '依頼を引き受けました');
      await expert.getByLabel('総合戦略のKPI達成に有効であった').check();
      await expert.getByLabel('意見', { exact: true }).fill('中間目標を達成しており、事業は有効であった。');
      await expectAccessible(expert);
      await expert.getByRole('button', { name: '意見と評価を保存する' }).click();
      await see(notice(expert), '意見と評価を保存しました');
      await screenshot(expert, 'review-link-opinion-saved');
    },
    STEP_TIMEOUT,
  );

  step(
    "the planning division revokes the expert's links; the open page and the link stop working",
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      await planner.goto(reportPath);
      await planner.getByRole('button', { name: 'expertaさんのリンクを無効にする' }).click();
      await see(notice(planner), 'ログイン用リンクをすべて無効にし');
      await expectAccessible(planner);

      await expert.reload();
      expect(expert.url()).not.toContain(reportPath);
      await expert.goto(await mailedLink('experta@example.jp'));
      await see(expert.getByRole('heading', { level: 1 }), 'このリンクは使えません');
      await see(expert.locator('main'), 'このリンクは無効になりました');
      await expectAccessible(expert);
      await screenshot(expert, 'review-link-revoked');
    },
    STEP_TIMEOUT,
  );

  step(
    'asks for a fresh link by mail and opens the report with it',
    async () => {
      await settle(t);
      const mails = sink.to('experta@example.jp').filter((mail) => LINK.test(mail.text)).length;
      await expert.getByRole('button', { name: '新しいリンクをメールで受け取る' }).click();
      await see(expert.getByRole('heading', { level: 1 }), 'メールを確認してください');
      await expectAccessible(expert);
      await expert.goto(await mailedLink('experta@example.jp', mails + 1));
      await expert.getByRole('button', { name: '報告書を開く' }).click();
      await expert.waitForURL((url) => url.pathname === reportPath);
      await see(expert.locator('main'), '中間目標を達成しており');
    },
    STEP_TIMEOUT,
  );

  step(
    'the 監査ログ names the expert whose link asked for a fresh one, used from the link, not someone unknown',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      await planner.goto(`/o/${cast.organizationId}/admin/audit?action=review_link.renewal_requested`);
      const requested = planner.locator('table.table--cards tbody tr');
      await expect(requested.count()).resolves.toBe(1);
      await expect(requested.locator('td[data-label="操作した人"]').innerText()).resolves.toBe(
        'experta\n外部有識者(リンクから)',
      );
    },
    STEP_TIMEOUT,
  );
});
