import { alternateDueDate } from './review-alternates.service';

describe('the due date of an alternate asked in place of another expert', () => {
  it('is the replaced expert’s while that leaves a week or more', () => {
    expect(alternateDueDate('2026-12-25', '2026-12-01')).toBe('2026-12-25');
    expect(alternateDueDate('2026-12-08', '2026-12-01')).toBe('2026-12-08');
  });

  it('is a week from today when the replaced one is past or nearer, across a year end too', () => {
    expect(alternateDueDate('2026-12-02', '2026-12-01')).toBe('2026-12-08');
    expect(alternateDueDate('2026-11-20', '2026-12-01')).toBe('2026-12-08');
    expect(alternateDueDate('2026-12-20', '2026-12-28')).toBe('2027-01-04');
  });
});
