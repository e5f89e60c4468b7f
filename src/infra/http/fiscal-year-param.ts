import { BadRequestException } from '@nestjs/common';
import { parseFiscalYearInput } from '../../common/era-input';

/** "2022", "R4", "令和4年度" in the path → 2022; anything else is a 400 naming the parameter. */
export function fiscalYearParam(value: string): number {
  const fiscalYear = parseFiscalYearInput(value);
  if (fiscalYear === null)
    throw new BadRequestException({
      message: `"${value}" is not a fiscal year.`,
      details: [{ path: '/fiscalYear', message: 'fiscalYear must be a fiscal year such as 2022 or R4' }],
    });
  return fiscalYear;
}
