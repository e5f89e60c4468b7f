import { Workbook } from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { rowsFromWorkbook, WORKBOOK_LIMITS } from './source-rows';

async function workbookBytes(): Promise<Buffer> {
  const workbook = new Workbook();
  for (const name of ['目次', '報告 No1', '報告 No2']) workbook.addWorksheet(name).addRow([`${name}の1行目`, 1]);
  workbook.addWorksheet('照合用', { state: 'hidden' }).addRow(['id', 'abc']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const names = async (bytes: Buffer) => (await rowsFromWorkbook(bytes)).map((sheet) => sheet.name);

describe('rowsFromWorkbook', () => {
  it('reads every sheet exceljs wrote (xl/workbook.xml last), with its name, in tab order, every time', async () => {
    const bytes = await workbookBytes();
    for (let run = 0; run < 20; run++) expect(await names(bytes)).toEqual(['目次', '報告 No1', '報告 No2', '照合用']);
    expect((await rowsFromWorkbook(bytes))[1].rows[0].cells).toEqual(['報告 No1の1行目', '1']);
  });

  it('reads a number cell as people write the number, never with an exponent', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('報告').addRow(['基準値', 0.0000001, 1e15, 0.1255]);
    const [sheet] = await rowsFromWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheet.rows[0].cells).toEqual(['基準値', '0.0000001', '1000000000000000', '0.1255']);
  });

  it('reads long Japanese text whole, however the workbook falls into the slices it is read in', async () => {
    // Characters of 1 to 4 bytes in UTF-8, in cells long enough that the shared strings span many 64 KB slices, at
    // every offset: each slice boundary lands inside some character unless the reader keeps characters whole.
    const texts = Array.from({ length: 40 }, (_, row) => 'a'.repeat(row) + 'é地方創生𠮷'.repeat(1000 + row));
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('意見');
    // 𠮷 is put in the file afterwards, as Excel writes it: exceljs's writer cuts such characters on its own.
    for (const text of texts) sheet.addRow([text.replaceAll('𠮷', '_')]);
    const parts = unzipSync(Buffer.from(await workbook.xlsx.writeBuffer()));
    parts['xl/sharedStrings.xml'] = strToU8(strFromU8(parts['xl/sharedStrings.xml']).replaceAll('_', '𠮷'));
    const [read] = await rowsFromWorkbook(Buffer.from(zipSync(parts)));
    expect(read.rows.map((row) => row.cells[0])).toEqual(texts);
  });

  it('reads a workbook zipped with its worksheets first and without shared strings (every text inline)', async () => {
    const parts = unzipSync(await workbookBytes());
    const strings = [...strFromU8(parts['xl/sharedStrings.xml']).matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    const inline = (xml: string) =>
      xml.replace(
        /<c r="([A-Z]+\d+)"([^>]*) t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
        (_, ref: string, a: string, b: string, i: string) =>
          `<c r="${ref}"${a} t="inlineStr"${b}><is><t>${strings[Number(i)]}</t></is></c>`,
      );
    const reordered: Zippable = Object.fromEntries(
      Object.entries(parts)
        .filter(([name]) => name !== 'xl/sharedStrings.xml')
        .map(([name, data]): [string, Uint8Array] => [
          name,
          name.startsWith('xl/worksheets/sheet') ? strToU8(inline(strFromU8(data))) : data,
        ])
        .sort(([a], [b]) => Number(!a.startsWith('xl/worksheets/')) - Number(!b.startsWith('xl/worksheets/'))),
    );
    const sheets = await rowsFromWorkbook(Buffer.from(zipSync(reordered)));
    expect(sheets.map((sheet) => sheet.name)).toEqual(['目次', '報告 No1', '報告 No2', '照合用']);
    expect(sheets[2].rows[0].cells).toEqual(['報告 No2の1行目', '1']);
  });

  it('reads a sheet per report of a large year, the blank rows it keeps counted against its cells', async () => {
    const workbook = new Workbook();
    const sheets = WORKBOOK_LIMITS.cellsRead / WORKBOOK_LIMITS.rows + 1;
    // One value in each sheet's last row: every row above it is kept as a blank one.
    for (let index = 1; index <= sheets; index++)
      workbook.addWorksheet(`報告 No${index}`).getCell(WORKBOOK_LIMITS.rows, 1).value = index;
    await expect(rowsFromWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()))).rejects.toThrow(
      'has too many cells',
    );

    const year = new Workbook();
    for (let index = 1; index <= 120; index++) year.addWorksheet(`報告 No${index}`).addRow([`報告 No${index}`]);
    const read = await rowsFromWorkbook(Buffer.from(await year.xlsx.writeBuffer()));
    expect(read).toHaveLength(120);
    expect(read.map((sheet) => sheet.rows[0].cells[0])).toEqual(read.map((sheet) => sheet.name));
  });

  it('refuses a workbook of more sheets than any year has reports, before reading them', async () => {
    const workbook = new Workbook();
    for (let index = 0; index <= WORKBOOK_LIMITS.sheets; index++) workbook.addWorksheet(`S${index}`);
    await expect(rowsFromWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()))).rejects.toThrow(
      `too many sheets (${WORKBOOK_LIMITS.sheets + 1}; at most ${WORKBOOK_LIMITS.sheets})`,
    );
  });
});
