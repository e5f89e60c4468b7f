import { forbiddenCharacter } from '../common/text';
import { type ParseOptions, type ParseResult, type SourceLocation, type SourceSheet } from './import-model';
import { parseImport } from './import-parser';
import {
  decodeText,
  isLegacyExcel,
  isXlsx,
  rowsFromText,
  rowsFromWorkbook,
  WorkbookTooLargeError,
} from './source-rows';

/** What reading a file gives: the reports the parser understood in it, or why it cannot be read at all (a 400). */
export type FileReading = { parsed: ParseResult } | { refusal: string };

/** A file's sheets, or why it cannot be read at all (a 400). */
export type SheetsReading = { sheets: SourceSheet[] } | { refusal: string };

/** A file's bytes → its sheets → the reports they hold. Never throws on content: an unreadable file is a refusal. */
export async function readImportFile(bytes: Buffer, options: ParseOptions): Promise<FileReading> {
  const sheets = await readSheets(bytes);
  return 'refusal' in sheets ? sheets : { parsed: parseImport(sheets.sheets, options) };
}

/** The sheets of an .xlsx workbook (within WORKBOOK_LIMITS), or why they cannot be read. */
export function readWorkbook(bytes: Buffer): Promise<SheetsReading> {
  return rowsFromWorkbook(bytes).then(
    (sheets) => withAllowedText(sheets),
    (error: unknown) => ({
      refusal:
        error instanceof WorkbookTooLargeError
          ? error.message
          : 'The file is not a readable .xlsx workbook. Save it from Excel as "Excel ブック (*.xlsx)" and upload it again.',
    }),
  );
}

function readSheets(bytes: Buffer): Promise<SheetsReading> | SheetsReading {
  if (isLegacyExcel(bytes))
    return {
      refusal:
        'This is an old-format Excel file (.xls). Save it from Excel as "Excel ブック (*.xlsx)" and upload it again.',
    };
  if (isXlsx(bytes)) return readWorkbook(bytes);
  const text = decodeText(bytes);
  if (text === null)
    return {
      refusal:
        'The file is neither an .xlsx workbook nor text in UTF-8 or Shift_JIS. Upload the .xlsx, or paste the cells.',
    };
  return withAllowedText([rowsFromText(text)]);
}

/**
 * The sheets, or the refusal of the first cell holding a character text may not hold, as typed text may not: a text
 * file may hold any of them, a workbook's XML DEL.
 */
function withAllowedText(sheets: SourceSheet[]): SheetsReading {
  for (const sheet of sheets)
    for (const row of sheet.rows)
      for (const [index, cell] of row.cells.entries()) {
        const character = forbiddenCharacter(cell);
        if (character !== null) return { refusal: forbiddenCharacterRefusal(row.location, index + 1, character) };
      }
  return { sheets };
}

function forbiddenCharacterRefusal({ sheet, row }: SourceLocation, column: number, character: string): string {
  const codePoint = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const place = `row ${row}, column ${column}${sheet === undefined ? '' : ` of sheet "${sheet}"`}`;
  return `The cell in ${place} holds ${codePoint}, a character text may not hold (a control character). Delete it, save the file and upload it again.`;
}
