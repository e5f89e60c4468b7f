import type { CellValue } from 'exceljs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { type SourceRow, type SourceSheet } from './import-model';
import { plainDecimal } from '../common/number-input';
import { decodeXstring } from '../infra/xlsx/xstring';

const inflate = promisify(inflateRaw);

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

// A real report sheet is a few hundred rows by about ten columns: these limits leave a wide margin and still refuse a
// hostile workbook (cells in column XFD, a million rows, a zip bomb) before its work or memory grows with it.
export const WORKBOOK_LIMITS = {
  /**
   * A workbook the app writes for a year has a sheet per report (the year's export, the committee pack), and reads
   * back: more reports than a municipality has in a year. Sheets cost little; the bounds below hold the work.
   */
  sheets: 1_000,
  rows: 2_000,
  columns: 50,
  valuesPerSheet: 20_000,
  /**
   * Over the whole workbook: each row's span to its last cell element (empty styled ones too), plus one per row, the
   * blank rows kept before it included, so that the rows kept are bounded whatever the number of sheets.
   */
  cellsRead: 200_000,
  /** Uncompressed size of all zip entries: a 2,000 × 50 sheet is about 10 MB of XML. */
  unzippedBytes: 64 * 1024 * 1024,
};

/** A workbook refused for its size, with a message (Japanese and English) that tells the user what to change. */
export class WorkbookTooLargeError extends Error {}

const TOO_LARGE_ADVICE =
  '報告の表だけを残したブックを保存して、もう一度アップロードしてください。' +
  ' Keep only the report tables in the workbook, save it and upload it again.';

function tooLarge(japanese: string, english: string): WorkbookTooLargeError {
  return new WorkbookTooLargeError(`${japanese} ${english} ${TOO_LARGE_ADVICE}`);
}

/**
 * Inflates every entry of the zip with a cap on the output, so a zip bomb is refused after at most
 * `unzippedBytes` of work, whatever sizes its headers claim. Also counts the worksheets.
 */
async function unzipBounded(bytes: Buffer): Promise<Map<string, Uint8Array>> {
  const entries = zipEntries(bytes);
  const sheets = entries.filter((entry) => /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)).length;
  if (sheets > WORKBOOK_LIMITS.sheets)
    throw tooLarge(
      `シートが多すぎます（${sheets} 枚。${WORKBOOK_LIMITS.sheets} 枚まで）。`,
      `The workbook has too many sheets (${sheets}; at most ${WORKBOOK_LIMITS.sheets}).`,
    );
  const files = new Map<string, Uint8Array>();
  let budget = WORKBOOK_LIMITS.unzippedBytes;
  for (const entry of entries) {
    if (entry.method !== 0 && entry.method !== 8) throw new Error(`unsupported zip compression ${entry.method}`);
    let data: Uint8Array = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    if (entry.method === 8) {
      try {
        data = await inflate(data, { maxOutputLength: budget + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw unzippedTooLarge();
        throw error;
      }
    }
    budget -= data.length;
    if (budget < 0) throw unzippedTooLarge();
    if (!entry.name.endsWith('/')) files.set(entry.name, data);
  }
  return files;
}

function unzippedTooLarge(): WorkbookTooLargeError {
  const megabytes = WORKBOOK_LIMITS.unzippedBytes / 1024 / 1024;
  return tooLarge(
    `ブックの中身が大きすぎます（展開して ${megabytes} MB まで）。`,
    `The workbook is too large once unzipped (at most ${megabytes} MB).`,
  );
}

/** The parts exceljs's streaming reader must meet before any worksheet, in this order. */
const WORKBOOK_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const EMPTY_SHARED_STRINGS = new TextEncoder().encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * The same workbook, stored (not compressed) in the order exceljs's streaming reader needs. Met in another order — as
 * exceljs itself writes, xl/workbook.xml last — the reader parks worksheets in temporary files and intermittently
 * stops before the last parts (exceljs issues #2790, #3064), losing sheet names or whole sheets.
 */
function inReadingOrder(files: Map<string, Uint8Array>): Buffer {
  const sheetNumber = (name: string) => Number(/^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1] ?? NaN);
  const worksheets = [...files.keys()]
    .filter((name) => !Number.isNaN(sheetNumber(name)))
    .sort((a, b) => sheetNumber(a) - sheetNumber(b));
  // Without shared strings (every text inline) the reader would also park the worksheets: it waits for them.
  const ordered: Zippable = {};
  for (const name of WORKBOOK_PARTS) {
    const data = files.get(name) ?? (name === 'xl/sharedStrings.xml' ? EMPTY_SHARED_STRINGS : undefined);
    if (data) ordered[name] = data;
  }
  for (const name of worksheets) ordered[name] = files.get(name)!;
  for (const [name, data] of files) if (!(name in ordered)) ordered[name] = data;
  return Buffer.from(zipSync(ordered, { level: 0 }));
}

/**
 * exceljs parses each chunk of its input whole before it yields a row: given the workbook as one chunk, a 50 MB sheet
 * became gigabytes of parser events before the limits below could stop it. In slices, it stops within a slice.
 */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * The stored workbook in slices of about `size` bytes, none ending inside a UTF-8 character: exceljs decodes each chunk
 * of a part on its own (its parse-sax), so a character cut in two became two U+FFFD in the cell's text. The parts are
 * stored uncompressed, so the zip's bytes around a cut are the XML's; a cut that lands in the zip's own binary headers
 * merely moves back up to three bytes.
 */
function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + size, bytes.length);
    for (let back = 0; back < 3 && end < bytes.length && isContinuationByte(bytes[end]); back++) end--;
    yield bytes.subarray(start, end);
    start = end;
  }
}

/** 10xxxxxx: the second, third or fourth byte of a UTF-8 character, never its first. */
const isContinuationByte = (byte: number) => (byte & 0xc0) === 0x80;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

/** The entries of the zip's central directory (no zip64: a report workbook is far below 4 GB). */
function zipEntries(bytes: Buffer): ZipEntry[] {
  const endRecord = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endRecord < 0 || endRecord + 22 > bytes.length) throw new Error('no end of central directory');
  const count = bytes.readUInt16LE(endRecord + 10);
  let position = bytes.readUInt32LE(endRecord + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (position + 46 > bytes.length || bytes.readUInt32LE(position) !== 0x02014b50) throw new Error('bad zip entry');
    const nameLength = bytes.readUInt16LE(position + 28);
    const local = bytes.readUInt32LE(position + 42);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw new Error('bad zip entry');
    const entry = {
      name: bytes.toString('utf8', position + 46, position + 46 + nameLength),
      method: bytes.readUInt16LE(position + 10),
      compressedSize: bytes.readUInt32LE(position + 20),
      dataStart: local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28),
    };
    if (entry.dataStart + entry.compressedSize > bytes.length) throw new Error('bad zip entry');
    entries.push(entry);
    position += 46 + nameLength + bytes.readUInt16LE(position + 30) + bytes.readUInt16LE(position + 32);
  }
  return entries;
}

/**
 * Every worksheet as rows of cell strings, so a workbook goes through the same parser as pasted text. Read row by row
 * with the streaming reader, which keeps only the cells present (a row with one cell in column XFD stays one cell),
 * and stops at the first row or cell beyond WORKBOOK_LIMITS with a WorkbookTooLargeError.
 */
export async function rowsFromWorkbook(bytes: Buffer): Promise<SourceSheet[]> {
  const files = await unzipBounded(bytes);
  // Loaded on the first workbook (0.3 s): the import's thread reads pasted text far more often.
  const { stream } = await import('exceljs');
  // Styles are read for the number formats, which tell dates from numbers.
  const workbook = new stream.xlsx.WorkbookReader(Readable.from(slices(inReadingOrder(files), READ_CHUNK_BYTES)), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const sheets: SourceSheet[] = [];
  let cellsRead = 0;
  for await (const sheet of workbook) {
    const name = decodeXstring((sheet as unknown as { name: string }).name);
    const rows: SourceRow[] = [];
    let values = 0;
    for await (const row of sheet) {
      // A row's span up to its last cell element, empty (styled) ones included, is the work it cost to read; the rows
      // missing before it are kept as blank ones (below), one each.
      const blanksBefore = row.number <= WORKBOOK_LIMITS.rows ? row.number - 1 - rows.length : 0;
      cellsRead += row.cellCount + 1 + blanksBefore;
      const cells: string[] = [];
      row.eachCell((cell, column) => {
        if (column > WORKBOOK_LIMITS.columns)
          throw tooLarge(
            `シート「${name}」のセル ${cell.address} は ${WORKBOOK_LIMITS.columns} 列目より右にあります。`,
            `Sheet "${name}" has a value in ${cell.address}, beyond column ${WORKBOOK_LIMITS.columns}.`,
          );
        if (row.number > WORKBOOK_LIMITS.rows)
          throw tooLarge(
            `シート「${name}」の ${row.number} 行目に値があります（${WORKBOOK_LIMITS.rows} 行まで）。`,
            `Sheet "${name}" has values in row ${row.number} (at most ${WORKBOOK_LIMITS.rows} rows).`,
          );
        values++;
        // Merged ranges keep their value in their first cell; the streaming reader leaves the others empty.
        cells[column - 1] = cellText(cell.value, cell.text);
      });
      if (values > WORKBOOK_LIMITS.valuesPerSheet || cellsRead > WORKBOOK_LIMITS.cellsRead)
        throw tooLarge(
          `シート「${name}」のセルが多すぎます（値のあるセルは 1 シート ${WORKBOOK_LIMITS.valuesPerSheet} 個まで）。`,
          `Sheet "${name}" has too many cells (at most ${WORKBOOK_LIMITS.valuesPerSheet} with values per sheet).`,
        );
      if (row.number > WORKBOOK_LIMITS.rows) continue;
      // Rows without cells are not in the file; the parser sees them as the blank lines they are.
      while (rows.length < row.number - 1) rows.push({ cells: [], location: { sheet: name, row: rows.length + 1 } });
      const width = Math.min(row.cellCount, WORKBOOK_LIMITS.columns);
      rows.push({
        cells: Array.from({ length: width }, (_, index) => cells[index] ?? ''),
        location: { sheet: name, row: row.number },
      });
    }
    sheets.push({ name, rows });
  }
  // The reader meets the sheets in the order of their parts; the user knows them in the order of their tabs.
  const tabs = ((workbook as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((sheet) =>
    decodeXstring(sheet.name),
  );
  return sheets.sort((a, b) => tabs.indexOf(a.name ?? '') - tabs.indexOf(b.name ?? ''));
}

function cellText(value: CellValue, text: string): string {
  // Excel turns typed year-months into dates; the layouts only ever hold months.
  if (value instanceof Date) return `${value.getUTCFullYear()}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`;
  if (typeof value === 'number') return plainDecimal(value);
  // As Excel shows it: a line break pasted from Word is saved as `_x000B_`, which the refusal of control characters then
  // names by its cell instead of importing the escape as text.
  return decodeXstring(text ?? '');
}
