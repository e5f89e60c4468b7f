import { linkExpiry } from './review-links';

describe("How long an expert's one-click link works", () => {
  it('until the end of the due date in Japan, plus the days of grace', () => {
    expect(linkExpiry('2026-12-25', 30).toISOString()).toBe('2027-01-24T15:00:00.000Z');
    expect(linkExpiry('2026-12-25', 1).toISOString()).toBe('2026-12-26T15:00:00.000Z');
  });
});
