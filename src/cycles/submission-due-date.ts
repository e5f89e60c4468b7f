import { BadRequestException } from '@nestjs/common';
import { fiscalYearInJapan, todayInJapan } from '../common/dates';

/** A deadline gone by makes every draft overdue at once; a year already over is recorded after the fact, past dates and all. */
export function refusePassedSubmissionDueDate(fiscalYear: number, submissionDueDate: string, now = new Date()): void {
  if (fiscalYear < fiscalYearInJapan(now) || submissionDueDate >= todayInJapan(now)) return;
  throw new BadRequestException({
    message: `The submission deadline ${submissionDueDate} has already passed: give today or a later date (only a fiscal year already over keeps past dates).`,
    details: [{ path: '/submissionDueDate', message: 'submissionDueDate must be today or later' }],
  });
}
