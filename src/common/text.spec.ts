import { cutToLength } from './text';

describe('cutToLength', () => {
  it('keeps text that fits as it is', () => {
    expect(cutToLength('旭川市 🌸 まつり', 20)).toBe('旭川市 🌸 まつり');
  });

  it('leaves out an emoji that would be cut in half, instead of keeping a lone surrogate', () => {
    expect(cutToLength('あいう🌸', 4)).toBe('あいう');
    expect(cutToLength('あいう🌸', 5)).toBe('あいう🌸');
  });

  it('keeps a letter with its combining mark and a family emoji whole', () => {
    expect(cutToLength('か\u3099き', 1)).toBe('');
    expect(cutToLength('か\u3099き', 2)).toBe('か\u3099');
    expect(cutToLength('家族👨‍👩‍👧です', 4)).toBe('家族');
  });
});
