import { actualOutsideSpan, isWithin, precedesPlan, yearlyActualSpan } from './yearly-actual-years';

describe('yearlyActualSpan: the years a report lists actuals for', () => {
  it('runs from the start of the plan period up to the report’s own year', () => {
    expect(yearlyActualSpan({ fiscalYear: 2024, planStartFiscalYear: 2023 })).toEqual({ first: 2023, last: 2024 });
  });

  it('runs up to its own year for a report past the plan’s end (the project went on)', () => {
    expect(yearlyActualSpan({ fiscalYear: 2026, planStartFiscalYear: 2023 })).toEqual({ first: 2023, last: 2026 });
  });

  it('is empty, holding no year, for a report whose year lies before the plan’s start (the plan moved on)', () => {
    const span = yearlyActualSpan({ fiscalYear: 2024, planStartFiscalYear: 2026 });
    expect(precedesPlan(span)).toBe(true);
    expect([2023, 2024, 2025, 2026].some((year) => isWithin(span, year))).toBe(false);
  });

  it('precedes no plan from the plan’s first year on', () => {
    expect(precedesPlan(yearlyActualSpan({ fiscalYear: 2026, planStartFiscalYear: 2026 }))).toBe(false);
    expect(precedesPlan(yearlyActualSpan({ fiscalYear: 2027, planStartFiscalYear: 2026 }))).toBe(false);
  });

  it('holds both of its ends', () => {
    const span = { first: 2023, last: 2025 };
    expect([2022, 2023, 2025, 2026].map((year) => isWithin(span, year))).toEqual([false, true, true, false]);
  });
});

describe('actualOutsideSpan: an actual the owner may not enter', () => {
  const span = { first: 2023, last: 2025 };

  it('passes actuals of the years in the span, the report’s own year included', () => {
    expect(
      actualOutsideSpan(
        [
          { fiscalYear: 2023, value: 1 },
          { fiscalYear: 2025, value: null },
        ],
        [],
        span,
      ),
    ).toBeNull();
  });

  it('finds a year long before the project and one after the report’s year, by row', () => {
    expect(actualOutsideSpan([{ fiscalYear: 2015, value: 1 }], [], span)).toEqual({ row: 0, fiscalYear: 2015 });
    expect(
      actualOutsideSpan(
        [
          { fiscalYear: 2024, value: 1 },
          { fiscalYear: 2026, value: 2 },
        ],
        [],
        span,
      ),
    ).toEqual({ row: 1, fiscalYear: 2026 });
  });

  it('keeps an actual outside the span that the report holds already and is sent back unchanged', () => {
    const stored = [
      { fiscalYear: 2019, value: 21 },
      { fiscalYear: 2020, value: null },
    ];
    expect(
      actualOutsideSpan(
        [{ fiscalYear: 2019, value: 21 }, { fiscalYear: 2020 }, { fiscalYear: 2023, value: 5 }],
        stored,
        span,
      ),
    ).toBeNull();
  });

  it('finds every actual entered for a report that precedes its plan, the report’s own year included', () => {
    const empty = yearlyActualSpan({ fiscalYear: 2024, planStartFiscalYear: 2026 });
    expect(actualOutsideSpan([{ fiscalYear: 2024, value: 1 }], [], empty)).toEqual({ row: 0, fiscalYear: 2024 });
  });

  it('refuses such an actual once its value is changed', () => {
    expect(actualOutsideSpan([{ fiscalYear: 2019, value: 22 }], [{ fiscalYear: 2019, value: 21 }], span)).toEqual({
      row: 0,
      fiscalYear: 2019,
    });
  });
});
