import { Workbook } from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbookBytes } from '../infra/xlsx/workbook-bytes';
import { readImportFile, readWorkbook } from './file-reading';
import { ImportFileReader } from './import-file-reader';
import { ImportLayout, ImportMode, type ParseOptions } from './import-model';

const options: ParseOptions = {
  mode: ImportMode.Published,
  layout: ImportLayout.Auto,
  grantTypes: [{ code: 'promotion', label: '地方創生推進交付金' }],
  defaultGrantTypeCode: 'promotion',
};

describe('ImportFileReader', () => {
  const reader = new ImportFileReader();

  afterAll(() => reader.onModuleDestroy());

  it('reads a file on its thread as the process itself would read it', async () => {
    const text = readFileSync(join(__dirname, '../demo/seeds/asahikawa-r4-results-report.txt'));
    const reading = await reader.read(text, options);
    expect(reading).toEqual(await readImportFile(text, options));
    expect('parsed' in reading && reading.parsed.reports).toHaveLength(5);
  });

  it('reads a workbook there too, parsed as an import or as its sheets alone (committee packs)', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('報告').addRow(['①国提出事業名', '観光振興事業']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await reader.read(bytes, options)).toEqual(await readImportFile(bytes, options));
    const sheets = await reader.readWorkbook(bytes);
    expect(sheets).toEqual(await readWorkbook(bytes));
    expect('sheets' in sheets && sheets.sheets[0].rows[0].cells).toEqual(['①国提出事業名', '観光振興事業']);
  });

  it('answers why a file cannot be read instead of failing', async () => {
    const refusal = async (bytes: Buffer) => {
      const reading = await reader.read(bytes, options);
      return 'refusal' in reading ? reading.refusal : 'read';
    };
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(
      /old-format Excel file \(\.xls\)/,
    );
    expect(await refusal(Buffer.from([0xff, 0xfe, 0x00, 0xd8]))).toMatch(/neither an \.xlsx workbook nor text/);
    const seed = readFileSync(join(__dirname, '../demo/seeds/asahikawa-r4-results-report.txt'), 'utf8');
    const csv = await reader.read(Buffer.from(seed.replace(/\t/g, ','), 'utf8'), options);
    expect('parsed' in csv && csv.parsed.issues.map((issue) => issue.code)).toEqual(['comma_separated']);
    const broken = await reader.readWorkbook(Buffer.from('PK\x03\x04 not a workbook'));
    expect('refusal' in broken && broken.refusal).toMatch(/not a readable \.xlsx workbook/);
  });

  it('refuses a cell holding a character text may not hold, naming its place, as typed text is refused', async () => {
    const text = await reader.read(Buffer.from('事業名\t観光\n要因\t意見\u0000です\n'), options);
    expect('refusal' in text && text.refusal).toMatch(
      /^The cell in row 2, column 2 holds U\+0000, a character text may not hold/,
    );
    // XML carries DEL (the workbook writer leaves it out, so it is put into the shared strings here).
    const workbook = new Workbook();
    workbook.addWorksheet('No1').addRow(['⑦', '意見です']);
    const parts = unzipSync(new Uint8Array(await workbook.xlsx.writeBuffer()));
    parts['xl/sharedStrings.xml'] = strToU8(strFromU8(parts['xl/sharedStrings.xml']).replace('意見', '意見\u007F'));
    const workbookReading = await reader.readWorkbook(Buffer.from(zipSync(parts)));
    expect('refusal' in workbookReading && workbookReading.refusal).toMatch(
      /^The cell in row 1, column 2 of sheet "No1" holds U\+007F/,
    );
  });

  it('reads Excel’s escape of a character as that character: a line break pasted from Word is refused by its cell', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('No1').addRow(['⑦', '一行目。二行目', '_x000B_ と入力した']);
    // As Excel saves them: Word's line break (U+000B) escaped, and typed text that looks like an escape escaped again.
    const parts = unzipSync(new Uint8Array(await workbookBytes(workbook)));
    const strings = strFromU8(parts['xl/sharedStrings.xml']);
    expect(strings).toContain('_x005F_x000B_ と入力した');
    parts['xl/sharedStrings.xml'] = strToU8(strings.replace('一行目。', '一行目。_x000B_'));
    const reading = await reader.readWorkbook(Buffer.from(zipSync(parts)));
    expect('refusal' in reading && reading.refusal).toMatch(
      /^The cell in row 1, column 2 of sheet "No1" holds U\+000B/,
    );

    const typed = await reader.readWorkbook(await workbookBytes(workbook));
    expect('sheets' in typed && typed.sheets[0].rows[0].cells).toEqual(['⑦', '一行目。二行目', '_x000B_ と入力した']);
  });
});
