import fc from 'fast-check';
import { decodeXstring, encodeXstring } from './xstring';

describe('the escapes of a workbook’s text (_xHHHH_)', () => {
  it('reads a character Excel escaped as that character, and an escaped underscore as the text typed', () => {
    expect(decodeXstring('一行目_x000B_二行目')).toBe('一行目\u000B二行目');
    expect(decodeXstring('_x005F_x000B_ と入力')).toBe('_x000B_ と入力');
    expect(decodeXstring('file_x_name_x12_')).toBe('file_x_name_x12_');
  });

  it('writes text that looks like an escape so that it is read back as typed', () => {
    expect(encodeXstring('_x000B_ と入力')).toBe('_x005F_x000B_ と入力');
    expect(encodeXstring('a_b_x_c')).toBe('a_b_x_c');
  });

  it('reads back exactly what it wrote, whatever the text', () => {
    const pieces = fc.constantFrom('_', 'x', 'X', '0', '4', '1', 'F', '5', 'b', '_x005F_', '_x000B_', '地');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(decodeXstring(encodeXstring(text))).toBe(text);
      }),
    );
  });
});
