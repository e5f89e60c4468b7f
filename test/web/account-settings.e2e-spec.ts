import { type Browser } from 'playwright-core';
import { Role } from '../../src/access/role';
import { journeySteps } from '../support/journey-steps';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';
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
const NEW_PASSWORD = 'a passphrase chosen in the settings';

/**
 * アカウント設定 from the link in the header: a new name shown at once, a wrong current password said plainly, and a
 * changed password mailed through a real SMTP server and ending the other sign-ins. JavaScript is off.
 */
describe('Web pages: account settings, without JavaScript', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser;
  let otherSession: string;
  const sink = new SmtpSink();
  const step = journeySteps();
  const noScript = { javaScriptEnabled: false };
  const email = 'settings@example.jp';

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    const { organizationId } = await seedOrganization(t, '012041', '旭川市');
    await addUser(t, organizationId, email, Role.ExternalExpert);
    await addUser(t, organizationId, 'taken@example.jp', Role.PlanningDivision);
    otherSession = await signIn(t, email);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink.stop();
  });

  step(
    'an expert renames themselves from the header link; a blank name is refused and the header shows the new one',
    async () => {
      const page = await signInPage(browser, baseURL, email, { ...noScript, viewport: PHONE });
      await page.getByRole('link', { name: 'アカウント設定' }).click();
      await see(page.locator('h1'), 'アカウント設定');
      await see(page.locator('main'), email);
      expect(await page.getByRole('textbox', { name: '氏名' }).inputValue()).toBe('settings');

      await page.getByRole('textbox', { name: '氏名' }).fill('　');
      await page.getByRole('button', { name: '氏名を変更する' }).click();
      await see(page.locator('.error-summary'), '氏名を入力してください');

      await page.getByRole('textbox', { name: '氏名' }).fill('有識者　ＡＢＣ');
      await page.getByRole('button', { name: '氏名を変更する' }).click();
      await see(notice(page), '氏名を変更しました');
      await see(page.locator('.site-header__name'), '有識者 ABC さん');
      expect(await page.getByRole('textbox', { name: '氏名' }).inputValue()).toBe('有識者 ABC');
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'account-settings-360');
      await page.context().close();

      const withScript = await signInPage(browser, baseURL, email);
      await withScript.goto('/account');
      await expectAccessible(withScript);
      await withScript.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'a wrong current password or a guessable new one, the own address too, is said beside the field; the right one changes it, mails the owner, ends the other sign-ins',
    async () => {
      const page = await signInPage(browser, baseURL, email, noScript);
      await page.goto('/account');
      const passwordForm = page.locator('form[action="/account/password"]');
      await passwordForm.getByLabel('現在のパスワード').fill('not my password');
      await passwordForm.getByLabel('新しいパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await see(page.locator('.error-summary'), '現在のパスワードが正しくありません');
      expect(await passwordForm.getByLabel('現在のパスワード').inputValue()).toBe('');

      await passwordForm.getByLabel('現在のパスワード').fill(TEST_PASSWORD);
      await passwordForm.getByLabel('新しいパスワード').fill('short');
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await see(page.locator('.error-summary'), '新しいパスワードは10文字以上で入力してください');

      await passwordForm.getByLabel('現在のパスワード').fill(TEST_PASSWORD);
      await passwordForm.getByLabel('新しいパスワード').fill('password123');
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await see(
        page.locator('.error-summary'),
        '推測されやすいパスワードです(よく使われるパスワードか、それに近いものです)。関係のない単語をいくつか組み合わせるなどして、長く推測されにくいものにしてください',
      );
      await see(passwordForm, '氏名やメールアドレスは使えません');

      await passwordForm.getByLabel('現在のパスワード').fill(TEST_PASSWORD);
      await passwordForm.getByLabel('新しいパスワード').fill(email);
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await see(
        page.locator('.error-summary'),
        '推測されやすいパスワードです(氏名やメールアドレスを含んでいます)。関係のない単語をいくつか組み合わせるなどして、長く推測されにくいものにしてください',
      );

      await passwordForm.getByLabel('現在のパスワード').fill(TEST_PASSWORD);
      await passwordForm.getByLabel('新しいパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await see(notice(page), 'パスワードを変更しました');

      const [mail] = await eventually(
        () => sink.to(email),
        (found) => found.length > 0,
      );
      expect(mail.subject).toContain('パスワードが変更されました');
      expect(mail.text).toMatch(/^有識者 ABC 様/);
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${otherSession}`).expect(401);
      await page.reload();
      await see(page.locator('h1'), 'アカウント設定');
      await signIn(t, email, NEW_PASSWORD);
      await page.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'a new address is refused when another account has it, and changes only when the link mailed to it is confirmed',
    async () => {
      const page = await signInPage(browser, baseURL, email, { ...noScript, password: NEW_PASSWORD, next: '/account' });
      await see(page.locator('h1'), 'アカウント設定');
      const emailForm = page.locator('form[action="/account/email"]');
      await page.getByLabel('新しいメールアドレス').fill('moved@example.jp');
      await emailForm.getByLabel('現在のパスワード').fill('not my password');
      await page.getByRole('button', { name: '確認のリンクを送る' }).click();
      await see(page.locator('.error-summary'), '現在のパスワードが正しくありません');
      expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#f-emailCurrentPassword');
      await see(page.locator('#f-emailCurrentPassword-error'), '現在のパスワードが正しくありません');
      expect(await page.getByLabel('新しいメールアドレス').inputValue()).toBe('moved@example.jp');
      expect(await emailForm.getByLabel('現在のパスワード').inputValue()).toBe('');

      await page.getByLabel('新しいメールアドレス').fill('taken@example.jp');
      await emailForm.getByLabel('現在のパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: '確認のリンクを送る' }).click();
      await see(page.locator('.error-summary'), '新しいメールアドレスは、ほかのアカウントで使われています');

      await page.getByLabel('新しいメールアドレス').fill('moved@example.jp');
      await emailForm.getByLabel('現在のパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: '確認のリンクを送る' }).click();
      await see(notice(page), '新しいメールアドレスに確認のリンクを送りました');
      const [linkMail] = await eventually(
        () => sink.to('moved@example.jp'),
        (found) => found.length > 0,
      );
      const path = /\/account\/email\/[A-Za-z0-9_-]{43}/.exec(linkMail.text)![0];
      await eventually(
        () => sink.to(email),
        (found) => found.some((mail) => mail.subject.includes('メールアドレスの変更が依頼されました')),
      );
      await see(page.locator('main'), `いまのメールアドレスは ${email} です`);

      const { page: mailbox } = await newPage(browser, baseURL, noScript);
      await mailbox.goto(path);
      await see(mailbox.locator('main'), 'moved@example.jp');
      await mailbox.getByRole('button', { name: 'メールアドレスを変更する' }).click();
      await see(mailbox.locator('h1'), 'メールアドレスを変更しました');
      const again = await mailbox.goto(path);
      expect(again?.status()).toBe(410);
      await see(mailbox.locator('main'), 'このメールアドレス確認のリンクはもう使えません');
      await mailbox.context().close();

      await page.reload();
      await see(page.locator('main'), 'いまのメールアドレスは moved@example.jp です');
      await signIn(t, 'moved@example.jp', NEW_PASSWORD);
      await page.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'a change not asked for is cancelled from the notice to the old address, on a page with a button',
    async () => {
      const page = await signInPage(browser, baseURL, 'moved@example.jp', {
        ...noScript,
        password: NEW_PASSWORD,
        next: '/account',
      });
      await page.getByLabel('新しいメールアドレス').fill('intruder@example.jp');
      await page.locator('form[action="/account/email"]').getByLabel('現在のパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: '確認のリンクを送る' }).click();
      await see(notice(page), '新しいメールアドレスに確認のリンクを送りました');
      const [linkMail] = await eventually(
        () => sink.to('intruder@example.jp'),
        (found) => found.length > 0,
      );
      const confirmPath = /\/account\/email\/[A-Za-z0-9_-]{43}/.exec(linkMail.text)![0];
      const notices = await eventually(
        () =>
          sink.to('moved@example.jp').filter((mail) => mail.subject.includes('メールアドレスの変更が依頼されました')),
        (found) => found.length > 0,
      );
      const cancelPath = /\/account\/email-cancel\/[A-Za-z0-9_-]{43}/.exec(notices[0].text)![0];
      await page.context().close();

      const { page: mailbox } = await newPage(browser, baseURL, noScript);
      await mailbox.goto(cancelPath);
      await see(mailbox.locator('main'), 'intruder@example.jp に変更するよう依頼されています');
      await mailbox.getByRole('button', { name: '変更を取りやめる' }).click();
      await see(mailbox.locator('h1'), 'メールアドレスの変更を取りやめました');
      expect((await mailbox.goto(cancelPath))?.status()).toBe(410);
      await see(mailbox.locator('main'), 'この変更はもう確認を待っていません');
      expect((await mailbox.goto(confirmPath))?.status()).toBe(410);
      await mailbox.context().close();
      await signIn(t, 'moved@example.jp', NEW_PASSWORD);
    },
    STEP_TIMEOUT,
  );

  step(
    'the page shows a change waiting for its link, until when, and takes it back',
    async () => {
      const page = await signInPage(browser, baseURL, 'moved@example.jp', {
        ...noScript,
        password: NEW_PASSWORD,
        next: '/account',
      });
      await see(page.locator('h1'), 'アカウント設定');
      expect(await page.locator('main').textContent()).not.toContain('確認待ちの新しいメールアドレス');
      await page.getByLabel('新しいメールアドレス').fill('later@example.jp');
      await page.locator('form[action="/account/email"]').getByLabel('現在のパスワード').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: '確認のリンクを送る' }).click();
      await see(page.locator('main'), /確認待ちの新しいメールアドレス: later@example\.jp（有効期限 令和\d+年/);

      await page.getByRole('button', { name: '変更を取りやめる' }).click();
      await see(notice(page), 'メールアドレスの変更を取りやめました');
      expect(await page.locator('main').textContent()).not.toContain('確認待ちの新しいメールアドレス');
      await page.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'the sign-in page is where someone not signed in is sent',
    async () => {
      const { page } = await newPage(browser, baseURL, noScript);
      await page.goto('/account');
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.context().close();
    },
    STEP_TIMEOUT,
  );
});
