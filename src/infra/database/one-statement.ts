import type { EntityManager } from 'typeorm';

/** A statement as pg sends it: its text with $1…$n, and the values bound to them. */
export type Statement = [text: string, values: unknown[]];

const PLACEHOLDER = /\$(\d+)/g;

/**
 * Several inserts as one statement: all but the last as data-modifying CTEs of the last, each one's placeholders
 * renumbered after the ones before it. PostgreSQL runs every part to completion in one snapshot, with each table's own
 * triggers, so independent inserts (none reading another's rows) write what they would have written one by one.
 */
export function oneStatement(statements: readonly Statement[]): Statement {
  if (statements.length === 0) throw new Error('No statement to write.');
  const values: unknown[] = [];
  const texts = statements.map(([text, own]) => {
    const offset = values.length;
    const placeholders = [...text.matchAll(PLACEHOLDER)].map(([, index]) => Number(index));
    // Renumbering rewrites every $n of the text: one that is not a placeholder of its values must not be in it.
    if (placeholders.some((index) => index < 1 || index > own.length) || new Set(placeholders).size !== own.length)
      throw new Error(`The statement's placeholders are not $1…$${own.length}: ${text}`);
    values.push(...own);
    return offset === 0 ? text : text.replace(PLACEHOLDER, (_, index: string) => `$${Number(index) + offset}`);
  });
  const last = texts.pop()!;
  if (texts.length === 0) return [last, values];
  return [`WITH ${texts.map((text, index) => `written_${index} AS (${text})`).join(', ')} ${last}`, values];
}

/**
 * Inside the caller's transaction, in one round trip: the inserts repositories built (none where there was nothing to
 * write). For the rows a change writes beside itself — its revision, audit entry and notification requests — that
 * nothing reads back before commit.
 */
export async function insertInOneStatement(
  manager: EntityManager,
  inserts: readonly (Statement | undefined)[],
): Promise<void> {
  const statements = inserts.filter((insert) => insert !== undefined);
  if (statements.length > 0) await manager.query(...oneStatement(statements));
}
