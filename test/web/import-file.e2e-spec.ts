import { Workbook } from 'exceljs';
import { type Browser, type Page } from 'playwright-core';
import { rowsFromText } from '../../src/imports/source-rows';
import { seedText } from '../imports/import-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 90_000;
const READ_TIMEOUT = 40_000;
const WORKBOOK = 'R4事業実施結果報告.xlsx';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The import page takes the published workbook as a file: checked first, then chosen again to be imported. */
describe('Web page: importing a chosen file', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let owner: Page;
  let workbook: Buffer;

  const projects = async () =>
    (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/projects`)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .expect(200)
    ).body.items as unknown[];
  const openPage = () => owner.goto(`${baseURL}/o/${cast.organizationId}/imports`);
  const fileField = () => owner.locator('#f-file');
  const choose = (name: string, buffer: Buffer, mimeType = XLSX_TYPE) =>
    fileField().setInputFiles({ name, mimeType, buffer });
  /** Clicks the button and answers the status of the page it leads to (the first file read starts its thread). */
  const send = async (button: string) => {
    const [response] = await Promise.all([
      owner.waitForResponse((candidate) => candidate.request().method() === 'POST', { timeout: READ_TIMEOUT }),
      owner.getByRole('button', { name: button }).click({ timeout: READ_TIMEOUT }),
    ]);
    await owner.waitForLoadState();
    return response.status();
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const book = new Workbook();
    const sheet = book.addWorksheet('R4');
    for (const row of rowsFromText(seedText('asahikawa-r4-results-report.txt')).rows) sheet.addRow(row.cells);
    workbook = Buffer.from(await book.xlsx.writeBuffer());
    baseURL = await serve(t);
    browser = await launchBrowser();
    owner = await signInPage(browser, baseURL, 'owner@example.jp');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'checks the chosen workbook, asks for it again to import, and imports only what was checked',
    async () => {
      await openPage();
      await choose(WORKBOOK, workbook);
      expect(await send('内容を確認する')).toBe(200);
      await see(owner.locator('#dry-run'), `確認結果: ${WORKBOOK}`);
      await see(owner.locator('#dry-run'), '5件の報告');
      // Each report shows what was read of it, to be recognized before it is imported.
      await see(owner.locator('#report-0'), '9,048千円(うち交付金見込 4,524千円)');
      await see(owner.locator('#report-0'), '最新値 124件(R5.6月)');
      await see(owner.locator('#f-file-hint'), `確認したファイル「${WORKBOOK}」をもう一度選んでから`);
      await expectAccessible(owner);

      // The form cannot keep the file: importing without choosing it again imports nothing.
      expect(await send('取り込む')).toBe(400);
      await see(owner.locator('#f-file-error'), '取り込むファイルを選ぶか、報告の表のセルを貼り付けてください');
      expect(await projects()).toHaveLength(0);

      await choose(WORKBOOK, workbook);
      expect(await send('内容を確認する')).toBe(200);
      await choose(WORKBOOK, workbook);
      expect(await send('取り込む')).toBe(200);
      await see(notice(owner), '5件の報告を取り込みました');
      expect(await projects()).toHaveLength(5);
    },
    STEP_TIMEOUT,
  );

  it(
    'refuses a file of another kind beside the file field, in words that say what to choose',
    async () => {
      await openPage();
      const legacy = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
      await choose('R4報告.xls', legacy, 'application/vnd.ms-excel');
      expect(await send('内容を確認する')).toBe(400);
      await see(owner.locator('#f-file-error'), '古い形式の Excel ファイル(.xls)は読めません');
      await see(owner.locator('.error-summary a[href="#f-file"]'));

      await choose('写真.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]), 'image/png');
      expect(await send('内容を確認する')).toBe(400);
      await see(owner.locator('#f-file-error'), '.xlsx のブックでも、テキスト');
    },
    STEP_TIMEOUT,
  );

  it(
    'asks for one of a file and pasted cells, not both',
    async () => {
      await openPage();
      await choose(WORKBOOK, workbook);
      await owner.getByLabel('貼り付ける内容').fill(seedText('asahikawa-r4-results-report.txt'));
      expect(await send('内容を確認する')).toBe(400);
      await see(owner.locator('#f-file-error'), 'どちらか一方にしてください');
      // The pasted text stays for the person to keep or clear.
      expect(await owner.getByLabel('貼り付ける内容').inputValue()).toContain('①国提出事業名');
    },
    STEP_TIMEOUT,
  );

  it(
    'takes a long paste, and says beside the field when one is longer than an import takes',
    async () => {
      await openPage();
      const setText = (length: number) =>
        owner.evaluate(`document.getElementById('f-text').value = 'あ'.repeat(${length})`);
      // Over multer's default 1 MB for a field, within the import's limit: read, and found to hold no report.
      await setText(360_000);
      expect(await send('内容を確認する')).toBe(200);
      await see(owner.locator('#dry-run'), '表の形式を読み取れませんでした');

      await setText(2_000_001);
      expect(await send('選択を反映して確認し直す')).toBe(413);
      await see(owner.locator('#f-text-error'), '貼り付ける内容が長すぎます(2,000,000文字まで)');
    },
    STEP_TIMEOUT,
  );
});
