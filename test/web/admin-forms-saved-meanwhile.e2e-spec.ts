import { type Browser, type Page } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/**
 * 団体 and 部署: a form saved from a page opened before another administrator's save (or the same one's, in another
 * tab) would put back what that save changed. It is refused with the usual notice, keeping what was typed beside what
 * is saved now; sending it again is then a deliberate overwrite.
 */
describe('Web pages: the organization settings and a department name saved meanwhile', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  const api = (path = '') => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function press(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: button, exact: true }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  it(
    'refuses the publication settings from a page read before another save, keeping what was typed beside the saved ones',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await admin.goto(`/o/${cast.organizationId}/admin/organization`);
      // Meanwhile, from another tab or by another administrator: the licence is renamed.
      const { settingsChecksum } = (await t.http().get(api()).set(as('admin')).expect(200)).body;
      await t
        .http()
        .patch(api('/settings'))
        .set(as('admin'))
        .send({ openDataLicence: '旭川市オープンデータ利用規約', settingsChecksum })
        .expect(200);

      await admin.getByLabel('掲載する', { exact: false }).check();
      expect(await press(admin, '保存する')).toBe(409);

      await see(admin.locator('.notice--warning'), '別の画面またはほかの人が先に保存しました');
      await see(admin.locator('.notice--warning'), '入力した内容はこのページに残っています');
      expect(await admin.getByLabel('掲載する', { exact: false }).isChecked()).toBe(true);
      expect(await admin.getByLabel('利用条件(ライセンス)の名称').inputValue()).toBe(
        'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
      );
      await see(admin.getByRole('heading', { name: 'いま保存されている設定' }));
      await see(admin.locator('.summary-list--compact'), '旭川市オープンデータ利用規約');
      await expect(admin.title()).resolves.not.toMatch(/^エラー/);
      await expectAccessible(admin);
      expect((await t.http().get(api()).set(as('admin')).expect(200)).body).toMatchObject({
        publishPanelMemberNames: false,
        openDataLicence: '旭川市オープンデータ利用規約',
      });

      // Taking the other licence over, the same form now saves both.
      await admin.getByLabel('利用条件(ライセンス)の名称').fill('旭川市オープンデータ利用規約');
      expect(await press(admin, '保存する')).toBe(303);
      await see(notice(admin), '公表ページの設定を保存しました');
      expect((await t.http().get(api()).set(as('admin')).expect(200)).body).toMatchObject({
        publishPanelMemberNames: true,
        openDataLicence: '旭川市オープンデータ利用規約',
      });
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses a rename from a page read before another rename, keeping the name typed under the name saved',
    async () => {
      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await admin.goto(`/o/${cast.organizationId}/admin/departments`);
      // Meanwhile, from another tab or by another administrator: 経済部 becomes 経済観光部.
      const read = (await t.http().get(api('/departments')).set(as('admin')).expect(200)).body[0];
      await t
        .http()
        .patch(api(`/departments/${cast.departmentId}`))
        .set(as('admin'))
        .send({ name: '経済観光部', checksum: read.checksum })
        .expect(200);

      await admin.getByText('名前を変更').click();
      await admin.getByLabel('新しい部署名').fill('経済部 産業振興課');
      expect(await press(admin, '変更する')).toBe(409);

      await see(admin.locator('.notice--warning'), '別の画面またはほかの人が先に保存しました');
      await see(admin.locator('.notice--warning'), '入力した部署名はこのページに残っています');
      await see(admin.getByRole('heading', { level: 2, name: '経済観光部' }));
      expect(await admin.getByLabel('新しい部署名').inputValue()).toBe('経済部 産業振興課');
      await expect(admin.title()).resolves.not.toMatch(/^エラー/);
      await expectAccessible(admin);
      expect((await t.http().get(api('/departments')).set(as('admin')).expect(200)).body[0].name).toBe('経済観光部');

      // Sent again knowingly, the rename is made.
      expect(await press(admin, '変更する')).toBe(303);
      await see(notice(admin), '部署名を変更しました');
      expect((await t.http().get(api('/departments')).set(as('admin')).expect(200)).body[0].name).toBe(
        '経済部 産業振興課',
      );
    },
    STEP_TIMEOUT,
  );
});
