import { type Browser, type Page } from 'playwright-core';
import { dateInputValue } from '../../src/common/era-input';
import { journeySteps } from '../support/journey-steps';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  newPage,
  notice,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 90_000;
const NEW_PASSWORD = 'a new passphrase after forgetting';

/**
 * パスワードを忘れた場合 from the sign-in page to the new password, through a real SMTP server; then an administrator's
 * reset link and deactivation on a member's page, and planning moving the year's deadlines. JavaScript is off.
 */
describe('Web pages: password reset, deactivation and deadlines, without JavaScript', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  const sink = new SmtpSink();
  const step = journeySteps();
  const noScript = { javaScriptEnabled: false };

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/cycles`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ fiscalYear: 'R4', submissionDueDate: dueInDays(10), reviewDueDate: dueInDays(30) })
      .expect(201);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink.stop();
  });

  /** The path of the link in the newest reset mail to the address. */
  async function resetPath(address: string, mails = 1): Promise<string> {
    const received = await eventually(
      () => sink.to(address),
      (found) => found.length >= mails,
    );
    return /\/password-reset\/[A-Za-z0-9_-]{43}/.exec(received[received.length - 1].text)![0];
  }

  /** axe needs JavaScript in the page: the same page, opened again with it on (as the given person, if any). */
  async function expectAccessibleAt(path: string, email?: string): Promise<void> {
    const page = email ? await signInPage(browser, baseURL, email) : (await newPage(browser, baseURL)).page;
    await page.goto(path);
    await expectAccessible(page);
    await page.context().close();
  }

  async function signInAs(page: Page, email: string, password: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(password);
    await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  }

  step(
    'someone who forgot the password asks for a link from the sign-in page and is told the same for any address',
    async () => {
      const { page } = await newPage(browser, baseURL, { ...noScript, viewport: PHONE });
      await page.goto('/sign-in');
      await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
      await see(page.locator('h1'), 'パスワードを忘れた場合');
      await page.getByRole('button', { name: '再設定のリンクを送る' }).click();
      await see(page.locator('.error-summary'), 'メールアドレス');
      await expectAccessibleAt('/password-reset');

      await page.getByLabel('メールアドレス').fill('nobody@example.jp');
      await page.getByRole('button', { name: '再設定のリンクを送る' }).click();
      await see(page.locator('h1'), 'メールを確認してください');
      const unknownAnswer = await page.locator('main').innerText();

      await page.goto('/password-reset');
      await page.getByLabel('メールアドレス').fill('owner@example.jp');
      await page.getByRole('button', { name: '再設定のリンクを送る' }).click();
      await see(page.locator('h1'), 'メールを確認してください');
      expect(await page.locator('main').innerText()).toBe(unknownAnswer);
      await expectNoHorizontalScroll(page);
      await expectAccessibleAt('/password-reset/sent');
      await screenshot(page, 'password-reset-sent-360');
    },
    STEP_TIMEOUT,
  );

  step(
    'the link in the mail sets a new password once; the old password and the link stop working',
    async () => {
      const path = await resetPath('owner@example.jp');
      expect(sink.to('nobody@example.jp')).toEqual([]);
      const { page } = await newPage(browser, baseURL, noScript);
      await page.goto(path);
      await see(page.locator('h1'), '新しいパスワードの設定');
      await see(page.locator('main'), 'owner@example.jp');
      await expectAccessibleAt(path);

      await page.getByLabel('新しいパスワード').fill('short');
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await see(page.locator('.error-summary'), '新しいパスワードは10文字以上で入力してください');

      await page.getByLabel('新しいパスワード').fill('owner@example.jp');
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await see(
        page.locator('.error-summary'),
        '推測されやすいパスワードです(氏名やメールアドレスを含んでいます)。関係のない単語をいくつか組み合わせるなどして、長く推測されにくいものにしてください',
      );

      await page.getByLabel('新しいパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await see(notice(page), '新しいパスワードを設定しました');

      await signInAs(page, 'owner@example.jp', TEST_PASSWORD);
      await see(page.locator('.error-summary'), 'メールアドレスまたはパスワードが正しくありません');
      await signInAs(page, 'owner@example.jp', NEW_PASSWORD);
      await page.waitForURL((url) => url.pathname === `/o/${cast.organizationId}/my-reports`);

      const response = await page.goto(path);
      expect(response?.status()).toBe(410);
      await see(page.locator('main'), 'このパスワード再設定のリンクはもう使えません');
      await expectAccessibleAt(path);
    },
    STEP_TIMEOUT,
  );

  step(
    "an administrator sends a member a reset link from the member's page, then deactivates and reactivates them",
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', noScript);
      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      await admin.getByRole('link', { name: /^expertb/ }).click();
      await see(admin.locator('h1'), 'expertbのアカウント');
      const memberPath = new URL(admin.url()).pathname;
      await expectAccessibleAt(memberPath, 'admin@012041.example.jp');

      await admin.getByRole('button', { name: '再設定のリンクを送る' }).click();
      await see(notice(admin), 'パスワード再設定用のリンクを');
      await resetPath('expertb@example.jp');
      expect(sink.to('expertb@example.jp')[0].text).toContain('システム管理者が');

      const expert = await signInPage(browser, baseURL, 'expertb@example.jp', noScript);
      await admin.getByRole('button', { name: '利用を停止する' }).click();
      await see(admin.locator('h1'), 'expertbさんの利用を停止しますか');
      await admin.getByRole('button', { name: '利用を停止する' }).click();
      await see(notice(admin), '利用を停止しました');
      await see(admin.locator('main'), '停止中');
      await expectAccessibleAt(memberPath, 'admin@012041.example.jp');
      await screenshot(admin, 'admin-member-deactivated');

      // The session the person had is over; signing in again is refused, saying why.
      await expert.goto(`/o/${cast.organizationId}/assignments`);
      expect(new URL(expert.url()).pathname).toBe('/sign-in');
      await signInAs(expert, 'expertb@example.jp', TEST_PASSWORD);
      await see(expert.locator('[data-error-summary]'), 'このアカウントは利用を停止されています');
      // Not an input error: nothing typed was wrong.
      await see(expert.locator('[data-error-summary] .notice__title'), 'サインインできません');

      await admin.getByRole('button', { name: '利用を再開する' }).click();
      await see(notice(admin), '利用を再開しました');
      await signInAs(expert, 'expertb@example.jp', TEST_PASSWORD);
      await expert.waitForURL((url) => url.pathname === `/o/${cast.organizationId}/assignments`);
    },
    STEP_TIMEOUT,
  );

  step(
    "planning moves the year's deadlines from the year board",
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', noScript);
      await planner.goto(`/o/${cast.organizationId}/board?fiscalYear=2022`);
      await planner.getByRole('link', { name: /期限を変更/ }).click();
      await see(planner.locator('h1'), '期限の変更');
      await expectAccessibleAt(new URL(planner.url()).pathname, 'planner@example.jp');

      await planner.getByLabel('意見の期限(任意)').fill('2000-01-01');
      await planner.getByRole('button', { name: '期限を変更する' }).click();
      await see(planner.locator('.error-summary'), '意見の期限は提出期限と同じか、それより後の日付にしてください');

      await planner.getByLabel('意見の期限(任意)').fill(dueInDays(45));
      await planner.getByRole('button', { name: '期限を変更する' }).click();
      await see(notice(planner), '期限を変更しました');
      // Typed in western digits, offered back in 和暦 as the page writes dates.
      expect(await planner.getByLabel('意見の期限(任意)').inputValue()).toBe(dateInputValue(dueInDays(45)));
    },
    STEP_TIMEOUT,
  );
});
