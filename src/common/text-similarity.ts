// Written here: no string-similarity package is a dependency (leven, fast-levenshtein, diff come only with dev tools).
/** Characters [start, end) of a text, in UTF-16 offsets as String.prototype.slice takes them. */
export interface TextRange {
  start: number;
  end: number;
}

export interface TextComparison {
  /** 1 − edit distance / length of the longer text: 1 for equal texts, 0 for texts with nothing in common. */
  similarity: number;
  /** The characters of the first text that the second one lacks or replaces. */
  rangesInFirst: TextRange[];
  /** The characters of the second text that the first one lacks or replaces. */
  rangesInSecond: TextRange[];
}

/**
 * A text read for comparing: its characters by code point, without whitespace (spacing never makes two names differ),
 * each folded to NFKC, and each as a number (`codes`, also in ascending order). Folding is the costly part: a text
 * compared with many others (an import's names with every stored project's) is read once.
 */
export interface ComparableText {
  /** Where each character compared is in the text as written. */
  characters: TextRange[];
  /** Each character's key as a number, the same for the same key in every text: what the comparisons compare. */
  codes: Int32Array;
  /** The codes in ascending order: the characters as a multiset, for counting the ones two texts share. */
  sortedCodes: Int32Array;
}

/**
 * The folded characters that are more than one code point (㍻ → 平成), numbered below zero; a key of one code point is
 * that code point. Bounded: only so many characters of Unicode fold to several.
 */
const longKeys = new Map<string, number>();

function codeOf(key: string): number {
  const first = key.codePointAt(0)!;
  if (key.length === (first > 0xffff ? 2 : 1)) return first;
  let code = longKeys.get(key);
  if (code === undefined) {
    code = -1 - longKeys.size;
    longKeys.set(key, code);
  }
  return code;
}

export function comparable(text: string): ComparableText {
  const characters: TextRange[] = [];
  const codes: number[] = [];
  let offset = 0;
  for (const character of text) {
    const key = character.normalize('NFKC');
    if (key.trim() !== '') {
      characters.push({ start: offset, end: offset + character.length });
      codes.push(codeOf(key));
    }
    offset += character.length;
  }
  const numbered = Int32Array.from(codes);
  return { characters, codes: numbered, sortedCodes: numbered.slice().sort() };
}

/** How many characters the two share, counted with repetition: no alignment can match more of them. */
function sharedCount(first: ComparableText, second: ComparableText): number {
  const a = first.sortedCodes;
  const b = second.sortedCodes;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i] < b[j]) i += 1;
    else j += 1;
  }
  return shared;
}

/** Two rows of the distance, kept between comparisons: an import compares a million pairs of names. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/**
 * The edit distance of a and b if it is at most `most`, else more than `most` (then not the distance). Only cells
 * within `most` of the diagonal can lie on an alignment that cheap, so only those are computed, and it stops at the
 * first row where all exceed `most`.
 */
function boundedDistance(a: Int32Array, b: Int32Array, most: number): number {
  const beyond = most + 1;
  if (Math.abs(a.length - b.length) > most) return beyond;
  if (previousRow.length <= b.length) {
    previousRow = new Int32Array(b.length + 1);
    currentRow = new Int32Array(b.length + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j <= most ? j : beyond;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - most);
    const to = Math.min(b.length, i + most);
    current[from - 1] = from === 1 ? Math.min(i, beyond) : beyond;
    let rowMinimum = current[from - 1];
    const code = a[i - 1];
    // Compared by hand: Math.min of three costs several times the rest of a cell (and more in jest's vm context).
    for (let j = from; j <= to; j++) {
      let value = previous[j - 1] + (code === b[j - 1] ? 0 : 1);
      if (previous[j] + 1 < value) value = previous[j] + 1;
      if (current[j - 1] + 1 < value) value = current[j - 1] + 1;
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (to < b.length) current[to + 1] = beyond;
    if (rowMinimum > most) return beyond;
    const done = previous;
    previous = current;
    current = done;
  }
  return Math.min(previous[b.length], beyond);
}

/**
 * compareTexts' similarity without marking what differs, or null when it cannot reach `atLeast`: cheap enough to rank
 * many texts by it and mark only the one chosen. A text less alike than `uselessBelow` (a ranking's best so far) may
 * come back null without the whole comparison, as if below `atLeast`.
 */
export function similarity(
  first: ComparableText,
  second: ComparableText,
  atLeast = 0,
  uselessBelow = atLeast,
): number | null {
  const a = first.codes;
  const b = second.codes;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  // Cheapest first: the length difference alone is that many edits; no alignment matches more than the shared characters.
  if (Math.min(a.length, b.length) / longer < atLeast || sharedCount(first, second) / longer < atLeast) return null;
  // The most edits that leave the similarity wanted, one more against rounding: the comparison below decides exactly.
  const wanted = Math.max(atLeast, uselessBelow);
  const most = Math.min(longer, Math.floor((1 - wanted) * longer) + 1);
  const distance = boundedDistance(a, b, most);
  if (distance > most) return null;
  const result = 1 - distance / longer;
  return result < atLeast ? null : result;
}

function rangesOf(characters: TextRange[], marked: boolean[]): TextRange[] {
  const ranges: TextRange[] = [];
  characters.forEach((character, index) => {
    if (!marked[index]) return;
    const last = ranges.at(-1);
    if (last && last.end === character.start) last.end = character.end;
    else ranges.push({ start: character.start, end: character.end });
  });
  return ranges;
}

/**
 * How alike two short texts (project names) are, by normalized edit (Levenshtein) distance, with the characters that
 * differ marked in both. Returns null, without the full comparison, when the similarity cannot reach `atLeast`.
 */
export function compareTexts(first: ComparableText, second: ComparableText, atLeast = 0): TextComparison | null {
  const alike = similarity(first, second, atLeast);
  if (alike === null) return null;
  const a = first.codes;
  const b = second.codes;
  const width = b.length + 1;
  const distance = new Uint32Array((a.length + 1) * width);
  for (let i = 0; i <= a.length; i++) distance[i * width] = i;
  for (let j = 0; j <= b.length; j++) distance[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let value = distance[(i - 1) * width + j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      if (distance[(i - 1) * width + j] + 1 < value) value = distance[(i - 1) * width + j] + 1;
      if (distance[i * width + j - 1] + 1 < value) value = distance[i * width + j - 1] + 1;
      distance[i * width + j] = value;
    }
  }

  // Walk back along one cheapest alignment, preferring substitutions, so 創造 ↔ 創出 marks 造 and 出.
  const markedA = Array.from(a, () => false);
  const markedB = Array.from(b, () => false);
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    const here = distance[i * width + j];
    if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && here === distance[(i - 1) * width + j - 1]) {
      i -= 1;
      j -= 1;
    } else if (i > 0 && j > 0 && here === distance[(i - 1) * width + j - 1] + 1) {
      markedA[--i] = true;
      markedB[--j] = true;
    } else if (i > 0 && here === distance[(i - 1) * width + j] + 1) {
      markedA[--i] = true;
    } else {
      markedB[--j] = true;
    }
  }
  return {
    similarity: alike,
    rangesInFirst: rangesOf(first.characters, markedA),
    rangesInSecond: rangesOf(second.characters, markedB),
  };
}
