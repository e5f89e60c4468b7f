/**
 * OOXML's escape in a workbook's text (ST_Xstring, ECMA-376 Part 1, 22.9.2.19): `_xHHHH_` stands for U+HHHH, which
 * Excel writes for a character XML cannot hold (a line break pasted from Word is U+000B, saved as `_x000B_`), and
 * `_x005F_` for an underscore that would otherwise begin such a sequence in the text itself.
 */
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;
const STARTS_AN_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)/g;

/** A workbook's text as Excel meant it; exceljs's streaming reader leaves the escapes as they are written. */
export function decodeXstring(text: string): string {
  return text.includes('_x') ? text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Text as a workbook must carry it so that Excel (and decodeXstring) reads it as written: exceljs writes it bare. */
export function encodeXstring(text: string): string {
  return text.includes('_x') ? text.replace(STARTS_AN_ESCAPE, '_x005F_') : text;
}
