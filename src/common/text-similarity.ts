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

interface Character {
  /** What is compared: the character folded to NFKC, so full and half width compare equal. */
  key: string;
  start: number;
  end: number;
}

/**
 * A text read for comparing: its characters by code point, without whitespace (spacing never makes two names differ),
 * each folded to NFKC, and how often each occurs. Folding is the costly part: a text compared with many others (an
 * import's names with every stored project's) is read once.
 */
export interface ComparableText {
  characters: Character[];
  counts: Map<string, number>;
}

export function comparable(text: string): ComparableText {
  const characters: Character[] = [];
  const counts = new Map<string, number>();
  let offset = 0;
  for (const character of text) {
    const key = character.normalize('NFKC');
    if (key.trim() !== '') {
      characters.push({ key, start: offset, end: offset + character.length });
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    offset += character.length;
  }
  return { characters, counts };
}

/** How many characters the two share, counted with repetition: no alignment can match more of them. */
function sharedCount(first: ComparableText, second: ComparableText): number {
  const [fewer, more] = first.counts.size <= second.counts.size ? [first, second] : [second, first];
  let shared = 0;
  for (const [key, count] of fewer.counts) shared += Math.min(count, more.counts.get(key) ?? 0);
  return shared;
}

function rangesOf(characters: Character[], marked: boolean[]): TextRange[] {
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
  const a = first.characters;
  const b = second.characters;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return { similarity: 1, rangesInFirst: [], rangesInSecond: [] };
  // Cheapest first: the length difference alone is that many edits; no alignment matches more than the shared characters.
  if (Math.min(a.length, b.length) / longer < atLeast || sharedCount(first, second) / longer < atLeast) return null;

  const width = b.length + 1;
  const distance = new Uint32Array((a.length + 1) * width);
  for (let i = 0; i <= a.length; i++) distance[i * width] = i;
  for (let j = 0; j <= b.length; j++) distance[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = distance[(i - 1) * width + j - 1] + (a[i - 1].key === b[j - 1].key ? 0 : 1);
      distance[i * width + j] = Math.min(
        substitution,
        distance[(i - 1) * width + j] + 1,
        distance[i * width + j - 1] + 1,
      );
    }
  }
  const similarity = 1 - distance[a.length * width + b.length] / longer;
  if (similarity < atLeast) return null;

  // Walk back along one cheapest alignment, preferring substitutions, so 創造 ↔ 創出 marks 造 and 出.
  const markedA = a.map(() => false);
  const markedB = b.map(() => false);
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    const here = distance[i * width + j];
    if (i > 0 && j > 0 && a[i - 1].key === b[j - 1].key && here === distance[(i - 1) * width + j - 1]) {
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
  return { similarity, rangesInFirst: rangesOf(a, markedA), rangesInSecond: rangesOf(b, markedB) };
}
