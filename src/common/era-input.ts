import {
  formatDate,
  formatFiscalYear,
  formatYearMonth,
  parseDate,
  parseFiscalYear,
  parseYearMonth,
} from './japanese-era';

export const MIN_FISCAL_YEAR = 1989;
export const MAX_FISCAL_YEAR = 2100;
/** The last month read: fiscal 2100, the last fiscal year, ends in March 2101, and its plans may reach it. */
export const LAST_YEAR_MONTH = `${MAX_FISCAL_YEAR + 1}-03`;
/** The last day read, that month's last. */
export const LAST_DATE = `${LAST_YEAR_MONTH}-31`;
/** The first day of 平成, the oldest era read and written. */
const FIRST_ERA_DATE = '1989-01-08';

/** 'YYYY-MM' ↔ {year, month}; the API stores and returns ISO year-months. */
export function toIsoYearMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * The one strict reading of a fiscal year: western (2022) or 和暦 (R4, 令和4年度, H元) from 1989 (H元) to 2100, as a
 * number; null otherwise. The era reader alone takes years up to 2200, and nothing here stores a year after 2100.
 */
export function parseFiscalYearInput(input: string): number | null {
  const year = parseFiscalYear(input);
  return year !== null && year >= MIN_FISCAL_YEAR && year <= MAX_FISCAL_YEAR ? year : null;
}

/** The years a page steps to from `fiscalYear` (前の年度, 次の年度), each only while it is one parseFiscalYearInput reads. */
export function adjacentFiscalYears(fiscalYear: number): { previous?: number; next?: number } {
  return {
    previous: fiscalYear > MIN_FISCAL_YEAR ? fiscalYear - 1 : undefined,
    next: fiscalYear < MAX_FISCAL_YEAR ? fiscalYear + 1 : undefined,
  };
}

/**
 * The one strict reading of a year-month: ISO 'YYYY-MM' or 和暦 (R5.3, 令和5年3月) from 1989-01 (H元) to
 * LAST_YEAR_MONTH, as 'YYYY-MM'; null otherwise. The API, the pages and the import read year-months by it alone.
 */
export function parseYearMonthInput(input: string): string | null {
  const parsed = parseYearMonth(input);
  if (!parsed || parsed.year < MIN_FISCAL_YEAR) return null;
  const yearMonth = toIsoYearMonth(parsed.year, parsed.month);
  return yearMonth <= LAST_YEAR_MONTH ? yearMonth : null;
}

/**
 * The one strict reading of a date (a due date): ISO 'YYYY-MM-DD' or 和暦 (R8.12.20, 令和8年12月20日) from 1989-01-01 to
 * LAST_DATE, as 'YYYY-MM-DD'; null otherwise. Week dates (2026-W51-1), ordinal dates (2026-350), compact forms
 * (20261220) and date-times are refused rather than guessed at: due dates are stored and compared as these strings.
 */
export function parseDateInput(input: string): string | null {
  const parsed = parseDate(input);
  if (!parsed || parsed.year < MIN_FISCAL_YEAR) return null;
  const date = `${toIsoYearMonth(parsed.year, parsed.month)}-${String(parsed.day).padStart(2, '0')}`;
  return date <= LAST_DATE ? date : null;
}

/**
 * A stored date ('YYYY-MM-DD') as a date field offers it: 'R8.12.15', the form the fields' hints show first and the
 * pages write dates in; parseDateInput reads it back to the same day.
 */
export function dateInputValue(isoDate: string): string {
  // 1989-01-01…07 fell in 昭和64年, an era the inputs do not read: those days stay as stored.
  if (isoDate < FIRST_ERA_DATE) return isoDate;
  const [year, month, day] = isoDate.split('-').map(Number);
  return formatDate({ year, month, day });
}

export function yearMonthLabel(isoYearMonth: string | null): string | null {
  if (!isoYearMonth) return null;
  const [year, month] = isoYearMonth.split('-').map(Number);
  return formatYearMonth({ year, month });
}

export function fiscalYearLabel(fiscalYear: number): string {
  return formatFiscalYear(fiscalYear);
}
