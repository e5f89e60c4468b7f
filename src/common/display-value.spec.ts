import { displayValue } from './display-value';

describe('displayValue', () => {
  it('shows fiscal years and year-months in 和暦, numbers with separators, and nothing as (なし)', () => {
    expect(displayValue('/planEndFiscalYear', 2024)).toBe('R6年度');
    expect(displayValue('/kpis/0/targetYearMonth', '2024-03')).toBe('R6.3月');
    expect(displayValue('/kpis/0/target', 1200.5)).toBe('1,200.5');
    // A change in the fourth decimal reads as two values, not as 0.126 → 0.126.
    expect(displayValue('/kpiResults/0/latestValue', 0.1255)).toBe('0.1255');
    expect(displayValue('/policyArea', null)).toBe('(なし)');
    expect(displayValue('/overview', '')).toBe('(なし)');
    expect(displayValue('/isReference', true)).toBe('はい');
    expect(displayValue('/name', '青少年ICTパーク')).toBe('青少年ICTパーク');
  });
});
