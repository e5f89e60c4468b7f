import { type CellValue, ValueType, Workbook } from 'exceljs';
import { type SourceRow, type SourceSheet } from './import-model';

/**
 * Tab-separated text as Excel puts it on the clipboard: a cell holding a line break, tab or quote is wrapped in
 * double quotes with inner quotes doubled. A cell that merely starts with a quote (text copied out of a PDF)
 * is taken literally.
 */
export function rowsFromText(text: string): SourceSheet {
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const rows: SourceRow[] = [];
  let cells: string[] = [];
  let line = 1;
  let rowStart = 1;
  let position = 0;
  const endRow = () => {
    rows.push({ cells, location: { row: rowStart } });
    cells = [];
    rowStart = line;
  };
  while (position <= input.length) {
    let cell: string;
    const quoted = input[position] === '"' ? readQuoted(input, position) : null;
    if (quoted) {
      cell = quoted.cell;
      line += quoted.lineBreaks;
      position = quoted.end;
    } else {
      let end = position;
      while (end < input.length && input[end] !== '\t' && input[end] !== '\n') end++;
      cell = input.slice(position, end);
      position = end;
    }
    cells.push(cell);
    const separator = input[position];
    position++;
    if (separator === '\n') {
      line++;
      endRow();
    } else if (separator === undefined) {
      endRow();
    }
  }
  return { rows };
}

function readQuoted(input: string, start: number): { cell: string; end: number; lineBreaks: number } | null {
  let cell = '';
  let position = start + 1;
  while (position < input.length) {
    const character = input[position];
    if (character === '"') {
      if (input[position + 1] === '"') {
        cell += '"';
        position += 2;
        continue;
      }
      const next = input[position + 1];
      // Only a quote that closes right before a separator was Excel's quoting.
      if (next === undefined || next === '\t' || next === '\n')
        return { cell, end: position + 1, lineBreaks: cell.split('\n').length - 1 };
      return null;
    }
    cell += character;
    position++;
  }
  return null;
}

/** Text files: UTF-8 (with or without BOM); Japanese Excel's "テキスト (タブ区切り)" saves Shift_JIS, which is accepted too. */
export function decodeText(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** Excel 97–2003 (.xls) is a compound document, which exceljs cannot read. */
export function isLegacyExcel(bytes: Buffer): boolean {
  return bytes.length > 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1;
}

export function isXlsx(bytes: Buffer): boolean {
  // An .xlsx workbook is a zip archive.
  return bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

/** Every worksheet as rows of cell strings, so a workbook goes through the same parser as pasted text. */
export async function rowsFromWorkbook(bytes: Buffer): Promise<SourceSheet[]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: SourceRow[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        // A merged range keeps its value in its first cell only; the others would repeat it.
        cells[column - 1] = cell.type === ValueType.Merge ? '' : cellText(cell.value, cell.text);
      });
      rows.push({ cells: Array.from(cells, (cell) => cell ?? ''), location: { sheet: sheet.name, row: rowNumber } });
    });
    return { name: sheet.name, rows };
  });
}

function cellText(value: CellValue, text: string): string {
  // Excel turns typed year-months into dates; the layouts only ever hold months.
  if (value instanceof Date) return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`;
  return text ?? '';
}
