import {
  adjacentFiscalYears,
  dateInputValue,
  parseDateInput,
  parseFiscalYearInput,
  parseYearMonthInput,
} from './era-input';

describe('parseFiscalYearInput', () => {
  it.each([
    ['2022', 2022],
    ['R4', 2022],
    ['令和4年度', 2022],
    ['H元', 1989],
    ['1989', 1989],
    ['2100', 2100],
  ])('%j → %j', (input, expected) => {
    expect(parseFiscalYearInput(input)).toBe(expected);
  });

  it.each(['1988', '2101', '2200', 'R83', 'H0', 'R4.3', ''])('refuses %j', (input) => {
    expect(parseFiscalYearInput(input)).toBeNull();
  });
});

describe('adjacentFiscalYears', () => {
  it('steps a year either way', () => {
    expect(adjacentFiscalYears(2024)).toEqual({ previous: 2023, next: 2025 });
  });

  it('offers no year before H元 nor after 2100', () => {
    expect(adjacentFiscalYears(1989)).toEqual({ previous: undefined, next: 1990 });
    expect(adjacentFiscalYears(2100)).toEqual({ previous: 2099, next: undefined });
  });
});

describe('parseYearMonthInput', () => {
  it.each([
    ['2024-03', '2024-03'],
    ['R5.3', '2023-03'],
    ['令和5年3月', '2023-03'],
    ['1989-01', '1989-01'],
    ['H元.1', '1989-01'],
    ['2100-12', '2100-12'],
    // The last month of fiscal 2100, the last fiscal year: a plan ending that year may target it.
    ['2101-03', '2101-03'],
    ['R83.3月', '2101-03'],
  ])('%j → %j', (input, expected) => {
    expect(parseYearMonthInput(input)).toBe(expected);
  });

  it.each(['1900-01', '0000-01', '1988-12', '2101-04', '2200-12', '2024-13', '2024-00', 'R83.4', '2024-03-01', ''])(
    'refuses %j',
    (input) => {
      expect(parseYearMonthInput(input)).toBeNull();
    },
  );
});

describe('parseDateInput', () => {
  it.each([
    ['2026-12-20', '2026-12-20'],
    ['令和8年12月20日', '2026-12-20'],
    ['R8.12.20', '2026-12-20'],
    ['R8/12/20', '2026-12-20'],
    ['Ｒ８．１２．２０', '2026-12-20'],
    ['2026年12月20日', '2026-12-20'],
    ['2024-02-29', '2024-02-29'],
    ['R元.5.1', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['H元.1.8', '1989-01-08'],
    ['1989-01-01', '1989-01-01'],
    ['2100-12-31', '2100-12-31'],
    ['2101-03-31', '2101-03-31'],
  ])('%j → %j', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });

  it.each([
    ['a week date', '2026-W51-1'],
    ['an ordinal date', '2026-350'],
    ['a compact date', '20261220'],
    ['a date-time', '2026-12-20T10:00:00Z'],
    ['a date and time', '2026-12-20 10:00'],
    ['a year-month', '2026-12'],
    ['a day that does not exist', '2025-02-29'],
    ['April 31st', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['year 0', '0000-01-01'],
    ['a date before H元', '1988-12-31'],
    ['a date after fiscal 2100', '2101-04-01'],
    ['mixed separators', '2026-12/20'],
    ['H元.1.7 (still 昭和)', 'H元.1.7'],
    ['R1.4.30 (still 平成)', 'R1.4.30'],
    ['H31.5.1 (already 令和)', 'H31.5.1'],
    ['R0', 'R0.1.1'],
    ['a day-first date', '20/12/2026'],
    ['nothing', ''],
  ])('refuses %s (%j)', (_case, input) => {
    expect(parseDateInput(input)).toBeNull();
  });
});

describe('dateInputValue', () => {
  it.each([
    ['2026-12-15', 'R8.12.15'],
    ['2019-05-01', 'R元.5.1'],
    ['2019-04-30', 'H31.4.30'],
    ['1989-01-08', 'H元.1.8'],
    ['1989-01-07', '1989-01-07'],
  ])('offers %j as %j, which reads back as the same day', (stored, offered) => {
    expect(dateInputValue(stored)).toBe(offered);
    expect(parseDateInput(offered)).toBe(stored);
  });
});
