import { Workbook } from 'exceljs';
import { workbookBytes } from './workbook-bytes';

describe('workbookBytes', () => {
  it('writes characters beyond U+FFFF whole, wherever they fall in a part', async () => {
    // Cells long enough that the shared strings span many 16,384-unit pieces, with 𠮷 at every offset.
    const texts = Array.from({ length: 40 }, (_, row) => 'a'.repeat(row) + '地方創生𠮷'.repeat(1000 + row));
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('意見');
    for (const text of texts) sheet.addRow([text]);

    const read = new Workbook();
    await read.xlsx.load((await workbookBytes(workbook)) as unknown as ArrayBuffer);
    expect(
      texts.map(
        (_, index) =>
          read
            .getWorksheet('意見')!
            .getRow(index + 1)
            .getCell(1).text,
      ),
    ).toEqual(texts);
  });

  it('writes text stored with characters XML cannot carry as a readable workbook, without them', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('No1 観光\uFFFF');
    sheet.addRow([
      '概要の一行目\u000B二行目',
      '意見\bです\uFFFE',
      { text: '開く\uFFFF', hyperlink: "#'No1 観光\uFFFF'!A1" },
    ]);

    const read = new Workbook();
    await read.xlsx.load((await workbookBytes(workbook)) as unknown as ArrayBuffer);
    const row = read.getWorksheet('No1 観光')!.getRow(1);
    expect([1, 2, 3].map((column) => row.getCell(column).text)).toEqual(['概要の一行目二行目', '意見です', '開く']);
  });
});
