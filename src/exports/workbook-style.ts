import { type Borders } from 'exceljs';

/** The exported workbooks print alike: thin-ruled cells, a blue band over each heading, grey column headers. */
export const THIN_BORDERS: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as Borders;
export const HEADING_FILL = 'FFE8F1FE';
export const HEADER_FILL = 'FFF2F2F2';
/** Thousands separated; decimals only as far as the value has them. */
export const NUMBER_FORMAT = '#,##0.##########';
