import { Workbook } from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { rowsFromWorkbook } from './source-rows';

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
});
