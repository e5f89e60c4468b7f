import { BadRequestException } from '@nestjs/common';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../../common/era-input';
import { parseFiscalYear } from '../../common/japanese-era';

/** "2022", "R4", "令和4年度" in the path → 2022; anything else is a 400 naming the parameter. */
export function fiscalYearParam(value: string): number {
  const fiscalYear = parseFiscalYear(value);
  if (fiscalYear === null || fiscalYear < MIN_FISCAL_YEAR || fiscalYear > MAX_FISCAL_YEAR)
    throw new BadRequestException({
      message: `"${value}" is not a fiscal year.`,
      details: [{ path: '/fiscalYear', message: 'fiscalYear must be a fiscal year such as 2022 or R4' }],
    });
  return fiscalYear;
}
