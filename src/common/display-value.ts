import { fiscalYearLabel, yearMonthLabel } from './era-input';
import { formatNumber } from './number-format';

/**
 * A stored value as a reader expects it, by the pointer of its field: 和暦 for fiscal years and year-months, separators
 * for numbers, (なし) for nothing. Coded values (states, assessments) take their labels where those are known.
 */
export function displayValue(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(なし)';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  // The leaves of a document diff are text and numbers from here on; anything else is shown as its JSON.
  if (typeof value !== 'string' && typeof value !== 'number') return JSON.stringify(value);
  if (/(AsOf|YearMonth)$/.test(path) && typeof value === 'string') return yearMonthLabel(value) ?? value;
  if (/(fiscalYear|FiscalYear)$/.test(path) && typeof value === 'number') return fiscalYearLabel(value);
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}
