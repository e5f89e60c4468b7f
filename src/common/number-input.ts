/**
 * The largest magnitude of a KPI value (基準値, 目標値, 実績値, 最新値): a double holds every whole number up to it
 * exactly, so a value stored is the value read back and an achievement rate of two of them stays finite.
 */
export const KPI_VALUE_LIMIT = 1e15;
/**
 * The most decimals a KPI value may have: pages, files and the record write a number with at most these (formatNumber),
 * so a value with more would read rounded, and two different values the same.
 */
export const MAX_DECIMALS = 10;
/** The largest ④ amount, in 千円 (a thousand trillion yen): far beyond any budget, well within the bigint column. */
export const MAX_AMOUNT = 1_000_000_000_000;

const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * The one reading of a number as people type or paste it, for the API, the pages and the import alike:
 * NFKC folds the IME's full-width digits and 「，」「．」「－」, spaces are dropped, ▲/△ (as printed in
 * Japanese accounts) is a minus, and thousands separators must group by three. Null when it is not a number.
 */
export function parseNumberText(text: string): number | null {
  const folded = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[▲△−]/, '-');
  if (!GROUPED.test(folded) && !PLAIN.test(folded)) return null;
  const number = Number(folded.replace(/,/g, ''));
  return Number.isFinite(number) ? number : null;
}

/**
 * The decimals of a number as written at its shortest: 0.1255 → 4, 1e-7 → 7, 1.5e-7 → 8, 1e21 → 0. Read by position
 * in the text, not split into parts: every KPI of every page and file goes through here, several times.
 */
export function decimalPlaces(value: number): number {
  if (Number.isInteger(value)) return 0;
  const text = String(value);
  const exponentAt = text.indexOf('e');
  const digitsEnd = exponentAt === -1 ? text.length : exponentAt;
  const pointAt = text.indexOf('.');
  const fraction = pointAt === -1 ? 0 : digitsEnd - pointAt - 1;
  return Math.max(0, fraction - (exponentAt === -1 ? 0 : Number(text.slice(exponentAt + 1))));
}

/**
 * A number as people write it, never with an exponent: 1e-7 is "0.0000001" (a spreadsheet cell holds the number; its
 * text would be "1e-7", which parseNumberText does not read).
 */
export function plainDecimal(value: number): string {
  return Math.abs(value) < 1e21 ? value.toFixed(Math.min(decimalPlaces(value), 100)) : String(value);
}

/**
 * Numbers as whole numbers at the scale of the one with most decimals, as written at their shortest (0.1 and 2.25 are
 * 10n and 225n at scale 2): their differences are exact, where binary floating point's are not (1.301 − 1.1 is
 * 0.20099999999999985).
 */
export function scaledDecimals(values: number[]): { scale: number; scaled: bigint[] } {
  const places = values.map((value) => Math.min(decimalPlaces(value), 100));
  const scale = Math.max(0, ...places);
  const unit = 10n ** BigInt(scale);
  return {
    scale,
    scaled: values.map((value, index) => {
      // Whole from 2^53 on, and written with an exponent from 1e21 on.
      if (Number.isInteger(value)) return BigInt(value) * unit;
      // A fraction has a point, and is written without an exponent at its own decimals (as plainDecimal writes it).
      const text = value.toFixed(places[index]);
      const pointAt = text.indexOf('.');
      return BigInt(text.slice(0, pointAt) + text.slice(pointAt + 1).padEnd(scale, '0'));
    }),
  };
}

/**
 * Whether text is a number with a unit typed after it (「120件」「18,500千円」「12.5％」): refused as a number, only
 * the unit stands in the way, and the refusal can say so.
 */
export function isNumberWithUnit(text: string): boolean {
  const match = /^(.*\d)\s*([^\d\s.,]+)$/u.exec(text.normalize('NFKC').trim());
  return match !== null && parseNumberText(match[1]) !== null;
}

/**
 * Whether text is a number followed by another value in brackets, as the published sheets print two fields in one cell
 * (「9,048 (4,524)」 an amount and its grant, 「124 (R5.6月)」 a value and its month): a field takes the first alone.
 */
export function isNumberWithBracket(text: string): boolean {
  const match = /^(.*\d)\s*\([^()]*\)$/u.exec(text.normalize('NFKC').trim());
  return match !== null && parseNumberText(match[1]) !== null;
}

/** Pages past this are never useful and would overflow the query's offset. */
export const MAX_PAGE = 10_000;
/** Versions are int4 columns. */
export const MAX_VERSION = 2_147_483_647;

/**
 * `?page=` of a page (not the API), '' when absent: anything unreadable is page 1, and pages stop at MAX_PAGE (the
 * pages show a shorter list's last page for any page past it).
 */
export function pageParameterOf(parameter: string): number {
  const page = Number.parseInt(parameter, 10);
  return page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}
