import { isCalendarDate } from './dates';

describe('isCalendarDate', () => {
  it.each(['2026-12-20', '2024-02-29', '1989-01-01', '2100-12-31'])('accepts %j', (input) => {
    expect(isCalendarDate(input)).toBe(true);
  });

  it.each([
    '2026-W51-1',
    '2026-12',
    '2026-350',
    '20261220',
    '2026-12-20T10:00:00Z',
    '2025-02-29',
    '2026-04-31',
    '2026-13-01',
    '0000-01-01',
    '1988-12-31',
    '2101-01-01',
    ' 2026-12-20',
    20261220,
    null,
  ])('refuses %j', (input) => {
    expect(isCalendarDate(input)).toBe(false);
  });
});
