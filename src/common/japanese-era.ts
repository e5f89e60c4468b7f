// Japanese era (和暦) parsing and formatting for fiscal years (年度, April–March),
// calendar year-months and dates as municipalities write them.

export type YearMonth = { year: number; month: number };
export type CalendarDate = YearMonth & { day: number };
export type EraStyle = 'short' | 'long' | 'western';

export interface Era {
  /** Letter used in abbreviations such as `R4`. */
  code: string;
  /** Kanji name used in `令和4年度`. */
  name: string;
  /** First calendar month of the era (all that year-months need). */
  start: YearMonth;
  /** Day of that month the era began, for dates: 平成 began on 1989-01-08, after 昭和64年1月7日. */
  firstDay: number;
}

/** Supported eras, oldest first. */
export const ERAS: readonly Era[] = [
  { code: 'H', name: '平成', start: { year: 1989, month: 1 }, firstDay: 8 },
  { code: 'R', name: '令和', start: { year: 2019, month: 5 }, firstDay: 1 },
];

/** The current era has no known end; cap its years so typos like `R400` are rejected. */
const MAX_OPEN_ERA_YEAR = 99;
const MIN_WESTERN_YEAR = 1989;
const MAX_WESTERN_YEAR = 2200;
/** Writers say 元 (gan) instead of 1 for an era's first year. */
const FIRST_YEAR = '元';

const ERA_TOKEN = ERAS.flatMap((e) => [e.code, e.name]).join('|');
const FISCAL_RE = new RegExp(`^(?:(${ERA_TOKEN})(${FIRST_YEAR}|\\d{1,3})|(\\d{4}))(?:年度)?$`);
const YEAR_MONTH_RE = new RegExp(
  `^(?:(${ERA_TOKEN})(${FIRST_YEAR}|\\d{1,3})|(\\d{4}))(?:[./-]|年)(\\d{1,2})(?:月|\\.)?$`,
);
/** Year, month and day with one separator throughout, or 年月日; nothing else (no week or ordinal dates, no times). */
const DATE_RE = new RegExp(
  `^(?:(${ERA_TOKEN})(${FIRST_YEAR}|\\d{1,3})|(\\d{4}))(?:([./-])(\\d{1,2})\\4(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日)$`,
);

/** NFKC folds full-width digits/letters/punctuation to ASCII; spaces are noise. */
function normalize(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function findEra(token: string): Era | undefined {
  return ERAS.find((e) => e.code === token || e.name === token);
}

/** Last valid era year: up to and including the year the next era began. */
function maxEraYear(era: Era): number {
  const next = ERAS[ERAS.indexOf(era) + 1];
  return next ? next.start.year - era.start.year + 1 : MAX_OPEN_ERA_YEAR;
}

/** Western year for an era year, or null when the era year is out of range. */
function eraToWestern(token: string, eraYear: string): number | null {
  const era = findEra(token);
  const n = eraYear === FIRST_YEAR ? 1 : Number(eraYear);
  if (!era || n < 1 || n > maxEraYear(era)) return null;
  return era.start.year + n - 1;
}

function westernInRange(year: number): boolean {
  return year >= MIN_WESTERN_YEAR && year <= MAX_WESTERN_YEAR;
}

/** The era in effect during the given month, if any. */
export function eraAt(ym: YearMonth): Era | undefined {
  const key = ym.year * 12 + ym.month;
  return ERAS.findLast((e) => e.start.year * 12 + e.start.month <= key);
}

/** The era in effect on the given day, if any. */
function eraOn(date: CalendarDate): Era | undefined {
  const key = (date.year * 12 + date.month) * 32 + date.day;
  return ERAS.findLast((e) => (e.start.year * 12 + e.start.month) * 32 + e.firstDay <= key);
}

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function eraYearLabel(era: Era, year: number): string {
  const n = year - era.start.year + 1;
  return n === 1 ? FIRST_YEAR : String(n);
}

function requireEra(era: Era | undefined, what: string): Era {
  if (!era) throw new RangeError(`No Japanese era covers ${what}`);
  return era;
}

/** `R4`, `令和元年度`, `H30年度`, `2022年度`, … → western fiscal year, or null. */
export function parseFiscalYear(input: string): number | null {
  const m = FISCAL_RE.exec(normalize(input));
  if (!m) return null;
  const year = m[3] ? Number(m[3]) : eraToWestern(m[1], m[2]);
  return year !== null && westernInRange(year) ? year : null;
}

/** `R6.3月`, `令和5年6月`, `2023-03`, … → calendar year-month, or null. */
export function parseYearMonth(input: string): YearMonth | null {
  const m = YEAR_MONTH_RE.exec(normalize(input));
  if (!m) return null;
  const month = Number(m[4]);
  const year = m[3] ? Number(m[3]) : eraToWestern(m[1], m[2]);
  if (year === null || !westernInRange(year) || month < 1 || month > 12) return null;
  // An era year is only valid while that era was in effect (R1.4 was really H31.4).
  if (!m[3] && eraAt({ year, month }) !== findEra(m[1])) return null;
  return { year, month };
}

/** `R8.12.20`, `令和8年12月20日`, `2026-12-20`, `2026年12月20日`, … → a real calendar day, or null. */
export function parseDate(input: string): CalendarDate | null {
  const m = DATE_RE.exec(normalize(input));
  if (!m) return null;
  const month = Number(m[5] ?? m[7]);
  const day = Number(m[6] ?? m[8]);
  const year = m[3] ? Number(m[3]) : eraToWestern(m[1], m[2]);
  if (year === null || !westernInRange(year) || !isRealDay(year, month, day)) return null;
  // As for year-months: R1.4.30 was really H31.4.30, and H元.1.7 was still 昭和.
  if (!m[3] && eraOn({ year, month, day }) !== findEra(m[1])) return null;
  return { year, month, day };
}

/** Why typed text is not a year-month or date, so a message can say exactly what to fix. */
export type CalendarProblem = 'month' | 'day' | 'era-year' | 'range' | 'unreadable';

/** What is wrong with a year-month that `parseYearMonth` refuses (null when it reads). */
export function yearMonthProblem(input: string): CalendarProblem | null {
  if (parseYearMonth(input)) return null;
  const m = YEAR_MONTH_RE.exec(normalize(input));
  if (!m) return 'unreadable';
  const month = Number(m[4]);
  return month < 1 || month > 12 ? 'month' : m[3] ? 'range' : 'era-year';
}

/** What is wrong with a date that `parseDate` refuses (null when it reads). */
export function dateProblem(input: string): CalendarProblem | null {
  if (parseDate(input)) return null;
  const m = DATE_RE.exec(normalize(input));
  if (!m) return 'unreadable';
  const month = Number(m[5] ?? m[7]);
  if (month < 1 || month > 12) return 'month';
  const year = m[3] ? Number(m[3]) : eraToWestern(m[1], m[2]);
  if (year === null) return 'era-year';
  if (!westernInRange(year)) return 'range';
  return isRealDay(year, month, Number(m[6] ?? m[8])) ? 'era-year' : 'day';
}

/** Fiscal years run April–March and are named by the year they start in. */
export function fiscalYearOf(date: YearMonth): number {
  return date.month >= 4 ? date.year : date.year - 1;
}

/**
 * 2022 → `R4年度` / `令和4年度` / `2022年度`. An era's first fiscal year is the one
 * starting in the era's start year (FY2019 is 令和元年度 even though April 2019 was H31).
 */
export function formatFiscalYear(year: number, style: EraStyle = 'short'): string {
  if (style === 'western') return `${year}年度`;
  const era = requireEra(
    ERAS.findLast((e) => e.start.year <= year),
    `fiscal year ${year}`,
  );
  const label = eraYearLabel(era, year);
  return style === 'long' ? `${era.name}${label}年度` : `${era.code}${label}年度`;
}

/** {2026, 12, 15} → `R8.12.15` / `令和8年12月15日` / `2026年12月15日`, using the era in effect that day. */
export function formatDate(date: CalendarDate, style: EraStyle = 'short'): string {
  if (style === 'western') return `${date.year}年${date.month}月${date.day}日`;
  const era = requireEra(eraOn(date), `${date.year}-${date.month}-${date.day}`);
  const label = eraYearLabel(era, date.year);
  return style === 'long'
    ? `${era.name}${label}年${date.month}月${date.day}日`
    : `${era.code}${label}.${date.month}.${date.day}`;
}

/** {2024, 3} → `R6.3月` / `令和6年3月` / `2024年3月`, using the era in effect that month. */
export function formatYearMonth(ym: YearMonth, style: EraStyle = 'short'): string {
  if (style === 'western') return `${ym.year}年${ym.month}月`;
  const era = requireEra(eraAt(ym), `${ym.year}-${ym.month}`);
  const label = eraYearLabel(era, ym.year);
  return style === 'long' ? `${era.name}${label}年${ym.month}月` : `${era.code}${label}.${ym.month}月`;
}
