import { diffDocuments } from './document-diff';

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
});
