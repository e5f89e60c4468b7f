import { containing, numberSearched } from './list-queries';

describe('Text search in the list queries', () => {
  it('finds the text anywhere, taking LIKE wildcards in it literally', () => {
    expect(containing('観光')).toBe('%観光%');
    expect(containing('100%_達成\\')).toBe('%100\\%\\_達成\\\\%');
  });

  it('reads a typed project number with or without its "No." prefix', () => {
    expect(numberSearched('No.12')).toBe('12');
    expect(numberSearched('no 3')).toBe('3');
    expect(numberSearched('12')).toBe('12');
    expect(numberSearched('ノート')).toBe('ノート');
  });
});
