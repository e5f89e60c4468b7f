import { keywordCondition, keywordMatches, keywordOf } from './list-queries';

describe('Text search in the list queries', () => {
  const wordsOf = (typed: string) => keywordOf(typed)?.patterns;

  it('finds each word anywhere, taking LIKE wildcards in it literally', () => {
    expect(wordsOf('観光')).toEqual(['%観光%']);
    expect(wordsOf('100%_達成\\')).toEqual(['%100\\%\\_達成\\\\%']);
  });

  it('reads full-width letters and digits as the ASCII ones', () => {
    expect(wordsOf('ＩＣＴ')).toEqual(['%ICT%']);
    expect(wordsOf('ｅスポーツ')).toEqual(['%eスポーツ%']);
    expect(wordsOf('Ｓｏｃｉｅｔｙ５．０')).toEqual(['%Society5.0%']);
  });

  it('reads half-width katakana as full-width, voiced marks joined to their kana', () => {
    expect(wordsOf('ﾃﾞｻﾞｲﾝ')).toEqual(['%デザイン%']);
    expect(wordsOf('ﾌﾟﾛｼﾞｪｸﾄ')).toEqual(['%プロジェクト%']);
  });

  it('splits the search at half- and full-width spaces into words that must all be found', () => {
    expect(wordsOf('ものづくり デザイン')).toEqual(['%ものづくり%', '%デザイン%']);
    expect(wordsOf('　ものづくり　　デザイン　')).toEqual(['%ものづくり%', '%デザイン%']);
    expect(wordsOf('ＩＣＴ\tｅスポーツ')).toEqual(['%ICT%', '%eスポーツ%']);
  });

  it('filters nothing for an empty search or one of blanks alone', () => {
    expect(keywordOf(undefined)).toBeUndefined();
    expect(keywordOf('')).toBeUndefined();
    expect(keywordOf(' 　 ')).toBeUndefined();
  });

  it('reads a typed project number with or without its "No." prefix, in either width', () => {
    expect(keywordOf('No.12')?.number).toBe('12');
    expect(keywordOf('no 3')?.number).toBe('3');
    expect(keywordOf('Ｎｏ．５')?.number).toBe('5');
    expect(keywordOf('１２')?.number).toBe('12');
    expect(keywordOf('ノート')?.number).toBe('ノート');
  });

  it('asks every word in any of the texts, read under NFKC, or the whole search as the number', () => {
    const [condition, parameters] = keywordCondition(keywordOf('ICT 育成')!, ['project.name', 'project.overview'], 'n');
    expect(condition).toBe(
      '((normalize(project.name, NFKC) ILIKE :keyword0 OR normalize(project.overview, NFKC) ILIKE :keyword0)' +
        ' AND (normalize(project.name, NFKC) ILIKE :keyword1 OR normalize(project.overview, NFKC) ILIKE :keyword1)' +
        ' OR lower(normalize(n, NFKC)) = lower(:keywordNumber))',
    );
    expect(parameters).toEqual({ keyword0: '%ICT%', keyword1: '%育成%', keywordNumber: 'ICT 育成' });
    expect(keywordCondition(keywordOf('ICT')!, ['user.email'])).toEqual([
      '((normalize(user.email, NFKC) ILIKE :keyword0))',
      { keyword0: '%ICT%' },
    ]);
  });

  describe('on a list already read, as the query would', () => {
    const name = '青少年ICTパークプロジェクト';
    const matches = (typed: string, number: string | null = '12') => keywordMatches(keywordOf(typed)!, [name], number);

    it('finds every word, in either width and case, and nothing where one word is missing', () => {
      expect(matches('ＩＣＴ')).toBe(true);
      expect(matches('ict ﾊﾟｰｸ')).toBe(true);
      expect(matches('パーク　青少年')).toBe(true);
      expect(matches('ICT 観光')).toBe(false);
    });

    it('takes the wildcards of LIKE as the characters they are', () => {
      expect(matches('%')).toBe(false);
      expect(keywordMatches(keywordOf('100%')!, ['達成率100%'])).toBe(true);
    });

    it('finds the project by its number, whole, with or without "No."', () => {
      expect(matches('No.12')).toBe(true);
      expect(matches('１２')).toBe(true);
      expect(matches('1')).toBe(false);
      expect(matches('12', null)).toBe(false);
    });
  });
});
