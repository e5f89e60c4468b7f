import { BadRequestException } from '@nestjs/common';
import { fiscalYearInJapan, todayInJapan } from '../common/dates';

/**
 * A deadline gone by makes every draft overdue at once. A year is verified in the year after it, so only a year whose
 * verification year is over too is recorded after the fact, past dates and all.
 */
export function refusePassedSubmissionDueDate(fiscalYear: number, submissionDueDate: string, now = new Date()): void {
  if (fiscalYear + 1 < fiscalYearInJapan(now) || submissionDueDate >= todayInJapan(now)) return;
  throw new BadRequestException({
    message: `The submission deadline ${submissionDueDate} has already passed: give today or a later date (only a fiscal year whose verification year is over keeps past dates).`,
    details: [{ path: '/submissionDueDate', message: 'submissionDueDate must be today or later' }],
  });
}
