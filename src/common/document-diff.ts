export interface FieldChange {
  /** JSON-pointer-like path, e.g. /budgetLines/2/actualAmount */
  path: string;
  before: unknown;
  after: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function flatten(value: Json | undefined, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${path}/${index}`, into));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      flatten(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
  else if (value !== undefined) into.set(path, value);
  return into;
}

/** Field-level differences between two versions of a document: every leaf that was added, removed or changed. */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const left = flatten(before as Json, '', new Map());
  const right = flatten(after as Json, '', new Map());
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .filter((path) => left.get(path) !== right.get(path))
    .map((path) => ({
      path,
      before: left.has(path) ? left.get(path) : null,
      after: right.has(path) ? right.get(path) : null,
    }));
}
