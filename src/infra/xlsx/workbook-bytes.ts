import { type Workbook } from 'exceljs';
import utils from 'exceljs/lib/utils/utils';
import { ZipWriter } from 'exceljs/lib/utils/zip-stream';
import { writableText } from '../../common/text';
import { encodeXstring } from './xstring';

/**
 * exceljs hands each part's XML to JSZip as a string, and JSZip encodes it to UTF-8 in pieces of 16,384 UTF-16 code
 * units: a character beyond U+FFFF (𠮷, 𩸽, an emoji) that straddles two pieces is written as two broken halves
 * (Stuk/jszip#963, unreleased). Given the part already encoded, JSZip encodes nothing. Mended once, here, where every
 * workbook the app writes is turned into bytes.
 */
const append = ZipWriter.prototype.append;
ZipWriter.prototype.append = function (this: ZipWriter, data, options) {
  append.call(this, typeof data === 'string' && !options.base64 ? Buffer.from(data, 'utf8') : data, options);
};

/**
 * exceljs drops the C0 controls and DEL from the text it writes, but writes U+FFFE and U+FFFF, which no XML may hold:
 * Excel then calls the workbook damaged and exceljs cannot read it back. Text stored before such characters were refused
 * may hold them; every text of every workbook (cells, sheet names, links) is written as writableText, the one helper the
 * comparisons with a workbook read back use too. It also writes text that looks like Excel's escape of a character
 * (`_x000B_`) bare, which Excel reads as that character: such text is escaped (encodeXstring).
 */
const xmlEncode = utils.xmlEncode;
utils.xmlEncode = (text) => xmlEncode(encodeXstring(writableText(text)));

/** The workbook as the bytes of an .xlsx file. */
export async function workbookBytes(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
