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
