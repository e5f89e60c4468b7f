import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest, SEED_EFFECT_REASON } from '../support/report-scenario';
import { Role } from '../../src/access/role';
import { addUser, createTestApp, seedOrganization, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, newPage, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/** Progressive enhancement: sign-in and the owner's draft form work with JavaScript switched off; every form needs its CSRF token. */
describe('Web forms without JavaScript', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    const project = await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/projects`)
      .set(auth)
      .send(projectRequest(seed, cast.departmentId))
      .expect(201);
    const report = await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports`)
      .set(auth)
      .send({ projectId: project.body.id, fiscalYear: seed.fiscalYear })
      .expect(201);
    reportPath = `/o/${cast.organizationId}/reports/${report.body.id}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function errorSummary(page: Page): Promise<string[]> {
    await see(page.locator('.error-summary'));
    return page.locator('.error-summary li').allInnerTexts();
  }

  it(
    'signs in, naming each problem beside its field, and returns to the page the user asked for',
    async () => {
      const { page } = await newPage(browser, baseURL, { javaScriptEnabled: false });
      await page.goto(`/o/${cast.organizationId}/my-reports`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      expect(await errorSummary(page)).toEqual([
        'メールアドレスは「name@city.example.lg.jp」の形式で入力してください',
        'パスワードを入力してください',
      ]);
      expect(await page.locator('.form-group--error #f-password').count()).toBe(1);
      expect(await page.title()).toMatch(/^エラー: サインイン/);

      await page.getByLabel('メールアドレス').fill('owner@example.jp');
      await page.getByLabel('パスワード').fill('not the password');
      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      expect(await errorSummary(page)).toEqual(['メールアドレスまたはパスワードが正しくありません。']);
      expect(await page.getByLabel('メールアドレス').inputValue()).toBe('owner@example.jp');

      await page.getByLabel('パスワード').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      await see(page.getByRole('heading', { level: 1, name: '自分の報告' }));
      expect(new URL(page.url()).pathname).toBe(`/o/${cast.organizationId}/my-reports`);

      await page.getByRole('button', { name: 'サインアウト' }).click();
      await see(notice(page), 'サインアウトしました');
      await page.goto(reportPath);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    },
    STEP_TIMEOUT,
  );

  it(
    'saves the draft form section by section: errors beside the fields, typed values kept, rows added and removed',
    async () => {
      const page = await signInPage(browser, baseURL, 'owner@example.jp', { javaScriptEnabled: false });
      await page.goto(`${reportPath}/sections/budget`);
      await page.locator('#f-budgetLines-0-name').fill('戦略的国内外市場開拓推進費');
      await page.locator('#f-budgetLines-0-budgetAmount').fill('九千');
      await page.locator('#f-budgetLines-0-budgetGrantAmount').fill('4524');
      await page.locator('#f-budgetLines-0-actualAmount').fill('５，１９８'); // as typed with the IME on
      await page.locator('#f-budgetLines-0-actualGrantAmount').fill('6000');
      await page.getByLabel('実績の時点').fill('R5.13');
      await page.getByRole('button', { name: '下書きを保存する' }).click();

      expect(await errorSummary(page)).toEqual([
        '④実績の時点の月は1〜12で入力してください',
        '④1行目の予算額は千円単位の整数で入力してください',
        '④1行目のうち交付金は実績額以下にしてください',
      ]);
      const amountGroup = page.locator('.form-group', { has: page.locator('#f-budgetLines-0-budgetAmount') });
      expect(await amountGroup.locator('.error-message').innerText()).toContain('千円単位の整数で入力してください');
      expect(await page.locator('#f-budgetLines-0-budgetAmount').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#f-budgetLines-0-budgetAmount').inputValue()).toBe('九千');
      expect(await page.locator('.error-summary a').first().getAttribute('href')).toBe('#f-actualAsOf');

      await page.locator('#f-budgetLines-0-budgetAmount').fill('９，０４８');
      await page.locator('#f-budgetLines-0-actualGrantAmount').fill('2599');
      await page.getByLabel('実績の時点').fill('Ｒ５．３');
      await page.getByRole('button', { name: '保存して行を追加する' }).click();
      await see(notice(page), '下書きを保存しました');
      expect(new URL(page.url()).pathname).toBe(`${reportPath}/sections/budget`);
      await page.locator('#f-budgetLines-1-name').fill('追加の事業');
      await page.locator('#f-budgetLines-1-budgetAmount').fill('1000');
      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(page), '下書きを保存しました');
      await see(page.locator('#section-4'), '10,048');

      await page.goto(`${reportPath}/sections/budget`);
      await page.getByLabel('この行を削除する').nth(1).check();
      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(page), '下書きを保存しました');
      expect(await page.locator('#section-4 .budget-line').count()).toBe(1);
      await see(page.locator('#section-4 .totals'), '9,048');

      // Saved again as it stands: nothing is written, and the page says so.
      await page.goto(`${reportPath}/sections/budget`);
      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(page), '変更はありません');

      // ⑥ with radios, and what is still missing before submission, each linked to its field.
      await page.goto(`${reportPath}/sections/effect`);
      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(page));
      const problems = await page.locator('#submission-problems li').allInnerTexts();
      expect(problems).toEqual(
        expect.arrayContaining([
          '⑥事業効果を選んでください',
          '⑥事業効果の説明を入力してください',
          '⑤指標①の最新値を入力してください',
        ]),
      );
      expect(await page.getByRole('button', { name: '企画政策課に提出する' }).count()).toBe(0);
      await page.getByRole('link', { name: '⑥事業効果を選んでください' }).click();
      expect(new URL(page.url()).pathname).toBe(`${reportPath}/sections/effect`);
      await page.getByLabel(seed.effectLevel).check();
      await page.getByLabel('事業効果の説明').fill(seed.effectNarrative);
      // Asked only when the KPIs give a suggestion to differ from.
      const reason = page.getByLabel('目安と異なる評価を選んだ理由');
      if ((await reason.count()) > 0) await reason.fill(SEED_EFFECT_REASON);
      await page.getByRole('button', { name: '下書きを保存する' }).click();
      await see(page.locator('#section-6'), seed.effectLevel);
    },
    STEP_TIMEOUT,
  );

  it(
    'lets a person who serves two municipalities choose where to work',
    async () => {
      const { organizationId: kushiroId } = await seedOrganization(t, '012068', '釧路市');
      await addUser(t, kushiroId, 'experta@example.jp', Role.ExternalExpert);
      const page = await signInPage(browser, baseURL, 'experta@example.jp', { javaScriptEnabled: false });
      await see(page.getByRole('heading', { level: 1, name: '団体を選ぶ' }));
      await page.getByRole('link', { name: '釧路市' }).click();
      await see(page.getByRole('heading', { level: 1, name: '担当する報告' }));
      await see(page.locator('.site-header'), '釧路市');
      await see(page.getByRole('link', { name: '団体を切り替える' }));
    },
    STEP_TIMEOUT,
  );

  // axe-core runs as a script in the page, so the error states are checked for accessibility with JavaScript on.
  it(
    'shows refused forms accessibly: error summary, messages beside the fields',
    async () => {
      const { page } = await newPage(browser, baseURL);
      await page.goto('/sign-in');
      await page.getByRole('button', { name: 'サインイン', exact: true }).click();
      await see(page.locator('.error-summary'));
      await expectAccessible(page);

      const owner = await signInPage(browser, baseURL, 'owner@example.jp');
      await owner.goto(`${reportPath}/sections/budget`);
      await owner.locator('#f-budgetLines-0-name').fill('事業');
      await owner.locator('#f-budgetLines-0-budgetAmount').fill('-1');
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(owner.locator('.error-summary'), '④1行目の予算額は0以上で入力してください');
      expect(await owner.evaluate<boolean>("document.activeElement.classList.contains('error-summary')")).toBe(true);
      await expectAccessible(owner);
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses a page form posted without its CSRF token, while the API keeps taking bearer tokens without one',
    async () => {
      const page = await signInPage(browser, baseURL, 'owner@example.jp');
      const forged = await page.request.post(`${baseURL}${reportPath}/sections/effect`, {
        form: { '/version': '1', '/effectNarrative': '書き換え' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('送信を受け付けられませんでした');

      const anonymous = await fetch(`${baseURL}/sign-in`, {
        method: 'POST',
        body: new URLSearchParams({ '/email': 'owner@example.jp', '/password': TEST_PASSWORD }),
        redirect: 'manual',
      });
      expect(anonymous.status).toBe(403);

      const current = await t
        .http()
        .get(`/api/v1${reportPath.replace('/o/', '/organizations/')}`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .expect(200);
      expect(current.body.effect.narrative).not.toBe('書き換え');
      await t
        .http()
        .patch(`/api/v1${reportPath.replace('/o/', '/organizations/')}`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .send({ version: current.body.version, effectNarrative: 'APIからの更新' })
        .expect(200);
    },
    STEP_TIMEOUT,
  );
});
