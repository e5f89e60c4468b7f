/** A value of untyped input (JSON payloads, query strings, form bodies) as text: a string as it is, anything else blank. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * Text cut to at most maxLength UTF-16 code units (what String.length and Excel count) between graphemes: an emoji or a
 * letter with its combining marks stays whole or is left out, never split into a lone surrogate, which no header (a
 * file name to download) can carry.
 */
export function cutToLength(text: string, maxLength: number): string {
  let cut = '';
  for (const { segment } of graphemes.segment(text)) {
    if (cut.length + segment.length > maxLength) break;
    cut += segment;
  }
  return cut;
}

/**
 * A name or number as typed with the IME's widths folded (NFKC: 「１」 is 1, a full-width space a space) and runs of
 * spaces made one: what makes two names the same to a reader, so a department typed with a full-width space (U+3000)
 * between its words is not a second one.
 */
export function foldedName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Only for recognizing values: full-width digits, letters and brackets fold to ASCII. Never applied to stored text. */
export function foldForMatching(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * The characters below U+0020 but TAB, LF and CR, and U+FFFE and U+FFFF, which XML 1.0 (so a workbook) cannot carry —
 * NUL not even PostgreSQL — and DEL, which the workbook writer drops. Pastes from Word and PowerPoint bring some (a
 * vertical tab for a line break within a paragraph); no one means to type them.
 */
const isUnwritable = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
  code === 0x7f ||
  code === 0xfffe ||
  code === 0xffff;

/** A lone surrogate is not Unicode text at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The rule of what text may hold, for input and imported cells alike: the first character it may not hold, or null. */
export function forbiddenCharacter(text: string): string | null {
  for (let index = 0; index < text.length; index++) if (isUnwritable(text.charCodeAt(index))) return text[index];
  return LONE_SURROGATE.exec(text)?.[0] ?? null;
}

/**
 * Text as a workbook carries it: without the characters XML cannot. Text stored before the rule above may hold them;
 * what is written and what is compared with a workbook read back both go through this.
 */
export function writableText(text: string): string {
  let written = '';
  let from = 0;
  for (let index = 0; index < text.length; index++) {
    if (!isUnwritable(text.charCodeAt(index))) continue;
    written += text.slice(from, index);
    from = index + 1;
  }
  return from === 0 ? text : written + text.slice(from);
}
