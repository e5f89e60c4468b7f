import { type Borders } from 'exceljs';
import { decimalPlaces, MAX_DECIMALS } from '../common/number-input';

/** The exported workbooks print alike: thin-ruled cells, a blue band over each heading, grey column headers. */
export const THIN_BORDERS: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as Borders;
export const HEADING_FILL = 'FFE8F1FE';
export const HEADER_FILL = 'FFF2F2F2';
/**
 * Thousands separated, with the decimals the value has as formatNumber writes it (rounded to MAX_DECIMALS, so 0.1 + 0.2
 * is 0.3). Chosen per value: one format with optional decimals ('#,##0.###') shows a whole number as "120.".
 */
export function numberFormatOf(value: number): string {
  const places = decimalPlaces(Number(value.toFixed(MAX_DECIMALS)));
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}
