import { type Browser, type Page } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { underReview } from '../support/report-scenario';
import { createTestApp, sessionCookie, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, see, serve, signInPage } from './support/browser';
import { formsOf, PageTab } from './support/page-forms';

const STEP_TIMEOUT = 60_000;
const SIGNED_OUT = 'サインインが切れていたため、送信した内容は保存されていません。';
/** The host the pages are asked at over HTTP, so that a form's Referer names this site. */
const SITE = 'kpiv.test';

/**
 * A form sent when it can no longer be carried out (the sign-in ended meanwhile, or the report was closed to the
 * expert writing in it) is refused with the reason, and what was written in it is shown to copy: no text is lost
 * without a word, and the person is led back to where they were.
 */
describe('Web forms sent after the sign-in ended or the report closed meanwhile', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reviewedId = '';
  let reviewedPath = '';
  let effectPath = '';
  let assignmentId = '';
  let draftApi = '';
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const savedNarrative = async () =>
    (await t.http().get(draftApi).set(as('owner')).expect(200)).body.effect.narrative as string;
  const denialsOf = (path: string) =>
    t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'access.denied' AND details->>'path' = $1`, [path]);

  beforeAll(async () => {
    // Every refusal written, so that each can be seen recorded (the same form refused again is folded otherwise).
    t = await createTestApp({ DENIAL_AUDIT_WINDOW_SECONDS: '0' });
    cast = await castAsahikawa(t);
    const scenario = await underReview(t, cast);
    reviewedId = scenario.reviewed.id;
    reviewedPath = `/o/${cast.organizationId}/reports/${reviewedId}`;
    effectPath = `/o/${cast.organizationId}/reports/${scenario.draft.id}/sections/effect`;
    draftApi = `/api/v1/organizations/${cast.organizationId}/reports/${scenario.draft.id}`;
    assignmentId = scenario.assignmentId;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * The sign-in page a form sent too late is answered with: why, what was written (and the ⑥ level chosen, if any),
   * and back to the form after.
   */
  async function expectAskedToSignInAgain(
    page: Page,
    narrative: string,
    { checkAccessible = false, level = '' } = {},
  ): Promise<void> {
    await see(page.getByRole('heading', { level: 1, name: 'サインイン' }));
    await see(page.locator('.notice--warning[role="alert"]'), SIGNED_OUT);
    await see(page.getByRole('heading', { level: 2, name: '入力していた内容' }));
    const kept = page.getByLabel('⑥事業効果の説明');
    expect(await kept.inputValue()).toBe(narrative);
    expect(await kept.isEditable()).toBe(false);
    const keptLevel = page.getByLabel('⑥事業効果', { exact: true });
    if (level) {
      expect(await keptLevel.inputValue()).toBe(level);
      expect(await keptLevel.isEditable()).toBe(false);
    }
    // axe runs as a script in the page.
    if (checkAccessible) await expectAccessible(page);

    // A mistyped password loses neither the text nor the way back.
    await page.getByLabel('メールアドレス').fill('owner@example.jp');
    await page.getByLabel('パスワード').fill('not the password');
    await page.getByRole('button', { name: 'サインイン', exact: true }).click();
    await see(page.locator('.error-summary'), 'メールアドレスまたはパスワードが正しくありません。');
    expect(await page.getByLabel('⑥事業効果の説明').inputValue()).toBe(narrative);
    if (level) expect(await keptLevel.inputValue()).toBe(level);
    expect(await page.locator('input[name="next"]').inputValue()).toBe(effectPath);
    expect(await page.locator('input[type="password"]').inputValue()).toBe('');

    await page.getByLabel('パスワード').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'サインイン', exact: true }).click();
    await page.waitForURL((url) => url.pathname === effectPath);
    expect(await savedNarrative()).not.toBe(narrative);
  }

  it(
    'asks the owner whose sign-in timed out while writing to sign in again, showing the text and the ⑥ level chosen, and returns to the form',
    async () => {
      const page = await signInPage(browser, baseURL, 'owner@example.jp', {
        javaScriptEnabled: false,
      });
      await page.goto(effectPath);
      const narrative = '目標を上回った。\n<script>alert(1)</script>も文字のまま。';
      await page.getByLabel('事業効果の説明').fill(narrative);
      const level = '地方創生に相当程度効果があった';
      await page.getByRole('radio', { name: level }).check();
      // The browser's sign-in runs out; the API token the test reads with is an earlier one.
      await t.dataSource.query(
        `UPDATE sessions SET expires_at = now() - interval '1 minute'
         WHERE id = (SELECT id FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1)`,
        [cast.userIds.owner],
      );
      const [saved] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: '下書きを保存する' }).click(),
      ]);
      expect(saved.status()).toBe(401);
      expect(await page.locator('input[name="next"]').inputValue()).toBe(effectPath);
      expect(await page.locator('input[type="password"]').inputValue()).toBe('');
      await expectAskedToSignInAgain(page, narrative, { level });
      await page.context().close();
    },
    STEP_TIMEOUT,
  );

  it(
    'answers a form sent after signing out in another tab the same way, not as a forged form',
    async () => {
      const page = await signInPage(browser, baseURL, 'owner@example.jp');
      await page.goto(effectPath);
      const narrative = '別のタブでサインアウトした後に保存した説明。';
      await page.getByLabel('事業効果の説明').fill(narrative);
      const other = await page.context().newPage();
      await other.goto(`/o/${cast.organizationId}/my-reports`);
      await other.getByRole('button', { name: 'サインアウト' }).click();
      await other.waitForURL((url) => url.pathname === '/sign-in');

      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await expectAskedToSignInAgain(page, narrative, { checkAccessible: true });
      await page.context().close();
    },
    STEP_TIMEOUT,
  );

  it('carries a long text and the way back through a mistyped password, storing none of it and never the password', async () => {
    const tab = new PageTab(t, await sessionCookie(t, 'owner@example.jp'), SITE);
    await tab.open(effectPath);
    const narrative = `${'長い説明。'.repeat(2_000)}\n"><script>alert(1)</script>`;
    tab.setCookie('kpiv_session', null);
    expect(
      (await tab.send(effectPath, { '/effectNarrative': narrative, '/effectLevel': 'not_effective' })).status,
    ).toBe(401);

    const mistyped = await tab.send('/sign-in', { '/email': 'owner@example.jp', '/password': 'not the password' });
    expect(mistyped.status).toBe(400);
    expect(mistyped.text).toContain('メールアドレスまたはパスワードが正しくありません。');
    expect(mistyped.text).not.toContain('not the password');
    const form = formsOf(mistyped.text, '/sign-in').find((candidate) => candidate.action === '/sign-in')!;
    expect(form.fields).toEqual(
      expect.arrayContaining([
        ['next', effectPath],
        ['/effectNarrative', narrative],
        ['/effectLevel', 'not_effective'],
        ['/password', ''],
      ]),
    );
    expect(mistyped.text).toContain('入力していた内容');
    expect(mistyped.text).toContain('value="地方創生に効果がなかった" readonly');

    const signedIn = await tab.send('/sign-in', { '/email': 'owner@example.jp', '/password': TEST_PASSWORD });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(effectPath);
    expect(await savedNarrative()).not.toBe(narrative);
  });

  it('answers a form opened before signing in again in another tab without alarm, carrying nothing out', async () => {
    const tab = new PageTab(t, await sessionCookie(t, 'owner@example.jp'), SITE);
    await tab.open(effectPath);
    // Another tab signed out and in again: the browser holds a new session, the form the token of the old one.
    const [, renewed] = (await sessionCookie(t, 'owner@example.jp')).split('=');
    tab.setCookie('kpiv_session', renewed);
    const narrative = 'サインインし直す前に開いた画面で書いた説明。';
    const deniedBefore = (await denialsOf(effectPath)).length;

    const refused = await tab.send(effectPath, { '/effectNarrative': narrative });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('サインインし直す前に開いたフォームです');
    expect(refused.text).toContain('送信した内容は保存されていません');
    expect(refused.text).not.toContain('送信を受け付けられませんでした');
    expect(refused.text).toContain(narrative);
    expect(refused.text).toContain(`<a href="${effectPath}">フォームのページを開き直す</a>`);
    expect(await savedNarrative()).not.toBe(narrative);
    // Refused and recorded as any form without its token: the Referer is only the client's word.
    expect(await denialsOf(effectPath)).toHaveLength(deniedBefore + 1);
  });

  it('still refuses a form made elsewhere plainly, showing nothing back of it, and records it', async () => {
    const session = await sessionCookie(t, 'owner@example.jp');
    const deniedBefore = (await denialsOf(effectPath)).length;
    for (const referer of [
      undefined,
      `https://elsewhere.example${effectPath}`,
      `http://${SITE}//elsewhere.example/o/x`,
    ]) {
      const request = t.http().post(effectPath).set('Host', SITE).set('Cookie', session);
      if (referer) request.set('Referer', referer);
      const response = await request.type('form').send({ '/effectNarrative': '送られてきた文', '/version': '1' });
      expect(response.status).toBe(403);
      expect(response.text).toContain('送信を受け付けられませんでした');
      expect(response.text).not.toContain('送られてきた文');
      expect(response.text).not.toContain('フォームのページを開き直す');
    }
    expect(await denialsOf(effectPath)).toHaveLength(deniedBefore + 3);
  });

  it('shows nothing back of a form another site made the browser send, and leads nowhere but this site', async () => {
    const refused = async (referer: string) => {
      const response = await t
        .http()
        .post(effectPath)
        .set('Referer', referer)
        .type('form')
        .send({ '/effectNarrative': '送られてきた文', '/version': '1' })
        .expect(401);
      expect(response.text).toContain(SIGNED_OUT);
      return response.text;
    };
    const fromElsewhere = await refused(`https://elsewhere.example${effectPath}`);
    expect(fromElsewhere).not.toContain('送られてきた文');
    expect(fromElsewhere).toContain('<input type="hidden" name="next" value="/">');
    // A page of this site by its host, but a path a browser would read as another site's.
    const offSite = await refused(`${baseURL}//elsewhere.example/o/x`);
    expect(offSite).toContain('<input type="hidden" name="next" value="/">');
  });

  it(
    'tells an expert dismissed while writing that the report no longer opens, shows the opinion to copy, and records no denial',
    async () => {
      const expert = await signInPage(browser, baseURL, 'experta@example.jp');
      await expert.goto(reviewedPath);
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/reports/${reviewedId}/assignments/${assignmentId}/dismiss`)
        .set(as('planner'))
        .send({ note: '期限を過ぎても連絡がつかないため' })
        .expect(200);

      const opinion = `KPIは目標を上回っており、事業の継続が妥当。${'あ'.repeat(10_000 - 22)}`;
      await expert.locator('input[name="/rating"]').first().check();
      await expert.getByLabel('意見', { exact: true }).fill(opinion);
      const [saved] = await Promise.all([
        expert.waitForResponse((response) => response.request().method() === 'POST'),
        expert.getByRole('button', { name: '意見と評価を保存する' }).click(),
      ]);
      expect(saved.status()).toBe(409);
      await see(
        expert.getByRole('heading', {
          level: 1,
          name: 'この報告は、いまは開けません',
        }),
      );
      await see(expert.locator('main'), '意見照会の辞退や取消し、報告の削除などにより、見られなくなりました。');
      const kept = expert.getByLabel('意見', { exact: true });
      expect(await kept.inputValue()).toBe(opinion);
      expect(await kept.isEditable()).toBe(false);
      await expectAccessible(expert);
      expect(await denialsOf(`${reviewedPath}/assignments/${assignmentId}/opinion`)).toEqual([]);

      await expert.getByRole('link', { name: 'トップページへ戻る' }).click();
      await see(expert.getByRole('heading', { level: 1, name: '担当する報告' }));
      await expert.context().close();
    },
    STEP_TIMEOUT,
  );
});
