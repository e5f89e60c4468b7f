/** Pieces of the repositories' list queries: text search and the order of the municipality's numbers. */

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** An ILIKE pattern that finds the text anywhere, its own % _ \ taken as they are. */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A number as people type it in a search ("No.3", "no 3", "3"): the number itself, for an exact match. */
export function numberSearched(text: string): string {
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
