import { storedDisplayName } from './display-name';

describe('storedDisplayName: a name as typed, as it is stored', () => {
  it('folds the full widths an IME types and makes runs of spaces one', () => {
    expect(storedDisplayName('　山田　　太郎　')).toBe('山田 太郎');
    expect(storedDisplayName('ＴＡＮＡＫＡ Ｈａｎａｋｏ')).toBe('TANAKA Hanako');
    expect(storedDisplayName('ﾀﾅｶ')).toBe('タナカ');
  });

  it('leaves nothing of a name of spaces only', () => {
    expect(storedDisplayName(' 　 ')).toBe('');
  });
});
