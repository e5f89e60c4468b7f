import { stringify } from 'csv-stringify/sync';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first): OWASP's CSV injection list. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV for people who open it in Excel: UTF-8 with a BOM so Japanese reads, and text that would start a formula
 * prefixed with an apostrophe so it stays text (numbers stay numbers).
 */
export function spreadsheetCsv(header: string[], rows: unknown[][]): Buffer {
  const safe = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell)),
  );
  return Buffer.from(`\uFEFF${stringify([header, ...safe])}`, 'utf8');
}
