/** Pieces of the repositories' list queries: text search and the order of the municipality's numbers. */

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A typed search as the list queries match it (keywordOf); none for a search of blanks alone. */
export interface Keyword {
  /** The words, each to be found somewhere. */
  words: string[];
  /** One ILIKE pattern a word, each finding its word anywhere, the word's own % _ \ taken as they are. */
  patterns: string[];
  /** The whole search read as a project number, for an exact match. */
  number: string;
}

/**
 * A typed search read under Unicode NFKC, as keywordCondition reads the searched text, so that what Japanese input
 * methods type (full-width ＩＣＴ and ０１２, half-width ｶﾀｶﾅ, the full-width space) finds the text written the other
 * way; then split at blanks into words that must all be found.
 */
export function keywordOf(text: string | undefined): Keyword | undefined {
  const words = (text ?? '').normalize('NFKC').split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  return { words, patterns: words.map((word) => `%${escapeLike(word)}%`), number: numberSearched(words.join(' ')) };
}

/**
 * A query builder condition, with its parameters: every word of the keyword in one of the texts (SQL expressions, each
 * read under NFKC, case aside), or — given the expression of a project number — the keyword that number. A `%word%`
 * match can use no B-tree index: the lists narrow by their organization's indexes first (at most about 1,100 reports).
 */
export function keywordCondition(
  keyword: Keyword,
  texts: string[],
  number?: string,
): [condition: string, parameters: Record<string, string>] {
  const parameters: Record<string, string> = {};
  const words = keyword.patterns.map((pattern, index) => {
    parameters[`keyword${index}`] = pattern;
    return `(${texts.map((text) => `normalize(${text}, NFKC) ILIKE :keyword${index}`).join(' OR ')})`;
  });
  const conditions = [words.join(' AND ')];
  if (number) {
    parameters.keywordNumber = keyword.number;
    conditions.push(`lower(normalize(${number}, NFKC)) = lower(:keywordNumber)`);
  }
  return [`(${conditions.join(' OR ')})`, parameters];
}

/**
 * keywordCondition's match for a list already read: every word in one of the texts (read under NFKC, case aside), or
 * the keyword the project number.
 */
export function keywordMatches(keyword: Keyword, texts: (string | null)[], number?: string | null): boolean {
  const fold = (text: string) => text.normalize('NFKC').toLowerCase();
  const searched = texts.map((text) => fold(text ?? ''));
  const words = keyword.words.map(fold);
  return (
    words.every((word) => searched.some((text) => text.includes(word))) ||
    (number != null && fold(number) === fold(keyword.number))
  );
}

/** A number as people type it in a search ("No.3", "no 3", "3"): the number itself. */
function numberSearched(text: string): string {
  return text.replace(/^no\.?\s*/i, '');
}

/** One ORDER BY term of a query builder: an expression of property paths, and its direction. */
export type OrderTerm = [expression: string, order: 'ASC' | 'DESC'];

/**
 * A project number (free text: "3", "12", "3-2") in the order people count: its leading digits as a number, then the
 * text — No.2 before No.10. `column` is a query builder property path, e.g. project.projectNumber.
 */
export function numberOrder(column: string): OrderTerm[] {
  return [
    [`substring(${column} from '^[0-9]+')::numeric`, 'ASC'],
    [column, 'ASC'],
  ];
}
