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
});
