import { stringify } from 'csv-stringify/sync';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first): OWASP's CSV injection list. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV for people who open it in Excel: UTF-8 with a BOM so Japanese reads, and text that would start a formula
 * prefixed with an apostrophe so it stays text (numbers stay numbers). Open data ends its lines with CRLF (RFC 4180).
 */
export function spreadsheetCsv(header: string[], rows: unknown[][], lineBreak: 'lf' | 'crlf' = 'lf'): Buffer {
  const safe = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell)),
  );
  // A line break inside a cell is quoted whichever line break ends the records (the library quotes only the latter).
  const csv = stringify([header, ...safe], {
    record_delimiter: lineBreak === 'crlf' ? 'windows' : 'unix',
    quoted_match: /[\r\n]/,
  });
  return Buffer.from(`\uFEFF${csv}`, 'utf8');
}
