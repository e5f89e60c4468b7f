import { contentChecksum } from './content-checksum';

describe('contentChecksum', () => {
  it('is the same for the same content', () => {
    expect(contentChecksum([['a', 1, null]])).toBe(contentChecksum([['a', 1, null]]));
  });

  it('differs when anything read differs, order included', () => {
    expect(contentChecksum([['a'], ['b']])).not.toBe(contentChecksum([['b'], ['a']]));
    expect(contentChecksum({ name: '企画課' })).not.toBe(contentChecksum({ name: '企画政策課' }));
  });
});
