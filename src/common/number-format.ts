import { MAX_DECIMALS } from './number-input';

// Made once: toLocaleString with options builds a formatter on every call, and a page formats hundreds of numbers.
const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: MAX_DECIMALS });

/**
 * A number as people read it: thousands separators and the decimals it was entered with, up to MAX_DECIMALS (a sum
 * computed in floating point reads 0.3, not 0.30000000000000004). Pages, files, audit entries and messages all write
 * numbers so, so that a KPI of 0.1255 reads 0.1255 wherever it is read, and a change to 0.1256 is not shown as 0.126 →
 * 0.126.
 */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
