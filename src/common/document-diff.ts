export interface FieldChange {
  /** JSON-pointer-like path, e.g. /budgetLines/2/actualAmount */
  path: string;
  before: unknown;
  after: unknown;
}

/** An object or array: what a path goes through. */
const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/** Any other value but undefined: what a path ends at. */
const isLeaf = (value: unknown): boolean => value !== undefined && !isNode(value);

/** The child of an object or array by key, its own only (a key such as "constructor" is no inherited member). */
const childOf = (node: unknown, key: string): unknown =>
  isNode(node) && Object.hasOwn(node, key) ? node[key] : undefined;

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
  if (isLeaf(value)) visit(value, other, path);
  else if (isNode(value))
    for (const key of Object.keys(value)) {
      path.push(key);
      eachLeaf(value[key], childOf(other, key), path, visit);
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
