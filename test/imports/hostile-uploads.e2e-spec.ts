import { stream, Workbook } from 'exceljs';
import { PassThrough } from 'node:stream';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, type Municipality, municipality } from './import-scenario';

/**
 * Far more than reading a report workbook needs, far less than the gigabytes the hostile files used to take. The test
 * process hosts the app and collects garbage when it likes: the 100,000-row sheet's shared strings, read before its
 * rows, took it from 290 to 350 MB from run to run, so the bound leaves room for that.
 */
const RSS_GROWTH_BOUND = 400 * 1024 * 1024;

/** A sheet of `rows` rows of `columns` numbers, written row by row so that making it takes little memory. */
async function wideSheet(rows: number, columns: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const output = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: false,
    zip: { zlib: { level: 9 } },
  });
  const sheet = workbook.addWorksheet('R4');
  for (let row = 1; row <= rows; row++) sheet.addRow(Array<number>(columns).fill(row % 10)).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

async function workbookOf(fill: (workbook: Workbook) => void): Promise<Buffer> {
  const workbook = new Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('Imports: hostile uploads are refused with bounded work', () => {
  let t: TestApp;
  let otaru: Municipality;
  const files: Record<string, Buffer> = {};

  beforeAll(async () => {
    t = await createTestApp();
    otaru = await municipality(t, '012033', '小樽市');
    // 1,200 rows, each with one cell in column XFD (16384): 16384 cells a row if the span is materialized.
    files.farColumn = await workbookOf((workbook) => {
      const sheet = workbook.addWorksheet('R4');
      for (let row = 1; row <= 1200; row++) sheet.getCell(row, 16384).value = row;
    });
    files.manyRows = await workbookOf((workbook) => {
      const sheet = workbook.addWorksheet('R4');
      for (let row = 1; row <= 100_000; row++) sheet.getCell(row, 1).value = `事業${row}`;
    });
    // Under the upload limit, about 46 MB of sheet once unzipped (within that limit): rows of ten numbers.
    files.wideRows = await wideSheet(150_000, 10);
    // Well compressed text that unzips to about 90 MB.
    files.zipBomb = await workbookOf((workbook) => {
      const sheet = workbook.addWorksheet('R4');
      ['あ', 'い', 'う'].forEach((kana, index) => (sheet.getCell(1, index + 1).value = kana.repeat(10_000_000)));
    });
    files.manySheets = await workbookOf((workbook) => {
      for (let index = 1; index <= 1_001; index++) workbook.addWorksheet(`R${index}`).getCell(1, 1).value = index;
    });
  }, 120_000);

  afterAll(() => t.close());

  const imports = (rest: string) => `/api/v1/organizations/${otaru.organizationId}/imports${rest}`;
  const upload = (rest: string, file: Buffer, fields: Record<string, string> = {}) => {
    let request = t
      .http()
      .post(imports(rest))
      .set(as(otaru.tokens.owner))
      .field('departmentId', otaru.departments.economy);
    for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
    return request.attach('file', file, 'hostile.xlsx');
  };
  const reportCount = async () =>
    (await t.http().get(`/api/v1/organizations/${otaru.organizationId}/reports`).set(as(otaru.tokens.planning))).body
      .total as number;

  /** Sends the upload with the health check alongside, sampling the process's memory while both run. */
  async function refusedWithinBounds(file: Buffer, message: RegExp) {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const [refusal, health] = await Promise.all([
        upload('/dry-run/upload', file),
        new Promise((resolve) => setTimeout(resolve, 10)).then(() => t.http().get('/health')),
      ]);
      expect(health.status).toBe(200);
      expect(refusal.status).toBe(400);
      expect(refusal.body.message).toMatch(message);
      expect(refusal.body.message).toContain('もう一度アップロードしてください');
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND);
  }

  it('refuses a sheet with cells in column XFD without allocating the column span', async () => {
    await refusedWithinBounds(files.farColumn, /XFD1, beyond column 50/);
  });

  it('refuses a sheet of 100,000 rows at the first row past the limit', async () => {
    await refusedWithinBounds(files.manyRows, /values in row 2001 \(at most 2000 rows\)/);
  });

  it('refuses a sheet of 150,000 full rows at the first row past the limit, without reading the rest', async () => {
    expect(files.wideRows.length).toBeLessThan(5 * 1024 * 1024);
    await refusedWithinBounds(files.wideRows, /values in row 2001 \(at most 2000 rows\)/);
  });

  it('refuses a workbook that unzips to more than the limit', async () => {
    expect(files.zipBomb.length).toBeLessThan(1024 * 1024);
    await refusedWithinBounds(files.zipBomb, /too large once unzipped/);
  });

  it('refuses a workbook with too many sheets', async () => {
    await refusedWithinBounds(files.manySheets, /too many sheets \(1001; at most 1000\)/);
  });

  it('refuses the same files on confirmation and writes nothing', async () => {
    for (const file of Object.values(files)) {
      const checksum = createHash('sha256').update(file).digest('hex');
      const refusal = await upload('/upload', file, { checksum }).expect(400);
      expect(refusal.body.message).toContain('Keep only the report tables');
    }
    expect(await reportCount()).toBe(0);
  });

  it('refuses a file over 5 MB with 413 and says the limit', async () => {
    const refusal = await upload('/dry-run/upload', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41)).expect(413);
    expect(refusal.body.message).toContain('at most 5 MB');
  });
});
