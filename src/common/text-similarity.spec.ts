import { comparable, compareTexts } from './text-similarity';

const compare = (first: string, second: string, atLeast?: number) =>
  compareTexts(comparable(first), comparable(second), atLeast);

const marked = (text: string, ranges: { start: number; end: number }[]) =>
  ranges.map(({ start, end }) => text.slice(start, end));

describe('compareTexts', () => {
  it('marks the one character two spellings of a project name differ in', () => {
    const stored = 'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト';
    const file = 'ものづくり企業のデザイン力向上による持続可能な都市創出プロジェクト';
    const result = compare(stored, file)!;
    expect(result.similarity).toBeCloseTo(1 - 1 / 33, 5);
    expect(marked(stored, result.rangesInFirst)).toEqual(['造']);
    expect(marked(file, result.rangesInSecond)).toEqual(['出']);
  });

  it('marks insertions and deletions in the text that has them, adjacent characters as one range', () => {
    const result = compare('旭川市デザイン都市創造プロジェクト', '旭川デザイン都市創造推進プロジェクト')!;
    expect(result.rangesInFirst).toEqual([{ start: 2, end: 3 }]);
    expect(marked('旭川デザイン都市創造推進プロジェクト', result.rangesInSecond)).toEqual(['推進']);
    expect(result.similarity).toBeCloseTo(1 - 3 / 18, 5);
  });

  it('ignores spacing and full/half width, and gives offsets in the texts as written', () => {
    expect(compare('ＩＣＴパーク プロジェクト', 'ICTパークプロジェクト')).toEqual({
      similarity: 1,
      rangesInFirst: [],
      rangesInSecond: [],
    });
    const result = compare('𠮷野 事業', '𠮷田 事業')!;
    expect(result.rangesInFirst).toEqual([{ start: 2, end: 3 }]);
    expect(marked('𠮷田 事業', result.rangesInSecond)).toEqual(['田']);
  });

  it('scores unrelated names low and equal ones 1; empty texts are equal', () => {
    expect(compare('青少年ICTパークプロジェクト', '旭川市デザイン都市創造プロジェクト')!.similarity).toBeLessThan(0.5);
    expect(compare('abc', 'abc')!.similarity).toBe(1);
    expect(compare('abc', 'xyz')!.similarity).toBe(0);
    expect(compare('', ' ')!.similarity).toBe(1);
    expect(compare('abc', '')!.similarity).toBe(0);
  });

  it('gives up early on texts that cannot reach the similarity asked for', () => {
    expect(compare('青少年ICTパークプロジェクト', '旭川市デザイン都市創造プロジェクト', 0.8)).toBeNull();
    expect(compare('abcd', 'abce', 0.8)).toBeNull();
    expect(compare('abcd', 'abce', 0.75)!.similarity).toBe(0.75);
    // Four characters added are four edits, whatever the texts share.
    expect(compare('abcd', 'abcdefgh', 0.6)).toBeNull();
    expect(compare('abcd', 'abcdefgh', 0.5)!.similarity).toBe(0.5);
  });

  it('compares a character that folds to several (㍻ → 平成) as one, the same one wherever it occurs', () => {
    expect(compare('㍻元年度', '㍻元年度')!.similarity).toBe(1);
    expect(compare('㍻元年度', '㍼元年度')!.similarity).toBe(0.75);
    expect(compare('㍻元年度', '平成元年度')!.similarity).toBe(0.6);
  });

  it('compares names of any length, as far apart as asked', () => {
    const long = 'あ'.repeat(100);
    expect(compare(`${long}い`, `${long}う`, 0.99)!.similarity).toBeCloseTo(1 - 1 / 101, 10);
    expect(compare(`${long}いい`, `${long}うう`, 0.99)).toBeNull();
    expect(compare(`い${long}`, long, 0.99)!.rangesInFirst).toEqual([{ start: 0, end: 1 }]);
  });
});
