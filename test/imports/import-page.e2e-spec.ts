import { type Browser, type Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from '../web/support/browser';
import { ictParkR2Report, seedText } from './import-scenario';

const STEP_TIMEOUT = 60_000;
const STORED_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト';
const FILE_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創出プロジェクト';

/** The import page (plain forms, no script needed): a report whose name is close to a stored project's waits for the user's choice. */
describe('Web page: importing a sheet, with what the dry run asks', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let owner: Page;
  let admin: Page;
  let projectId: string;

  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const get = async (path: string) =>
    (
      await t
        .http()
        .get(api(path))
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    projectId = (
      await t
        .http()
        .post(api('/projects'))
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .send(projectRequest(ASAHIKAWA_R4_REPORTS[3], cast.departmentId))
        .expect(201)
    ).body.id;
    baseURL = await serve(t);
    browser = await launchBrowser();
    owner = await signInPage(browser, baseURL, 'owner@example.jp');
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'marks the differing characters, offers link or new, and imports only once one is chosen',
    async () => {
      await owner
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '報告の取込み' })
        .click();
      await see(owner.getByRole('heading', { level: 1, name: '報告の取込み' }));
      await owner
        .getByLabel('貼り付ける内容')
        .fill(seedText('asahikawa-r4-results-report.txt').replace(STORED_NAME, FILE_NAME));
      await owner.getByRole('button', { name: '内容を確認する' }).click();

      const card = owner.locator('#report-3');
      await see(owner.locator('.error-summary'), `登録済みの事業「${STORED_NAME}」`);
      // New projects get the grant type chosen beside the department, as the dry run says.
      expect(await owner.getByLabel('交付金の種類').inputValue()).toBe('promotion');
      await see(owner.locator('#dry-run'), '新しく登録する事業の交付金の種類: 地方創生推進交付金');
      expect(await card.locator('mark').allInnerTexts()).toEqual(['造', '出']);
      await expect(owner.getByRole('button', { name: '取り込む' }).count()).resolves.toBe(0);
      await expect(owner.locator('input[type="radio"][value="link"]').count()).resolves.toBe(1);
      await expectAccessible(owner);

      await card.getByLabel(/同じ事業として紐づける/).check();
      await owner.getByRole('button', { name: '選択を反映して確認し直す' }).click();
      await see(owner.getByRole('button', { name: '取り込む' }));
      await expect(owner.locator('.error-summary').count()).resolves.toBe(0);
      await see(owner.locator('#report-3'), '登録済みの事業に報告を追加します');
      // Where the year's plan differs, a list in the form's words.
      await see(owner.locator('#report-3 li'), `①国提出事業名 当時 ${FILE_NAME} / 現在 ${STORED_NAME}`);
      expect(
        await owner
          .locator('#report-3')
          .getByLabel(/同じ事業として紐づける/)
          .isChecked(),
      ).toBe(true);

      await owner.getByRole('button', { name: '取り込む' }).click();
      await see(notice(owner), '5件の報告を取り込みました');
      expect((await get(`/projects/${projectId}`)).name).toBe(STORED_NAME);
      expect((await get('/projects')).total).toBe(5);
      const linked = (await get('/reports')).items.find((item: any) => item.projectId === projectId);
      expect((await get(`/reports/${linked.id}`)).project.name).toBe(FILE_NAME);
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses the same sheet pasted again rather than offering to register its report a second time',
    async () => {
      await owner.goto(`${baseURL}/o/${cast.organizationId}/imports`);
      await owner
        .getByLabel('貼り付ける内容')
        .fill(seedText('asahikawa-r4-results-report.txt').replace(STORED_NAME, FILE_NAME));
      await owner.getByRole('button', { name: '内容を確認する' }).click();

      await see(
        owner.locator('#report-3'),
        `R4年度の「${STORED_NAME}」の報告(事業名「${FILE_NAME}」)はすでに登録されています(作成中)`,
      );
      await expect(owner.locator('input[type="radio"][value="new"]').count()).resolves.toBe(0);
      await expect(owner.getByRole('button', { name: '取り込む' }).count()).resolves.toBe(0);
    },
    STEP_TIMEOUT,
  );

  it(
    'says on which row of the sheet each problem is, when it is not the row its report starts on',
    async () => {
      await owner.goto(`${baseURL}/o/${cast.organizationId}/imports`);
      const sheet = seedText('asahikawa-r4-results-report.txt');
      expect(sheet).toContain('\t124 (R5.6月)\t');
      await owner.getByLabel('貼り付ける内容').fill(sheet.replace('\t124 (R5.6月)\t', '\t12a4 (R5.6月)\t'));
      await owner.getByRole('button', { name: '内容を確認する' }).click();

      const unreadable = owner.locator('#report-0 .error-message', { hasText: '12a4' });
      await see(unreadable, /^エラー:\s*\d+行目: ⑤指標①の最新値「12a4 \(R5\.6月\)」を読み取れません。/);
    },
    STEP_TIMEOUT,
  );

  it(
    'asks again for a department chosen for a new project and retired before the import, importing nothing until then',
    async () => {
      const administrator = { Authorization: `Bearer ${cast.tokens.admin}` };
      const tourism = (await t.http().post(api('/departments')).set(administrator).send({ name: '観光課' }).expect(201))
        .body;
      const reportsBefore = (await get('/reports')).total;
      await admin.goto(`${baseURL}/o/${cast.organizationId}/imports`);
      await admin.getByLabel('貼り付ける内容').fill(seedText('kushiro-r4-grant-kpi-results.txt'));
      await admin.getByRole('button', { name: '内容を確認する' }).click();
      const firstNew = admin.locator('#dry-run li.card', { has: admin.getByLabel('この事業の事業担当課') }).first();
      const projectName = (await firstNew.locator('h3').innerText()).replace(/^\S+ (No\.\S+ )?/, '');
      await firstNew.getByLabel('この事業の事業担当課').selectOption({ label: '観光課' });
      await admin.getByRole('button', { name: '選択を反映して確認し直す' }).click();
      await see(admin.locator('#dry-run'));

      // Retired meanwhile, by another administrator.
      await t
        .http()
        .post(api(`/departments/${tourism.id}/retirement`))
        .set(administrator)
        .send({ successorId: cast.departmentId })
        .expect(200);
      await admin.getByRole('button', { name: '取り込む' }).click();

      const asked = `「${projectName}」の事業担当課に選んでいた部署は、選べなくなりました(廃止されたなど)。一覧から選び直してください`;
      await see(admin.locator('.error-summary'), asked);
      await see(firstNew.locator('.error-message'), asked);
      expect(await firstNew.getByLabel('この事業の事業担当課').inputValue()).not.toBe(tourism.id);
      expect((await get('/reports')).total).toBe(reportsBefore);

      await admin.getByRole('button', { name: '取り込む' }).click();
      await see(notice(admin), '件の報告を取り込みました');
      expect((await get('/reports')).total).toBeGreaterThan(reportsBefore);
    },
    STEP_TIMEOUT,
  );

  it(
    'asks an administrator loading published history for its 公表日, which the public page then shows',
    async () => {
      await admin.goto(`${baseURL}/o/${cast.organizationId}/imports`);
      await admin.getByLabel('過去の年度の公表済みの報告として取り込む').check();
      await admin.getByLabel('貼り付ける内容').fill(ictParkR2Report());
      await admin.getByRole('button', { name: '内容を確認する' }).click();
      await see(admin.locator('.error-summary'), '公表日を入力してください');
      await expect(admin.getByRole('button', { name: '取り込む' }).count()).resolves.toBe(0);

      await admin.getByLabel(/^公表日/).fill('R3.9.30');
      await admin.getByRole('button', { name: '内容を確認する' }).click();
      await see(admin.locator('#dry-run'), '公表日: 令和3年9月30日');
      await expectAccessible(admin);
      await admin.getByRole('button', { name: '取り込む' }).click();
      await see(notice(admin), '1件の報告を取り込みました');

      const r2 = (await get('/reports')).items.find((item: any) => item.fiscalYear === 2020);
      const publicPage = await t.http().get(`/public/012041/reports/${r2.id}`).expect(200);
      expect(publicPage.text).toContain('令和3年9月30日 (2021-09-30)');
    },
    STEP_TIMEOUT,
  );
});
