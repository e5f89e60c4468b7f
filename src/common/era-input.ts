import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import {
  type CalendarProblem,
  dateProblem,
  formatFiscalYear,
  formatYearMonth,
  parseDate,
  parseFiscalYear,
  parseYearMonth,
  yearMonthProblem,
} from './japanese-era';

export const MIN_FISCAL_YEAR = 1989;
export const MAX_FISCAL_YEAR = 2100;

/** 'YYYY-MM' ↔ {year, month}; the API stores and returns ISO year-months. */
export function toIsoYearMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * The one strict reading of a year-month: ISO 'YYYY-MM' or 和暦 (R5.3, 令和5年3月) between 1989-01 (H元) and
 * 2100-12, as 'YYYY-MM'; null otherwise. Outside that range no era label exists, so nothing else may be stored.
 */
export function parseYearMonthInput(input: string): string | null {
  const parsed = parseYearMonth(input);
  if (!parsed || parsed.year < MIN_FISCAL_YEAR || parsed.year > MAX_FISCAL_YEAR) return null;
  return toIsoYearMonth(parsed.year, parsed.month);
}

/**
 * The one strict reading of a date (a due date): ISO 'YYYY-MM-DD' or 和暦 (R8.12.20, 令和8年12月20日) from 1989-01-01 to
 * 2100-12-31, as 'YYYY-MM-DD'; null otherwise. Week dates (2026-W51-1), ordinal dates (2026-350), compact forms
 * (20261220) and date-times are refused rather than guessed at: due dates are stored and compared as these strings.
 */
export function parseDateInput(input: string): string | null {
  const parsed = parseDate(input);
  if (!parsed || parsed.year < MIN_FISCAL_YEAR || parsed.year > MAX_FISCAL_YEAR) return null;
  return `${toIsoYearMonth(parsed.year, parsed.month)}-${String(parsed.day).padStart(2, '0')}`;
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
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseYearMonthInput(value) ?? value) : value,
    ),
    IsOptional(),
    ValidateBy(
      {
        name: 'isYearMonth',
        validator: { validate: (value: unknown) => typeof value === 'string' && parseYearMonthInput(value) === value },
      },
      {
        message: ({ property, value }) =>
          calendarMessage(
            property,
            typeof value === 'string' ? yearMonthProblem(value) : null,
            `must be a year-month from 1989-01 (H元.1) to ${MAX_FISCAL_YEAR}-12, such as 2024-03 or R6.3月`,
          ),
      },
    ),
  );
}

/** Accepts a date as "2026-12-15", "R8.12.15" or "令和8年12月15日"; stores 'YYYY-MM-DD'. */
export function DateInput(options: { optional?: boolean; example?: string; description?: string } = {}) {
  return applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      type: String,
      format: 'date',
      example: options.example ?? '2026-12-15',
      description: `${options.description ?? 'Date'}; 和暦 such as "R8.12.15" is accepted.`,
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseDateInput(value) ?? value) : value,
    ),
    ...(options.optional ? [IsOptional()] : []),
    ValidateBy(
      {
        name: 'isDate',
        validator: { validate: (value: unknown) => typeof value === 'string' && parseDateInput(value) === value },
      },
      {
        message: ({ property, value }) =>
          calendarMessage(
            property,
            typeof value === 'string' ? dateProblem(value) : null,
            `must be a date from ${MIN_FISCAL_YEAR}-01-01 to ${MAX_FISCAL_YEAR}-12-31, such as 2026-12-15 or R8.12.15`,
          ),
      },
    ),
  );
}

/** Says which part of a typed year-month or date is wrong; the general form otherwise. */
function calendarMessage(property: string, problem: CalendarProblem | null, general: string): string {
  switch (problem) {
    case 'month':
      return `${property} has a month outside 1 to 12`;
    case 'day':
      return `${property} has a day that its month does not have`;
    case 'era-year':
      return `${property} has an era year that did not exist then (令和 began in May 2019 as R元; 平成 ended in April 2019 as H31)`;
    case 'range':
    case 'unreadable':
    case null:
      return `${property} ${general}`;
  }
}
