import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  buildMessage,
  IsBoolean,
  IsDate,
  IsEmail,
  IsInt,
  isEmail,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { addDays, instantInJapan, thisMonthInJapan } from './dates';
import {
  LAST_DATE,
  LAST_YEAR_MONTH,
  MAX_FISCAL_YEAR,
  MIN_FISCAL_YEAR,
  parseDateInput,
  parseYearMonthInput,
} from './era-input';
import { type CalendarProblem, dateProblem, parseFiscalYear, yearMonthProblem } from './japanese-era';
import {
  decimalPlaces,
  isNumberWithBracket,
  isNumberWithUnit,
  KPI_VALUE_LIMIT,
  MAX_DECIMALS,
  MAX_PAGE,
  MAX_VERSION,
  parseNumberText,
} from './number-input';
import { Omittable } from './validators';

// The request fields' decorators (Swagger, transformation, validation) over the readings of era-input and
// number-input, which stay free of them: the import reads files with those readings on a thread of its own.

/** Numbers as typed or pasted from Excel: "18,500" and 「１８，５００」 are 18500. Others go to the validators. */
export const NumberInput = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseNumberText(value) ?? value) : value));

/**
 * A KPI's value (基準値, 目標値, 実績値, 最新値), optional: any number within ±KPI_VALUE_LIMIT with at most MAX_DECIMALS
 * decimals, as typed or pasted.
 */
export const KpiValueInput = (description: string, example?: number) =>
  applyDecorators(
    ApiPropertyOptional({
      type: Number,
      nullable: true,
      example,
      description: `${description}; at most ${MAX_DECIMALS} decimal places`,
      minimum: -KPI_VALUE_LIMIT,
      maximum: KPI_VALUE_LIMIT,
    }),
    NumberInput(),
    IsOptional(),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: notANumber('a number') }),
    Min(-KPI_VALUE_LIMIT),
    Max(KPI_VALUE_LIMIT),
    MaxDecimals(MAX_DECIMALS),
  );

/**
 * A number with at most `places` decimals: one with more would be stored or shown rounded, a change no one made.
 * Anything not a finite number is its number validator's to refuse.
 */
export const MaxDecimals = (places: number) =>
  ValidateBy(
    {
      name: 'maxDecimals',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'number' || !Number.isFinite(value) || decimalPlaces(value) <= places,
      },
    },
    { message: ({ property }) => `${property} must have at most ${places} decimal places` },
  );

/**
 * A text of at most `limit` UTF-16 code units, as String.length, the import and a spreadsheet's cell count them:
 * class-validator's MaxLength counts code points, so a text of astral characters (𠮷, emoji) within a limit by it could
 * be refused when imported back and no longer fit an exported cell. Anything not a string is refused, as MaxLength does.
 */
export const MaxTextLength = (limit: number, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'maxLength',
      constraints: [limit],
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= limit },
    },
    {
      message: buildMessage(
        (each) => `${each}$property must be shorter than or equal to $constraint1 characters`,
        options,
      ),
      ...options,
    },
  );

/**
 * The refusal of a number field, `${property} must be ${expected}`; of a number typed with its unit (「120件」) it adds
 * that the unit is what to leave out, and of one typed with a value in brackets as the sheets print them
 * (「9,048 (4,524)」) that the bracketed value has a field of its own.
 */
export const notANumber =
  (expected: string) =>
  ({ property, value }: ValidationArguments): string =>
    `${property} must be ${expected}${typeof value !== 'string' ? '' : isNumberWithUnit(value) ? ', without its unit' : isNumberWithBracket(value) ? ', without the value in brackets, which has a field of its own' : ''}`;

const EMAIL_MAX_LENGTH = 254;

/** An e-mail address as typed: the IME's full widths (「ｔａｎａｋａ＠…」) read as the address they spell, spaces at the ends left out. */
export const typedEmail = (typed: string): string => typed.normalize('NFKC').trim();

/**
 * What mail servers deliver to: a name part of plain ASCII, unquoted. RFC 5321 also allows quoted names
 * ("a b"@…) and SMTPUTF8 names (田中@…), but servers answer them "bad recipient address syntax" after the app has said
 * the mail was sent.
 */
const DELIVERABLE = { allow_utf8_local_part: false, blacklisted_chars: '"' };

/** Whether an address read by typedEmail is one EmailInput takes (the CLI holds its options to the same rule). */
export const isEmailAddress = (address: string): boolean =>
  isEmail(address, DELIVERABLE) && address.length <= EMAIL_MAX_LENGTH;

/** An e-mail address as typed (typedEmail). */
export const EmailInput = (options: { example?: string; maxLength?: number } = {}) =>
  applyDecorators(
    ApiProperty({ example: options.example ?? 'tanaka@city.example.lg.jp' }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? typedEmail(value) : value)),
    IsEmail(DELIVERABLE, { message: 'email must be an e-mail address' }),
    MaxTextLength(options.maxLength ?? EMAIL_MAX_LENGTH),
  );

/**
 * A yes/no flag of a query string (`?current=true`), off when left out. A query holds text: only the words true and
 * false are read as the flag; anything else (「yes」, 「1」, a blank) is refused as it is, not quietly read as false.
 */
export const BooleanQuery = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: Boolean, default: false, description }),
    Omittable(),
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  );

/** `?page=` of a list: 1..MAX_PAGE. */
export const PageNumber = () =>
  applyDecorators(
    ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'page must be a whole number' }),
    Min(1, { message: 'page must be at least 1' }),
    Max(MAX_PAGE, { message: `page must be at most ${MAX_PAGE}` }),
  );

/** `?pageSize=` of a list: 1..maximum items a page, `fallback` when left out (the controller applies it). */
export const PageSize = (fallback: number, maximum: number) =>
  applyDecorators(
    ApiPropertyOptional({ default: fallback, minimum: 1, maximum }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'pageSize must be a whole number' }),
    Min(1, { message: 'pageSize must be at least 1' }),
    Max(maximum, { message: `pageSize must be at most ${maximum}` }),
  );

/**
 * A version number of a report or project (the one edited, or one of the revisions compared); fits an int4. With
 * `each`, every item of a list is one.
 */
export const VersionNumber = (message: string, each = false) =>
  applyDecorators(IsInt({ message, each }), Max(MAX_VERSION, { message, each }));

/**
 * The version of the report a decision was taken on. Optional, so that clients which
 * send none keep working as before; one sent and no longer current gets 409 and nothing is done (the report changed
 * since it was read).
 */
export const ReadVersion = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'The version you read; if the report changed since (e.g. resubmitted), 409 and nothing is done',
    }),
    IsOptional(),
    VersionNumber('version must be the version number you read'),
  );

/**
 * What a required field says when nothing was entered (a blank form field) or sent, rather than that the text is not
 * of its form: the pages word it 「…を入力してください」. Null when there is a value to judge.
 */
function blankMessage(property: string, value: unknown): string | null {
  if (value === undefined || value === null) return `${property} is required`;
  return typeof value === 'string' && value.trim() === '' ? `${property} must not be empty` : null;
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
    // A blank field fails all three: each says it is blank, whichever a form shows.
    IsInt({
      message: ({ property, value }) =>
        blankMessage(property, value) ?? `${property} must be a fiscal year such as 2022 or R4`,
    }),
    Min(MIN_FISCAL_YEAR, {
      message: ({ property, value }) =>
        blankMessage(property, value) ?? `${property} must be ${MIN_FISCAL_YEAR} (H元) or later`,
    }),
    Max(MAX_FISCAL_YEAR, {
      message: ({ property, value }) =>
        blankMessage(property, value) ?? `${property} must be ${MAX_FISCAL_YEAR} or earlier`,
    }),
  );
}

/**
 * Accepts a year-month as "2024-03", "R6.3月", "R6.3" or "令和6年3月"; stores 'YYYY-MM'. Null clears it. A month
 * something was measured in (`measured`) is this month in Japan or earlier: a later one is a slip of the year.
 */
export function YearMonthInput(options: { description?: string; measured?: boolean } = {}) {
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
    IsCalendarText(
      'isYearMonth',
      parseYearMonthInput,
      yearMonthProblem,
      `must be a year-month from 1989-01 (H元.1) to ${LAST_YEAR_MONTH}, such as 2024-03 or R6.3月`,
    ),
    ...(options.measured ? [NotAfterThisMonth()] : []),
  );
}

/** A stored year-month ('YYYY-MM', as YearMonthInput reads it) not after this month in Japan. */
function NotAfterThisMonth() {
  return ValidateBy(
    {
      name: 'notAfterThisMonth',
      validator: {
        // A text that is not a year-month is the format's to refuse, once.
        validate: (value: unknown) =>
          typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value) || value <= thisMonthInJapan(),
      },
    },
    { message: ({ property }) => `${property} must not be after this month (${thisMonthInJapan()})` },
  );
}

/** Accepts a date as "2026-12-15", "R8.12.15" or "令和8年12月15日"; stores 'YYYY-MM-DD'. */
export function DateInput(options: { optional?: boolean; example?: string; description?: string } = {}) {
  return applyDecorators(
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      type: String,
      format: 'date',
      // Far ahead, so that an example sent as it is passes the rules that refuse a date gone by.
      example: options.example ?? '2099-12-15',
      description: `${options.description ?? 'Date'}; 和暦 such as "R8.12.15" is accepted.`,
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseDateInput(value) ?? value) : value,
    ),
    ...(options.optional ? [IsOptional()] : []),
    IsCalendarText(
      'isDate',
      parseDateInput,
      dateProblem,
      `must be a date from ${MIN_FISCAL_YEAR}-01-01 to ${LAST_DATE}, such as 2026-12-15 or R8.12.15`,
    ),
  );
}

/** The first moment a DateTimeInput reads: the start of the first day the date inputs read, in Japan. */
const FIRST_INSTANT = instantInJapan(`${MIN_FISCAL_YEAR}-01-01`)!;
/** The last moment a DateTimeInput reads: the end of LAST_DATE in Japan, which ends a period through that day. */
const LAST_INSTANT = instantInJapan(addDays(LAST_DATE, 1))!;

/**
 * An optional moment as ISO 8601, read as Japan time when it names no offset (instantInJapan), within the days the
 * date inputs read (1989-01-01 to the end of LAST_DATE in Japan): year 0 or 9999 is a slip, not a period anyone means.
 */
export function DateTimeInput(options: { description?: string; example?: string } = {}) {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      example: options.example ?? '2026-04-01T00:00:00+09:00',
      description: `${options.description ?? 'Moment'}; a date alone is the start of that day in Japan, a time without an offset Japan time; from ${MIN_FISCAL_YEAR}-01-01 to the end of ${LAST_DATE} in Japan.`,
    }),
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const instant = instantInJapan(value);
      // One outside the days read stays text, for IsDate to refuse with the others.
      return instant && instant >= FIRST_INSTANT && instant <= LAST_INSTANT ? instant : value;
    }),
    IsOptional(),
    IsDate({
      message: ({ property }) =>
        `${property} must be a date or a date-time from ${MIN_FISCAL_YEAR}-01-01 to the end of ${LAST_DATE} in Japan, such as 2026-04-01 or 2026-04-01T09:00:00+09:00`,
    }),
  );
}

/**
 * Valid when the value is already in its stored form (the transform put it there); otherwise says that nothing was
 * entered, which part of the typed year-month or date is wrong, or the general form.
 */
function IsCalendarText(
  name: string,
  read: (input: string) => string | null,
  problemOf: (input: string) => CalendarProblem | null,
  general: string,
) {
  return ValidateBy(
    { name, validator: { validate: (value: unknown) => typeof value === 'string' && read(value) === value } },
    {
      message: ({ property, value }) =>
        blankMessage(property, value) ??
        calendarMessage(property, typeof value === 'string' ? problemOf(value) : null, general),
    },
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
