import fc from 'fast-check';
import {
  decimalPlaces,
  isNumberWithBracket,
  isNumberWithUnit,
  MAX_PAGE,
  pageParameterOf,
  parseNumberText,
  plainDecimal,
  scaledDecimals,
} from './number-input';

describe('pageParameterOf', () => {
  it.each([
    ['', 1],
    ['3', 3],
    ['0', 1],
    ['-2', 1],
    ['abc', 1],
    ['10001', MAX_PAGE],
    ['99999999999999999999', MAX_PAGE],
  ])('%j → %d', (parameter, page) => {
    expect(pageParameterOf(parameter)).toBe(page);
  });
});

describe('parseNumberText', () => {
  it.each([
    ['11500', 11500],
    ['11,500', 11500],
    ['１１，５００', 11500],
    ['１２', 12],
    ['５１．９', 51.9],
    [' 1 234 ', 1234],
    ['-3', -3],
    ['－３', -3],
    ['▲4,524', -4524],
    ['△12', -12],
    ['−7', -7],
  ])('reads %j as %d', (text, number) => {
    expect(parseNumberText(text)).toBe(number);
  });

  it.each(['', '1,2345', '12,34', '1.2.3', '12件', 'abc', '1e3', '0x10', 'Infinity', '--1'])('refuses %j', (text) => {
    expect(parseNumberText(text)).toBeNull();
  });

  it('reads every number written with thousands separators, in ASCII or full width', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (number, fullWidth) => {
        const grouped = number.toLocaleString('en-US');
        const typed = fullWidth ? toFullWidth(grouped) : grouped;
        expect(parseNumberText(typed)).toBe(number);
      }),
    );
  });

  it('reads every decimal as JavaScript writes it', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), (number) => {
        fc.pre(!String(number).includes('e'));
        expect(parseNumberText(String(number))).toBe(number === 0 ? 0 : number);
      }),
    );
  });
});

/** What the IME types: U+FF01..U+FF5E for ASCII 0x21..0x7E. */
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));
}

describe('isNumberWithUnit', () => {
  it.each(['120件', '120 件', '１２０件', '18,500千円', '12.5%', '12.5％', '▲3人', '120件です'])(
    'sees the number and the unit in %j',
    (text) => expect(isNumberWithUnit(text)).toBe(true),
  );

  it.each(['120', '18,500', '', '件', 'abc', '約120件', '1,20件', 'R5', '1e3', '12-3'])(
    'sees no number with a unit in %j',
    (text) => expect(isNumberWithUnit(text)).toBe(false),
  );
});

describe('isNumberWithBracket', () => {
  it.each(['9,048 (4,524)', '５，１９８（２，５９９）', '124 (R5.6月)', '124(R5.6)', '-3 (参考値)'])(
    'sees a number with a bracketed value in %j',
    (text) => expect(isNumberWithBracket(text)).toBe(true),
  );

  it.each(['9,048', '(4,524)', '約9,048 (4,524)', '9,048 (4,524) 千円', 'R5 (6月)', '1,20 (3)'])(
    'sees none in %j',
    (text) => expect(isNumberWithBracket(text)).toBe(false),
  );
});

/** Doubles as a KPI value may be, but -0, which is written "0" and reads back as 0. */
const finiteDoubles = fc.double({ noNaN: true, min: -1e20, max: 1e20 }).filter((value) => !Object.is(value, -0));

describe('decimalPlaces', () => {
  it.each([
    [32, 0],
    [0.1255, 4],
    [-51.9, 1],
    [1e-7, 7],
    [1.5e-7, 8],
    [1e21, 0],
    [0.1 + 0.2, 17],
  ])('counts the decimals of %p as %p', (value, places) => expect(decimalPlaces(value)).toBe(places));

  it('counts the fewest decimals that write the number back exactly', () => {
    fc.assert(
      fc.property(finiteDoubles, (value) => {
        const places = decimalPlaces(value);
        fc.pre(places <= 100);
        expect(Number(value.toFixed(places))).toBe(value);
        if (places > 0) expect(Number(value.toFixed(places - 1))).not.toBe(value);
      }),
    );
  });
});

describe('plainDecimal', () => {
  it.each([
    [1e-7, '0.0000001'],
    [-1.5e-7, '-0.00000015'],
    [0.1255, '0.1255'],
    [18500, '18500'],
    [1e15, '1000000000000000'],
  ])('writes %p as %p', (value, text) => expect(plainDecimal(value)).toBe(text));

  it('writes every number within ±1e20 so that parseNumberText reads it back exactly', () => {
    fc.assert(
      fc.property(finiteDoubles, (value) => {
        fc.pre(decimalPlaces(value) <= 100);
        expect(parseNumberText(plainDecimal(value))).toBe(value);
      }),
    );
  });
});

describe('scaledDecimals', () => {
  it.each([
    [[1.1, 1.5, 1.301], 3, [1100n, 1500n, 1301n]],
    [[-0.5, 2], 1, [-5n, 20n]],
    [[1e-7, 0], 7, [1n, 0n]],
    [[1e21], 0, [10n ** 21n]],
  ])('writes %p as whole numbers at scale %p: %p', (values, scale, scaled) =>
    expect(scaledDecimals(values)).toEqual({ scale, scaled }),
  );

  it('keeps every number exactly as written', () => {
    fc.assert(
      fc.property(finiteDoubles, finiteDoubles, (first, second) => {
        fc.pre(decimalPlaces(first) <= 100 && decimalPlaces(second) <= 100);
        const { scale, scaled } = scaledDecimals([first, second]);
        expect(scaled.map((value) => Number(`${value}e-${scale}`))).toEqual([first, second]);
      }),
    );
  });
});
