import { cutToLength, foldedName, writableText } from './text';

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

describe('foldedName', () => {
  it('reads the IME’s full-width digits, letters and spaces as a reader does', () => {
    expect(foldedName('産業港湾部\u3000産業振興課')).toBe('産業港湾部 産業振興課');
    expect(foldedName('１２')).toBe('12');
    expect(foldedName('ＤＸ推進室')).toBe('DX推進室');
  });

  it('makes runs of spaces one and trims the ends', () => {
    expect(foldedName('  経済部   観光課\t')).toBe('経済部 観光課');
  });
});

describe('writableText', () => {
  it('leaves out what a workbook cannot carry, as its writer does, and keeps tabs and line breaks', () => {
    expect(writableText('意見\bです\u000B\u007F\uFFFE\uFFFF\u0000')).toBe('意見です');
    expect(writableText('一行目\r\n\t二行目 😀')).toBe('一行目\r\n\t二行目 😀');
  });
});
