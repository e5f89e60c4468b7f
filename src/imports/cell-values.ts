import { LAST_YEAR_MONTH, parseYearMonthInput, yearMonthLabel } from '../common/era-input';
import { formatNumber } from '../common/number-format';
import {
  decimalPlaces,
  isNumberWithUnit,
  KPI_VALUE_LIMIT,
  MAX_AMOUNT,
  MAX_DECIMALS,
  parseNumberText,
} from '../common/number-input';
import { parseFiscalYear, parseYearMonth } from '../common/japanese-era';
import { foldForMatching } from '../common/text';

/**
 * A value read from a cell, or why it could not be read: a sentence that quotes the cell and shows how to write it, in
 * Japanese as the sheet it reads. Empty cells and "-" are null, not errors.
 */
export type Reading<T> = { ok: true; value: T } | { ok: false; problem: string; specific?: true };

const read = <T>(value: T): Reading<T> => ({ ok: true, value });
const fail = <T>(problem: string): Reading<T> => ({ ok: false, problem });
/**
 * A number read but not as the API takes it (too large, too many decimals): refused here too, in words of its own that
 * a cell of two numbers (「124 (R5.6月)」) passes on instead of its general example.
 */
const refusedNumber = <T>(problem: string): Reading<T> => ({ ok: false, problem, specific: true });
const tooLarge = <T>(cell: string, range: string): Reading<T> =>
  refusedNumber(`「${cell.trim()}」は大きすぎます。${range}の数値で入力してください。`);

const EMPTY_MARKS = new Set(['', '-', '－', '―', '—', 'ー']);

function isEmptyMark(text: string): boolean {
  return EMPTY_MARKS.has(text.normalize('NFKC').trim());
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(
        name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
      );
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/**
 * Cell text as stored: markup stripped (each <p>…</p> is one line, a <ul> block stays one line),
 * runs of spaces collapsed, lines trimmed, empty lines dropped, lines joined with "\n".
 */
export function plainText(cell: string): string {
  let text = cell.replace(/\r\n?/g, '\n');
  if (/<\/?[a-z][^>]*>/i.test(text)) {
    text = text
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?p(\s[^>]*)?>/gi, '\n')
      .replace(/<\/?li(\s[^>]*)?>/gi, ' ')
      .replace(/<[^>]+>/g, '');
    text = decodeEntities(text);
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Said when a number was typed with its unit (「120件」), as the pages say it: only the unit is in the way. */
const unitNotNeeded = (...texts: string[]) => (texts.some(isNumberWithUnit) ? '単位は不要です。' : '');

/**
 * "18,500" → 18500, "51.9" → 51.9; empty or "-" → null. A KPI value, within ±KPI_VALUE_LIMIT and with at most
 * MAX_DECIMALS decimals.
 */
export function readNumber(cell: string): Reading<number | null> {
  const number = readAnyNumber(cell);
  if (!number.ok || number.value === null) return number;
  if (Math.abs(number.value) > KPI_VALUE_LIMIT)
    return tooLarge(cell, `${formatNumber(-KPI_VALUE_LIMIT)}から${formatNumber(KPI_VALUE_LIMIT)}まで`);
  if (decimalPlaces(number.value) > MAX_DECIMALS)
    return refusedNumber(
      `「${cell.trim()}」は小数点以下の桁が多すぎます。小数点以下${MAX_DECIMALS}桁までで入力してください。`,
    );
  return number;
}

function readAnyNumber(cell: string): Reading<number | null> {
  if (isEmptyMark(cell)) return read(null);
  const number = parseNumberText(cell);
  if (number !== null) return read(number);
  return fail(
    isNumberWithUnit(cell)
      ? `「${cell.trim()}」を読み取れません。数値だけを入力してください(単位は不要です)。`
      : `「${cell.trim()}」を読み取れません。「18,500」や「51.9」のように数値で入力してください。`,
  );
}

/** 千円 amounts are whole, never negative and at most MAX_AMOUNT. */
function readAmount(text: string): Reading<number | null> {
  const number = readAnyNumber(text);
  if (!number.ok || number.value === null) return number;
  if (!Number.isInteger(number.value) || number.value < 0)
    return fail(`「${text.trim()}」を読み取れません。金額は千円単位の0以上の整数で入力してください。`);
  if (number.value > MAX_AMOUNT) return tooLarge(text, `千円単位で${formatNumber(MAX_AMOUNT)}まで`);
  return number;
}

/** Why a ④ amount cell is unreadable, whichever of its two numbers (`parts`, when it splits) is wrong. */
const notAmountWithGrant = <T>(cell: string, parts: string[] = []) =>
  fail<T>(
    `「${cell.trim()}」を読み取れません。${unitNotNeeded(...parts)}「9,048 (4,524)」のように、千円単位の金額と、かっこ内にそのうちの交付金の額を入力してください。`,
  );

/** ④ amounts as printed: "9,048 (4,524)" is 9,048 千円 of which 4,524 千円 grant. */
export function readAmountWithGrant(cell: string): Reading<{ amount: number | null; grant: number | null }> {
  const text = cell.normalize('NFKC').trim();
  if (isEmptyMark(text)) return read({ amount: null, grant: null });
  const match = /^([^()]*?)\s*(?:\(([^()]*)\))?$/.exec(text);
  if (!match) return notAmountWithGrant(cell);
  const amount = readAmount(match[1]);
  const grant = match[2] === undefined ? read(null) : readAmount(match[2]);
  for (const part of [amount, grant]) if (!part.ok && part.specific) return fail(part.problem);
  if (!amount.ok || !grant.ok) return notAmountWithGrant(cell, [match[1], match[2] ?? '']);
  return read({ amount: amount.value, grant: grant.value });
}

/** 'R6.3月', 'R7.3', '令和6年3月', '2024-03' → '2024-03', from H元.1月 to LAST_YEAR_MONTH as the API reads them. */
export function readYearMonth(cell: string): Reading<string | null> {
  if (isEmptyMark(cell)) return read(null);
  const text = cell.replace(/\.$/, '').trim();
  const yearMonth = parseYearMonthInput(text);
  if (yearMonth !== null) return read(yearMonth);
  return fail(
    parseYearMonth(text)
      ? `「${cell.trim()}」は取り込める年月(H元.1月から${yearMonthLabel(LAST_YEAR_MONTH)}まで)の外です。`
      : `「${cell.trim()}」を読み取れません。「R6.3月」や「令和6年3月」のように年月で入力してください。`,
  );
}

const REFERENCE_MARKS = /【\s*参考値\s*】|[(（]\s*参考値\s*[)）]|参考値/g;

/** ⑤ 最新値 as printed: "124 (R5.6月)", "1,027 (R5.3)", "67", with an optional 【参考値】 mark anywhere. */
export function readLatestValue(
  cell: string,
): Reading<{ value: number | null; asOf: string | null; isReference: boolean }> {
  const isReference = cell.includes('参考値');
  const text = cell.replace(REFERENCE_MARKS, ' ').normalize('NFKC').trim();
  if (isEmptyMark(text)) return read({ value: null, asOf: null, isReference });
  const match = /^([^()]*?)\s*(?:\(([^()]*)\))?$/.exec(text);
  const value = match ? readNumber(match[1]) : null;
  const asOf = match?.[2] === undefined ? read(null) : readYearMonth(match[2]);
  if (value && !value.ok && value.specific) return fail(value.problem);
  if (!value?.ok || !asOf.ok)
    return fail(
      `「${cell.trim()}」を読み取れません。${unitNotNeeded(match?.[1] ?? '')}「124」のように数値だけか、「124 (R5.6月)」のように数値とかっこ内にその時点を入力してください。`,
    );
  return read({ value: value.value, asOf: asOf.value, isReference });
}

/** ② "R3年度～R5年度 (2年度)" → the plan period and which year of it the report covers. */
export function readPlanPeriod(cell: string): Reading<{ start: number; end: number; planYear: number | null }> {
  const text = cell.normalize('NFKC').trim();
  const match = /^(.+?)\s*[~〜\-–]\s*([^()]+?)\s*(?:\(([^()]*)\))?$/.exec(text);
  const start = match ? parseFiscalYear(match[1]) : null;
  const end = match ? parseFiscalYear(match[2]) : null;
  if (!match || start === null || end === null)
    return fail(
      `「${cell.trim()}」を読み取れません。「R3年度～R5年度」のように、最初と最後の年度を「～」でつないで入力してください。`,
    );
  if (end < start)
    return fail(
      `「${cell.trim()}」は、最後の年度が最初の年度より前になっています。最初と最後の年度を確かめてください。`,
    );
  return read({ start, end, planYear: match[3] === undefined ? null : readPlanYear(match[3]) });
}

/** (2年度), (3年度目), (初年度), (2年目) → 2, 3, 1, 2. */
export function readPlanYear(text: string): number | null {
  const folded = foldForMatching(text);
  if (folded === '初年度') return 1;
  const match = /^(\d+)年度?目?$/.exec(folded);
  return match ? Number(match[1]) : null;
}

/** A fiscal year named anywhere in a heading: "④市予算事業(令和4年度)" → 2022. */
export function findFiscalYear(text: string): number | null {
  const match =
    /(令和|平成|R|H)\s*(元|\d{1,2})\s*年度/.exec(text.normalize('NFKC')) ??
    /(\d{4})\s*年度/.exec(text.normalize('NFKC'));
  return match ? parseFiscalYear(match.slice(1).join('')) : null;
}
