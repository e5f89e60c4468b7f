import fc from 'fast-check';
import {
  ERAS,
  type CalendarDate,
  type EraStyle,
  type YearMonth,
  eraAt,
  fiscalYearOf,
  formatFiscalYear,
  formatYearMonth,
  parseDate,
  parseFiscalYear,
  parseYearMonth,
  dateProblem,
  yearMonthProblem,
} from './japanese-era';

const STYLES: EraStyle[] = ['short', 'long', 'western'];

describe('ERAS', () => {
  it('lists Heisei then Reiwa with their first days', () => {
    expect(ERAS.map((e) => [e.code, e.name, e.start.year, e.start.month, e.firstDay])).toEqual([
      ['H', '平成', 1989, 1, 8],
      ['R', '令和', 2019, 5, 1],
    ]);
  });

  it.each([
    [{ year: 1988, month: 12 }, undefined],
    [{ year: 1989, month: 1 }, 'H'],
    [{ year: 2019, month: 4 }, 'H'],
    [{ year: 2019, month: 5 }, 'R'],
  ])('eraAt(%o) is %s', (ym, code) => {
    expect(eraAt(ym)?.code).toBe(code);
  });
});

describe('parseFiscalYear', () => {
  it.each([
    ['R4', 2022],
    ['R元', 2019],
    ['R1', 2019],
    ['令和4年度', 2022],
    ['令和元年度', 2019],
    ['R4年度', 2022],
    ['R元年度', 2019],
    ['H30', 2018],
    ['H30年度', 2018],
    ['平成30年度', 2018],
    ['H1', 1989],
    ['H31', 2019],
    ['R99', 2117],
    ['2022', 2022],
    ['2022年度', 2022],
    ['Ｒ４', 2022],
    ['令和４年度', 2022],
    ['２０２２年度', 2022],
    ['  R4 ', 2022],
    ['R 4 年度', 2022],
    ['\u3000令和4年度\u3000', 2022],
    ['r4', 2022],
  ])('%j → %d', (input, expected) => {
    expect(parseFiscalYear(input)).toBe(expected);
  });

  it.each(['R0', 'R100', 'X4', 'H32', 'H0', '', '   ', 'abc', '1988', '2201', 'R', '令和', 'R4年度度', 'R4.5'])(
    'rejects %j',
    (input) => {
      expect(parseFiscalYear(input)).toBeNull();
    },
  );
});

describe('parseYearMonth', () => {
  it.each<[string, YearMonth]>([
    ['R6.3月', { year: 2024, month: 3 }],
    ['R6.3', { year: 2024, month: 3 }],
    ['R5.3', { year: 2023, month: 3 }],
    ['R5.3.', { year: 2023, month: 3 }],
    ['R5.3月', { year: 2023, month: 3 }],
    ['R5.6月', { year: 2023, month: 6 }],
    ['R7.3', { year: 2025, month: 3 }],
    ['令和5年6月', { year: 2023, month: 6 }],
    ['令和元年5月', { year: 2019, month: 5 }],
    ['R元.5月', { year: 2019, month: 5 }],
    ['R1.12', { year: 2019, month: 12 }],
    ['2023.3', { year: 2023, month: 3 }],
    ['2023-03', { year: 2023, month: 3 }],
    ['2023年3月', { year: 2023, month: 3 }],
    ['H31.4', { year: 2019, month: 4 }],
    ['H31.1', { year: 2019, month: 1 }],
    ['平成30年12月', { year: 2018, month: 12 }],
    ['H1.1', { year: 1989, month: 1 }],
    ['Ｒ６．３月', { year: 2024, month: 3 }],
    ['令和５年６月', { year: 2023, month: 6 }],
    [' R6 . 3 月 ', { year: 2024, month: 3 }],
  ])('%j → %o', (input, expected) => {
    expect(parseYearMonth(input)).toEqual(expected);
  });

  it.each([
    'R0.1',
    'R100.1',
    'X4.1',
    'R4.13',
    'R4.0',
    'R1.4',
    'R元.4月',
    'H31.5',
    'H32.1',
    'H32',
    'R4',
    '',
    'abc',
    '1988.12',
    '2023-13',
  ])('rejects %j', (input) => {
    expect(parseYearMonth(input)).toBeNull();
  });
});

describe('parseDate', () => {
  it.each<[string, CalendarDate]>([
    ['R8.12.20', { year: 2026, month: 12, day: 20 }],
    ['令和8年12月20日', { year: 2026, month: 12, day: 20 }],
    ['R8年12月20日', { year: 2026, month: 12, day: 20 }],
    ['R8-12-20', { year: 2026, month: 12, day: 20 }],
    ['R8/12/20', { year: 2026, month: 12, day: 20 }],
    ['令和元年5月1日', { year: 2019, month: 5, day: 1 }],
    ['H31.4.30', { year: 2019, month: 4, day: 30 }],
    ['平成元年1月8日', { year: 1989, month: 1, day: 8 }],
    ['2026-12-20', { year: 2026, month: 12, day: 20 }],
    ['2026/1/5', { year: 2026, month: 1, day: 5 }],
    ['2026年12月20日', { year: 2026, month: 12, day: 20 }],
    ['２０２６－１２－２０', { year: 2026, month: 12, day: 20 }],
    [' 令和８年 １２月 ２０日 ', { year: 2026, month: 12, day: 20 }],
  ])('%j → %o', (input, expected) => {
    expect(parseDate(input)).toEqual(expected);
  });

  it.each([
    '2026-W51-1',
    '2026-350',
    '20261220',
    '2026-12-20T10:00:00Z',
    '2026-12-20T10:00',
    '2026-12',
    'R8.12',
    '2026-12/20',
    'R8.12.20.',
    '2025-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-12-00',
    'H元.1.7',
    'R1.4.30',
    'H31.5.1',
    'R0.1.1',
    'R100.1.1',
    '1988-12-31',
    '令和8年12月20',
    '20/12/2026',
    '',
  ])('rejects %j', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('yearMonthProblem and dateProblem', () => {
  it.each([
    ['R5.3', null],
    ['Ｒ５．３', null],
    ['令和元年5月', null],
    ['R5.13', 'month'],
    ['2023-00', 'month'],
    ['R元.4', 'era-year'],
    ['H32.1', 'era-year'],
    ['R120.1', 'era-year'],
    ['1900-01', 'range'],
    ['R5年三月', 'unreadable'],
    ['soon', 'unreadable'],
  ])('year-month %j → %s', (input, problem) => {
    expect(yearMonthProblem(input)).toBe(problem);
  });

  it.each([
    ['R8.12.20', null],
    ['令和8年2月30日', 'day'],
    ['2026-02-29', 'day'],
    ['R8.13.1', 'month'],
    ['H元.1.7', 'era-year'],
    ['H40.1.1', 'era-year'],
    ['1900-01-01', 'range'],
    ['2026-W51-1', 'unreadable'],
  ])('date %j → %s', (input, problem) => {
    expect(dateProblem(input)).toBe(problem);
  });

  it('finds a problem exactly when the parser refuses', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        expect(yearMonthProblem(input) === null).toBe(parseYearMonth(input) !== null);
        expect(dateProblem(input) === null).toBe(parseDate(input) !== null);
      }),
    );
  });
});

describe('fiscalYearOf', () => {
  it.each([
    [{ year: 2023, month: 3 }, 2022],
    [{ year: 2023, month: 4 }, 2023],
    [{ year: 2023, month: 1 }, 2022],
    [{ year: 2023, month: 12 }, 2023],
  ])('%o → %d', (ym, expected) => {
    expect(fiscalYearOf(ym)).toBe(expected);
  });
});

describe('formatFiscalYear', () => {
  it.each<[number, EraStyle, string]>([
    [2022, 'short', 'R4年度'],
    [2022, 'long', '令和4年度'],
    [2022, 'western', '2022年度'],
    [2019, 'short', 'R元年度'],
    [2019, 'long', '令和元年度'],
    [2018, 'short', 'H30年度'],
    [2018, 'long', '平成30年度'],
    [1989, 'short', 'H元年度'],
  ])('%d %s → %s', (year, style, expected) => {
    expect(formatFiscalYear(year, style)).toBe(expected);
  });

  it('defaults to short', () => {
    expect(formatFiscalYear(2022)).toBe('R4年度');
  });

  it('throws for years before the first era', () => {
    expect(() => formatFiscalYear(1988)).toThrow(RangeError);
  });
});

describe('formatYearMonth', () => {
  it.each<[YearMonth, EraStyle, string]>([
    [{ year: 2024, month: 3 }, 'short', 'R6.3月'],
    [{ year: 2024, month: 3 }, 'long', '令和6年3月'],
    [{ year: 2024, month: 3 }, 'western', '2024年3月'],
    [{ year: 2023, month: 6 }, 'short', 'R5.6月'],
    [{ year: 2019, month: 4 }, 'short', 'H31.4月'],
    [{ year: 2019, month: 4 }, 'long', '平成31年4月'],
    [{ year: 2019, month: 5 }, 'short', 'R元.5月'],
    [{ year: 2019, month: 5 }, 'long', '令和元年5月'],
  ])('%o %s → %s', (ym, style, expected) => {
    expect(formatYearMonth(ym, style)).toBe(expected);
  });

  it('defaults to short', () => {
    expect(formatYearMonth({ year: 2024, month: 3 })).toBe('R6.3月');
  });

  it('throws for months before the first era', () => {
    expect(() => formatYearMonth({ year: 1988, month: 12 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const style = fc.constantFrom(...STYLES);
  const yearMonth = fc.record({ year: fc.integer({ min: 1989, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) });
  const toIndex = (ym: YearMonth) => ym.year * 12 + ym.month;

  it('every fiscal year 1989..2100 round-trips in every style', () => {
    for (let y = 1989; y <= 2100; y++) {
      for (const s of STYLES) expect(parseFiscalYear(formatFiscalYear(y, s))).toBe(y);
    }
  });

  it('every year-month 1989-01..2100-12 round-trips in every style', () => {
    for (let year = 1989; year <= 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const s of STYLES) expect(parseYearMonth(formatYearMonth({ year, month }, s))).toEqual({ year, month });
      }
    }
  });

  it('fiscal year round-trips (random)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1989, max: 2100 }), style, (y, s) => parseFiscalYear(formatFiscalYear(y, s)) === y),
    );
  });

  it('year-month round-trips (random)', () => {
    fc.assert(
      fc.property(yearMonth, style, (ym, s) => {
        expect(parseYearMonth(formatYearMonth(ym, s))).toEqual(ym);
      }),
    );
  });

  it('fiscalYearOf is year-1 or year', () => {
    fc.assert(
      fc.property(yearMonth, (ym) => {
        const fy = fiscalYearOf(ym);
        return fy === ym.year || fy === ym.year - 1;
      }),
    );
  });

  it('fiscalYearOf is monotonic', () => {
    fc.assert(
      fc.property(yearMonth, yearMonth, (a, b) => {
        const [lo, hi] = toIndex(a) <= toIndex(b) ? [a, b] : [b, a];
        return fiscalYearOf(lo) <= fiscalYearOf(hi);
      }),
    );
  });

  it('parsers never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseFiscalYear(s);
        parseYearMonth(s);
      }),
    );
  });
});
