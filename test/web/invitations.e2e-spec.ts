import { type Browser, type Page } from 'playwright-core';
import { Role } from '../../src/access/role';
import { journeySteps } from '../support/journey-steps';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import {
  addUser,
  createTestApp,
  seedOrganization,
  sessionCookie,
  TEST_PASSWORD,
  type TestApp,
} from '../support/test-app';
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
import { PageTab, shownText } from './support/page-forms';

const STEP_TIMEOUT = 60_000;

/** 利用者と役割 → invitation e-mail → the invitee's page, for a new person and for an account of another town. */
describe('Web pages: joining an organization by invitation', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiro: string;
  let baseURL: string;
  let browser: Browser;
  let admin: Page;
  const sink = new SmtpSink();
  const step = journeySteps();
  const usersPage = () => `/o/${cast.organizationId}/admin/users`;

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink.stop();
  });

  /** The path of the link in the `count`th invitation mail to the address (the mail names the configured base URL). */
  async function invitationPath(address: string, count = 1): Promise<string> {
    const mails = await eventually(
      () => sink.to(address),
      (received) => received.length >= count,
    );
    return /\/invitations\/[A-Za-z0-9_-]{43}/.exec(mails[count - 1].text)![0];
  }

  async function invite(address: string, roleLabel: string): Promise<void> {
    await admin.goto(usersPage());
    await admin.getByLabel('メールアドレス').fill(address);
    await admin.getByLabel(roleLabel, { exact: true }).check();
    await admin.getByRole('button', { name: '招待する', exact: true }).click();
    await see(notice(admin), '招待メールを送りました');
  }

  step(
    'an administrator invites a new person, who sees the invitation on the users page until they answer',
    async () => {
      await invite('newcomer@example.jp', '企画政策課');
      const pending = admin.locator('section', { hasText: '回答待ちの招待' }).locator('tbody tr');
      await see(pending, 'newcomer@example.jp');
      expect(await pending.filter({ hasText: 'newcomer@example.jp' }).innerText()).toContain('企画政策課');
      await expectAccessible(admin);
      await screenshot(admin, 'admin-users-invitations');
    },
    STEP_TIMEOUT,
  );

  step(
    'the new person opens the link, is told what is missing, then sets a name and password and signs in as a member',
    async () => {
      const path = await invitationPath('newcomer@example.jp');
      const { page } = await newPage(browser, baseURL);
      await page.goto(path);
      await see(page.locator('h1'), '旭川市への招待');
      await expectAccessible(page);
      await screenshot(page, 'invitation-new-person');

      await page.getByRole('button', { name: 'アカウントを作成して参加する' }).click();
      await see(page.locator('.error-summary'), '氏名を入力してください');
      await expectAccessible(page);

      await page.getByLabel('氏名').fill('新人 花子');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'アカウントを作成して参加する' }).click();
      await see(notice(page), 'アカウントを作成し、招待を承諾しました');
      await page.getByLabel('メールアドレス').fill('newcomer@example.jp');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/o/${cast.organizationId}/board`);

      await page.goto(path);
      await see(page.locator('h1'), 'この招待は使えません');
      await see(page.locator('main'), '招待のリンクは一度しか使えません');
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );

  step(
    "another town's administrator signs in from the link and accepts: only then are they a member",
    async () => {
      await invite('admin@012068.example.jp', '外部有識者');
      const path = await invitationPath('admin@012068.example.jp');
      const members = () =>
        t.dataSource.query<{ role: Role }[]>(
          `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.organization_id = $2`,
          ['admin@012068.example.jp', cast.organizationId],
        );

      // Signed in as someone else, the link cannot be accepted.
      await admin.goto(path);
      await see(admin.locator('main'), 'いまは admin@012041.example.jp でサインインしています');
      expect(await admin.getByRole('button', { name: '承諾して参加する' }).count()).toBe(0);

      const { page } = await newPage(browser, baseURL);
      await page.goto(path);
      await see(page.locator('main'), 'のアカウントでサインインすると');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'サインインして回答する' }).click();
      await page.getByLabel('メールアドレス').fill('admin@012068.example.jp');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      await see(page.getByRole('button', { name: '承諾して参加する' }));
      await expectAccessible(page);
      expect(await members()).toEqual([]);

      await page.getByRole('button', { name: '承諾して参加する' }).click();
      await see(notice(page), '招待を承諾しました');
      expect(page.url()).toContain(`/o/${cast.organizationId}/assignments`);
      expect(await members()).toEqual([{ role: Role.ExternalExpert }]);
      // The sign-in on the way (a refusal, then a redirect) left the token in no audit entry.
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_entries WHERE details::text LIKE '%' || $1::text || '%'`,
        [path.split('/').at(-1)],
      );
      expect(count).toBe(0);
    },
    STEP_TIMEOUT,
  );

  step(
    'accepting pressed twice at once, then sent again from the browser’s history: each press ends where the first went',
    async () => {
      await addUser(t, kushiro, 'expert@012068.example.jp', Role.ExternalExpert);
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/users`)
        .set({ Authorization: `Bearer ${cast.tokens.admin}` })
        .send({ email: 'expert@012068.example.jp', roles: [{ role: Role.ExternalExpert }] })
        .expect(202);
      // The link opened first, then signed in, as its sign-in step asks (signed in already, the link leads on by itself).
      const tab = new PageTab(t, '');
      await tab.open(await invitationPath('expert@012068.example.jp'));
      const session = await sessionCookie(t, 'expert@012068.example.jp');
      tab.setCookie('kpiv_session', session.slice('kpiv_session='.length));
      await tab.open('/invitations/respond');

      const presses = await Promise.all([tab.send('/invitations/accept'), tab.send('/invitations/accept')]);
      const resent = await tab.send('/invitations/accept');
      const start = `/o/${cast.organizationId}/assignments?notice=invitation-accepted`;
      for (const press of [...presses, resent]) expect([press.status, press.headers.location]).toEqual([303, start]);
      expect(shownText((await tab.open(start)).text)).toContain('招待を承諾しました。この団体の利用者になりました。');
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'invitation.accepted' AND details->>'email' = $1`,
        ['expert@012068.example.jp'],
      );
      expect(count).toBe(1);
    },
    STEP_TIMEOUT,
  );

  step(
    'declining pressed twice at once, then sent again from the browser’s history: each press ends on its own page',
    async () => {
      await invite('not-joining@example.jp', '外部有識者');
      const tab = new PageTab(t, '');
      await tab.open(await invitationPath('not-joining@example.jp'));

      const presses = await Promise.all([tab.send('/invitations/decline'), tab.send('/invitations/decline')]);
      const resent = await tab.send('/invitations/decline');
      for (const press of [...presses, resent])
        expect([press.status, press.headers.location]).toEqual([303, '/invitations/declined']);
      const { page } = await newPage(browser, baseURL);
      await page.goto('/invitations/declined');
      await see(page.locator('h1'), '招待を辞退しました');
      await see(page.locator('main'), '招待のリンクはもう使えません');
      await expectAccessible(page);
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'invitation.declined' AND details->>'email' = $1`,
        ['not-joining@example.jp'],
      );
      expect(count).toBe(1);
    },
    STEP_TIMEOUT,
  );

  step(
    'a revoked invitation leaves those waiting for an answer for the closed ones, and its link explains that it was withdrawn',
    async () => {
      await invite('changed-mind@example.jp', '外部有識者');
      const path = await invitationPath('changed-mind@example.jp');
      await admin.getByRole('link', { name: /^取り消す.*changed-mind@example\.jp/ }).click();
      await see(admin.locator('main'), 'changed-mind@example.jp への招待を取り消します。');
      await admin.getByRole('button', { name: '招待を取り消す' }).click();
      await see(notice(admin), '招待を取り消しました');
      expect(await admin.locator('section', { hasText: '回答待ちの招待' }).innerText()).not.toContain(
        'changed-mind@example.jp',
      );
      const closed = admin.locator('section', { hasText: '回答済み・終了した招待' }).locator('tbody tr');
      await see(closed.filter({ hasText: 'changed-mind@example.jp' }), '取消し');

      const { page } = await newPage(browser, baseURL);
      const response = await page.goto(path);
      expect(response?.status()).toBe(410);
      await see(page.locator('main'), 'システム管理者が取り消しました');
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );

  step(
    'an administrator sends an invitation again: the earlier link says to open the newest mail, whose link opens it',
    async () => {
      await invite('mail-lost@example.jp', '外部有識者');
      const earlier = await invitationPath('mail-lost@example.jp');
      await admin.getByRole('button', { name: /^招待メールを再送.*mail-lost@example\.jp/ }).click();
      await see(notice(admin), '招待メールを再送しました');
      await expectAccessible(admin);
      const later = await invitationPath('mail-lost@example.jp', 2);
      expect(later).not.toBe(earlier);

      const { page } = await newPage(browser, baseURL);
      expect((await page.goto(earlier))?.status()).toBe(410);
      await see(page.locator('h1'), '招待メールが再送されました');
      await see(page.locator('main'), 'いちばん新しい招待メール(件名が【再送】のもの)のリンクを開いてください');
      await expectAccessible(page);
      await page.goto(later);
      await see(page.locator('h1'), '旭川市への招待');
      await see(page.getByRole('button', { name: 'アカウントを作成して参加する' }));
    },
    STEP_TIMEOUT,
  );

  step(
    'an invitee signed in already is offered to join at once; signed in as another account, they are told so and may sign out',
    async () => {
      const joined = () =>
        t.dataSource.query<{ email: string }[]>(
          `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email LIKE 'signed-in-%' AND m.organization_id = $1 ORDER BY u.email`,
          [cast.organizationId],
        );
      await addUser(t, kushiro, 'signed-in-1@012068.example.jp', Role.ExternalExpert);
      await invite('signed-in-1@012068.example.jp', '外部有識者');
      const invitee = await signInPage(browser, baseURL, 'signed-in-1@012068.example.jp');
      await invitee.goto(await invitationPath('signed-in-1@012068.example.jp'));
      await see(invitee.locator('main'), 'signed-in-1@012068.example.jp でサインインしています。承諾すると');
      expect(await invitee.getByRole('link', { name: 'サインインして回答する' }).count()).toBe(0);
      await expectAccessible(invitee);
      await invitee.getByRole('button', { name: '承諾して参加する' }).click();
      await see(notice(invitee), '招待を承諾しました');

      await addUser(t, kushiro, 'signed-in-2@012068.example.jp', Role.ExternalExpert);
      await invite('signed-in-2@012068.example.jp', '外部有識者');
      const other = await signInPage(browser, baseURL, 'expert@012068.example.jp');
      await other.goto(await invitationPath('signed-in-2@012068.example.jp'));
      await see(other.getByRole('heading', { name: '別のアカウントでサインインしています' }));
      await see(other.locator('main'), 'いまは expert@012068.example.jp でサインインしています');
      expect(await other.getByRole('button', { name: '承諾して参加する' }).count()).toBe(0);
      await expectAccessible(other);
      await other.getByRole('button', { name: 'サインアウトして、招待された宛先でサインインする' }).click();
      await see(notice(other), 'サインアウトしました');
      await other.getByLabel('メールアドレス').fill('signed-in-2@012068.example.jp');
      await other.getByLabel('パスワード').fill(TEST_PASSWORD);
      await other.getByRole('button', { name: 'サインイン', exact: true }).click();
      await other.getByRole('button', { name: '承諾して参加する' }).click();
      await see(notice(other), '招待を承諾しました');
      expect(await joined()).toEqual([
        { email: 'signed-in-1@012068.example.jp' },
        { email: 'signed-in-2@012068.example.jp' },
      ]);
    },
    STEP_TIMEOUT,
  );

  step(
    'signed in as another account, an invitee whose address has no account is told so, and signs out to join as a new person',
    async () => {
      await invite('no-account-yet@example.jp', '外部有識者');
      const page = await signInPage(browser, baseURL, 'expert@012068.example.jp');
      expect((await page.goto(await invitationPath('no-account-yet@example.jp')))?.status()).toBe(403);
      await see(page.getByRole('heading', { name: '別のアカウントでサインインしています' }));
      await see(
        page.locator('main'),
        'いまは expert@012068.example.jp でサインインしています。この招待は no-account-yet@example.jp 宛てで、その宛先でサインインできるアカウントはありません',
      );
      expect(await page.getByRole('button', { name: 'アカウントを作成して参加する' }).count()).toBe(0);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'サインアウトして、招待された宛先で参加する' }).click();
      await see(notice(page), 'サインアウトしました');
      await see(page.locator('h1'), '旭川市への招待');
      await page.getByLabel('氏名').fill('新規 次郎');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'アカウントを作成して参加する' }).click();
      await see(notice(page), 'アカウントを作成し、招待を承諾しました');
      const joined = await t.dataSource.query<{ display_name: string }[]>(
        `SELECT u.display_name FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.organization_id = $2`,
        ['no-account-yet@example.jp', cast.organizationId],
      );
      expect(joined).toEqual([{ display_name: '新規 次郎' }]);
    },
    STEP_TIMEOUT,
  );

  step(
    'an invitation closed by another accepted one stays on the users page as 別の招待で参加済み, as the API lists it',
    async () => {
      const email = 'second-try@example.jp';
      await invite(email, '外部有識者');
      await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [
        email,
      ]);
      await invite(email, '企画政策課');
      const { page } = await newPage(browser, baseURL);
      await page.goto(await invitationPath(email, 2));
      await page.getByLabel('氏名').fill('再挑戦 次郎');
      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'アカウントを作成して参加する' }).click();
      await see(notice(page), 'アカウントを作成し、招待を承諾しました');

      await admin.goto(usersPage());
      const closed = admin.locator('section', { hasText: '回答済み・終了した招待' }).locator('tbody tr');
      await see(closed.filter({ hasText: email }).filter({ hasText: '外部有識者' }), '別の招待で参加済み');
      await see(closed.filter({ hasText: email }).filter({ hasText: '企画政策課' }), '承諾済み');
      await expectAccessible(admin);
      const listed = await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/invitations`)
        .set({ Authorization: `Bearer ${cast.tokens.admin}` })
        .expect(200);
      const answered = listed.body.filter(
        (invitation: { status: string }) => invitation.status !== 'pending' && invitation.status !== 'expired',
      );
      expect(await closed.locator('th').allInnerTexts()).toEqual(
        answered.map((invitation: { email: string }) => invitation.email),
      );
      expect(await closed.locator('td[data-label="状態"]').allInnerTexts()).toEqual(
        answered.map((invitation: { statusLabel: string }) => invitation.statusLabel),
      );
    },
    STEP_TIMEOUT,
  );
});
