import { keptText } from './kept-text';
import { viewSources } from './view-sources';

/** Every textarea of the pages, by its template and the field its pointer ends in (a variable's as it is set). */
const textareas = viewSources().flatMap(({ name, text }) =>
  [...text.matchAll(/f\.textarea\(\s*[\w.]+\s*,\s*(.+?)\s*,\s*'[^\x20-\x7e]/g)].map((call) => {
    const pointer = /^\w+$/.test(call[1])
      ? (new RegExp(`set ${call[1]} = (.+?) %}`).exec(text)?.[1] ?? call[1])
      : call[1];
    return { name, field: /'(?:[^']*\/)?(\w+)'\)?$/.exec(pointer)?.[1] ?? pointer };
  }),
);

describe('the text a refused form keeps for its user to copy', () => {
  it('is what they wrote, named as the form names it, blank fields left out', () => {
    expect(
      keptText({
        '/opinion': '目標を上回った。\n<b>継続</b>が妥当。',
        '/rating': 'effective',
        '/answers/0b4a5c1e-8d5e-4f7a-9c55-2f8a2b1c3d4e/body': '③に記載のとおりです。',
        '/budgetLines/1/summary': '販路開拓',
        '/comment': '  ',
      }),
    ).toEqual([
      { pointer: '/opinion', label: '意見', text: '目標を上回った。\n<b>継続</b>が妥当。' },
      { pointer: '/answers/0b4a5c1e-8d5e-4f7a-9c55-2f8a2b1c3d4e/body', label: '本文', text: '③に記載のとおりです。' },
      { pointer: '/budgetLines/1/summary', label: '④2行目の概要', text: '販路開拓' },
    ]);
  });

  it('never holds a password, a token, a hidden field or anything not named as a field', () => {
    expect(
      keptText({
        '/password': 'secret passphrase',
        '/newPassword': 'another passphrase',
        _csrf: 'token',
        _submission: 'id',
        token: 'link secret',
        next: '/o/x',
        '/version': '3',
        '/checksum': 'abc',
        '/email': 'owner@example.jp',
      }),
    ).toEqual([]);
    expect(keptText(undefined)).toEqual([]);
  });

  it('keeps a radio it is given the options of, shown by the option’s label and carried by its key', () => {
    const levels = { '/effectLevel': { b7: '効果あり', not_effective: '地方創生に効果がなかった' } };
    expect(
      keptText({ '/effectLevel': 'b7', '/effectNarrative': '説明。', '/rating': 'effective' }, {}, '', levels),
    ).toEqual([
      { pointer: '/effectLevel', label: '⑥事業効果', key: 'b7', text: '効果あり' },
      { pointer: '/effectNarrative', label: '⑥事業効果の説明', text: '説明。' },
    ]);
    expect(keptText({ '/effectLevel': 'toString' }, {}, '', levels)).toEqual([]);
    expect(keptText({ '/effectLevel': 'b7' })).toEqual([]);
  });

  it('covers every textarea of the pages', () => {
    expect(textareas.length).toBeGreaterThan(20);
    expect(textareas.filter(({ field }) => keptText({ [`/${field}`]: 'written' }).length === 0)).toEqual([]);
  });
});
