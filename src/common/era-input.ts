import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { formatFiscalYear, formatYearMonth, parseFiscalYear, parseYearMonth } from './japanese-era';

export const MIN_FISCAL_YEAR = 1989;
export const MAX_FISCAL_YEAR = 2100;

/** 'YYYY-MM' ↔ {year, month}; the API stores and returns ISO year-months. */
export function toIsoYearMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function yearMonthLabel(isoYearMonth: string | null): string | null {
  if (!isoYearMonth) return null;
  const [year, month] = isoYearMonth.split('-').map(Number);
  return formatYearMonth({ year, month });
}

export function fiscalYearLabel(fiscalYear: number): string {
  return formatFiscalYear(fiscalYear);
}

/** Accepts a fiscal year as 2022, "2022", "R4", "令和4年度" or "R元"; stores the western year. */
export function FiscalYearInput(options: { optional?: boolean; description?: string } = {}) {
  return applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      type: Number,
      example: 2022,
      description: options.description ?? 'Western fiscal year; 和暦 such as "R4" is accepted.',
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseFiscalYear(value) ?? value) : value,
    ),
    ...(options.optional ? [IsOptional()] : []),
    IsInt({ message: ({ property }) => `${property} must be a fiscal year such as 2022 or R4` }),
    Min(MIN_FISCAL_YEAR, { message: ({ property }) => `${property} must be ${MIN_FISCAL_YEAR} (H元) or later` }),
    Max(MAX_FISCAL_YEAR, { message: ({ property }) => `${property} must be ${MAX_FISCAL_YEAR} or earlier` }),
  );
}

/** Accepts a year-month as "2024-03", "R6.3月", "R6.3" or "令和6年3月"; stores 'YYYY-MM'. Null clears it. */
export function YearMonthInput(options: { description?: string } = {}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      example: '2024-03',
      description: options.description ?? 'Year-month; 和暦 such as "R6.3月" is accepted.',
    }),
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const parsed = parseYearMonth(value);
      return parsed ? toIsoYearMonth(parsed.year, parsed.month) : value;
    }),
    IsOptional(),
    Matches(/^\d{4}-(0[1-9]|1[0-2])$/, {
      message: ({ property }) => `${property} must be a year-month such as 2024-03 or R6.3月`,
    }),
  );
}
