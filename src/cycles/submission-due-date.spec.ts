import { BadRequestException } from '@nestjs/common';
import { refusePassedSubmissionDueDate } from './submission-due-date';

// 09:00 on 1 April 2026 in Japan: fiscal year 2026 has just begun; 2025 is verified in it, 2024's verification is over.
const NOW = new Date('2026-04-01T00:00:00Z');

function refusalOf(fiscalYear: number, date: string, now = NOW): unknown {
  try {
    refusePassedSubmissionDueDate(fiscalYear, date, now);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('refusePassedSubmissionDueDate', () => {
  it.each([
    [2025, '2026-03-31'],
    [2026, '2026-03-31'],
    [2027, '2026-03-31'],
  ])('refuses for fiscal year %s a deadline gone by (%s), naming the field', (fiscalYear, date) => {
    const refusal = refusalOf(fiscalYear, date);
    expect(refusal).toBeInstanceOf(BadRequestException);
    expect((refusal as BadRequestException).getResponse()).toMatchObject({
      details: [{ path: '/submissionDueDate', message: 'submissionDueDate must be today or later' }],
    });
  });

  it.each([
    [2026, '2026-04-01', 'today'],
    [2026, '2026-05-31', 'a later day'],
    [2024, '2025-05-31', 'a past day, for a year whose verification year is over'],
  ])('accepts for fiscal year %s %s (%s)', (fiscalYear, date) => {
    expect(refusalOf(fiscalYear, date)).toBeUndefined();
  });

  it('takes a verification year to be over when it is over in Japan: at midnight on 1 April there, UTC still says 31 March', () => {
    expect(refusalOf(2024, '2026-03-30', new Date('2026-03-31T14:59:59Z'))).toBeInstanceOf(BadRequestException);
    expect(refusalOf(2024, '2026-03-30', new Date('2026-03-31T15:00:00Z'))).toBeUndefined();
  });
});
