import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { plainDecimal } from './number-input';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first): OWASP's CSV injection list. */
const FORMULA_START = /^[=+\-@\t\r]/;

const BOM = '\uFEFF';

/**
 * CSV for people who open it in Excel: UTF-8 with a BOM so Japanese reads, and text that would start a formula
 * prefixed with an apostrophe so it stays text (numbers stay numbers, written as people write them: 0.0000001, not the
 * library's 1e-7). Open data ends its lines with CRLF (RFC 4180).
 */
export function spreadsheetCsv(header: string[], rows: unknown[][], lineBreak: 'lf' | 'crlf' = 'lf'): Buffer {
  return Buffer.from(`${BOM}${csvLines([header, ...writtenRows(rows)], lineBreak)}`, 'utf8');
}

/** The same CSV (LF) written a batch of rows at a time, for an export too long to hold in memory at once. */
export function spreadsheetCsvStream(header: string[], batches: AsyncIterable<unknown[][]>): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(`${BOM}${csvLines([header], 'lf')}`, 'utf8');
      for await (const rows of batches) yield Buffer.from(csvLines(writtenRows(rows), 'lf'), 'utf8');
    })(),
  );
}

/** The cells as the CSV holds them: formula-like text defused, numbers in plain decimals. */
function writtenRows(rows: unknown[][]): unknown[][] {
  return rows.map((row) =>
    row.map((cell) => {
      if (typeof cell === 'number') return plainDecimal(cell);
      return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
    }),
  );
}

function csvLines(rows: unknown[][], lineBreak: 'lf' | 'crlf'): string {
  // A line break inside a cell is quoted whichever line break ends the records (the library quotes only the latter).
  return stringify(rows, { record_delimiter: lineBreak === 'crlf' ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
}
