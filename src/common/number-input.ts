import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * The one reading of a number as people type or paste it, for the API, the pages and the import alike:
 * NFKC folds the IME's full-width digits and 「，」「．」「－」, spaces are dropped, ▲/△ (as printed in
 * Japanese accounts) is a minus, and thousands separators must group by three. Null when it is not a number.
 */
export function parseNumberText(text: string): number | null {
  const folded = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[▲△−]/, '-');
  if (!GROUPED.test(folded) && !PLAIN.test(folded)) return null;
  const number = Number(folded.replace(/,/g, ''));
  return Number.isFinite(number) ? number : null;
}

/** Numbers as typed or pasted from Excel: "18,500" and 「１８，５００」 are 18500. Others go to the validators. */
export const NumberInput = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (parseNumberText(value) ?? value) : value));

/** Pages past this are never useful and would overflow the query's offset. */
export const MAX_PAGE = 10_000;
/** Versions are int4 columns. */
export const MAX_VERSION = 2_147_483_647;

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

/** A version number of a report or project (the one edited, or one of the revisions compared); fits an int4. */
export const VersionNumber = (message: string) => applyDecorators(IsInt({ message }), Max(MAX_VERSION, { message }));

/** `?page=` of a page (not the API), '' when absent: anything unreadable is page 1, and pages stop at MAX_PAGE. */
export function pageParameterOf(parameter: string): number {
  const page = Number.parseInt(parameter, 10);
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}
