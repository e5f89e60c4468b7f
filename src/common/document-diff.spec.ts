import fc from 'fast-check';
import { diffDocuments } from './document-diff';

/** A document's leaves by path: the definition the diff is held to. */
function leavesOf(value: unknown, path = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      leavesOf(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
  else if (value !== undefined) into.set(path, value);
  return into;
}

describe('diffDocuments', () => {
  it('lists changed, added and removed leaves by path', () => {
    const before = { name: 'A', budgetLines: [{ name: 'x', amount: 1 }], kpis: [{ unit: '件' }] };
    const after = {
      name: 'A',
      budgetLines: [
        { name: 'x', amount: 2 },
        { name: 'y', amount: 3 },
      ],
      kpis: [],
    };
    expect(diffDocuments(before, after)).toEqual([
      { path: '/budgetLines/0/amount', before: 1, after: 2 },
      { path: '/kpis/0/unit', before: '件', after: null },
      { path: '/budgetLines/1/name', before: null, after: 'y' },
      { path: '/budgetLines/1/amount', before: null, after: 3 },
    ]);
  });

  it('is empty for equal documents and escapes slashes in keys', () => {
    expect(diffDocuments({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(diffDocuments({ 'a/b': 1 }, { 'a/b': 2 })).toEqual([{ path: '/a~1b', before: 1, after: 2 }]);
  });

  it('treats a leaf that became an object as removed, and its new leaves as added', () => {
    expect(diffDocuments({ a: 1, constructor: 2 }, { a: { b: 2 } })).toEqual([
      { path: '/a', before: 1, after: null },
      { path: '/constructor', before: 2, after: null },
      { path: '/a/b', before: null, after: 2 },
    ]);
  });

  it('lists exactly the leaf paths whose values differ, those of before first, each in its document order', () => {
    // Few keys and values, so that two documents share most of their paths, as two versions of a report do.
    const document = fc.anything({
      key: fc.constantFrom('a', 'b', '0', '1', 'c/d', 'e~f', 'constructor'),
      values: [fc.constantFrom<unknown>(null, 0, 1, '', 'x', true, false)],
      maxDepth: 3,
    });
    fc.assert(
      fc.property(document, document, (before, after) => {
        const left = leavesOf(before);
        const right = leavesOf(after);
        const expected = [...new Set([...left.keys(), ...right.keys()])]
          .filter((path) => left.get(path) !== right.get(path))
          .map((path) => ({ path, before: left.get(path) ?? null, after: right.get(path) ?? null }));
        expect(diffDocuments(before, after)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
