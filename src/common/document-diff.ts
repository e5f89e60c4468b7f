export interface FieldChange {
  /** JSON-pointer-like path, e.g. /budgetLines/2/actualAmount */
  path: string;
  before: unknown;
  after: unknown;
}

/** A value that is not an object or array: what a path ends at. */
const isLeaf = (value: unknown): boolean => value !== undefined && (value === null || typeof value !== 'object');

/** The child of an object or array by key, its own only (a key such as "constructor" is no inherited member). */
function childOf(node: unknown, key: string): unknown {
  return node !== null && typeof node === 'object' && Object.hasOwn(node, key)
    ? (node as Record<string, unknown>)[key]
    : undefined;
}

const pointer = (path: readonly string[]) =>
  path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * Visits every leaf of `value` in document order with what `other` holds at the same path. The two are walked side
 * by side, so no path is written out unless the visitor asks for it: a change diffs whole reports that mostly agree.
 */
function eachLeaf(
  value: unknown,
  other: unknown,
  path: string[],
  visit: (leaf: unknown, otherAtPath: unknown, path: readonly string[]) => void,
): void {
  if (value === null || typeof value !== 'object') {
    if (value !== undefined) visit(value, other, path);
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    eachLeaf((value as Record<string, unknown>)[key], childOf(other, key), path, visit);
    path.pop();
  }
}

/**
 * Field-level differences between two versions of a document: every leaf that was changed or removed, in the order of
 * `before`, then every leaf that was added, in the order of `after`.
 */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  eachLeaf(before, after, [], (leaf, now, path) => {
    if (!isLeaf(now) || now !== leaf)
      changes.push({ path: pointer(path), before: leaf, after: isLeaf(now) ? now : null });
  });
  eachLeaf(after, before, [], (leaf, was, path) => {
    if (!isLeaf(was)) changes.push({ path: pointer(path), before: null, after: leaf });
  });
  return changes;
}
