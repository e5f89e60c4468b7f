import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  UnprocessableEntityException,
} from '@nestjs/common';
import { textOf } from '../common/text';
import { createValidationPipe, type FieldError } from '../infra/http/validation';
import { fieldMessage, generalRefusal } from './messages/error-messages';
import { type FieldLabels } from './messages/field-labels';

/**
 * Form fields are named by the JSON pointer of the request field they fill (name="/budgetLines/0/name"), so the
 * paths the services return in BadRequest details and submission.problems land beside the field they are about.
 */
export type FormBody = Record<string, unknown>;

/** An id safe in URLs and CSS selectors: /budgetLines/0/name → f-budgetLines-0-name. */
export function fieldId(pointer: string): string {
  return `f${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** One line of a GOV.UK-style error summary; `path` also places the message beside its field. */
export interface PageError {
  text: string;
  href: string;
  path?: string;
  /**
   * Set when nothing typed was wrong (something changed meanwhile, a state that forbids the step, an account that may
   * not sign in): the page shows the refusal as a notice under this heading instead of in the error summary, and its
   * title does not say エラー.
   */
  changed?: string;
}

/** What a form shows: the values as entered (strings, by pointer) and the errors to show next to them. */
export class FormState {
  constructor(
    readonly values: Record<string, string | string[]> = {},
    readonly errors: PageError[] = [],
  ) {}

  value(pointer: string): string {
    const value = this.values[pointer];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  }

  has(pointer: string, option: string): boolean {
    const value = this.values[pointer];
    return Array.isArray(value) ? value.includes(option) : value === option;
  }

  error(pointer: string): string | undefined {
    return this.errors.find((error) => error.path === pointer)?.text;
  }

  /** Errors about a field or anything inside it (a budget line, a KPI). */
  errorsWithin(prefix: string): PageError[] {
    return this.errors.filter((error) => error.path === prefix || error.path?.startsWith(`${prefix}/`));
  }
}

/** The submitted values, by pointer, as the form shows them again after an error. */
export function formValues(body: FormBody): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key.startsWith('/'))
      .map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : textOf(value)]),
  );
}

export function text(body: FormBody, pointer: string): string {
  const value = body[pointer];
  return Array.isArray(value) ? String(value[0] ?? '') : textOf(value);
}

/** A blank field means "not entered" (null); anything else goes to the validators as typed. */
export function optional(body: FormBody, pointer: string): string | null {
  const value = text(body, pointer).trim();
  return value === '' ? null : value;
}

export function list(body: FormBody, pointer: string): string[] {
  const value = body[pointer];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).filter((item) => item !== '');
}

export function checked(body: FormBody, pointer: string): boolean {
  return body[pointer] !== undefined;
}

/** Indices of the rows of a repeated group present in the form, e.g. the budget lines, in order. */
export function rowIndices(body: FormBody, prefix: string): number[] {
  const pattern = new RegExp(`^${prefix.replace(/[/]/g, '\\/')}\\/(\\d+)\\/`);
  return [
    ...new Set(
      Object.keys(body)
        .map((key) => pattern.exec(key)?.[1])
        .filter((index): index is string => index !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
}

const validation = createValidationPipe();

const NOT_A_NUMBER = /must be a number/;
const OUT_OF_RANGE = /must not be (greater|less) than -?\d/;

/** The API's own validation (same DTO, same pipe): a form can never accept what the API would refuse. */
export async function validated<T extends object>(type: new () => T, value: object): Promise<T> {
  return (await validation.transform(value, { type: 'body', metatype: type, data: '' })) as T;
}

/**
 * The request fields that page forms carry hidden, as their page wrote them: a version (or those of a bulk page's
 * listed reports, written into their values: listed-reports.ts), a checksum (of a list, of settings, of a department's
 * name or of a year's deadlines), the key or event type of a row, the year of a KPI's yearly actual, the project an
 * import matched, the status an assignment was shown with, the alternates a list was shown with, when the opinion a
 * form was shown with was saved. No one types them, so one refused is no mistake to show beside a field. forms.spec.ts
 * holds every hidden input of the templates to this or to a reason why altering it does no harm.
 */
const HIDDEN_FIELD =
  /^(\/project)?\/version$|^\/versions(\/\d+)?$|^\/checksum$|^\/choices\/\d+\/eventType$|^\/options\/\d+\/key$|^\/kpiResults\/\d+\/yearlyActuals\/\d+\/fiscalYear$|^\/projectChoices\/\d+\/projectId$|^\/statusRead$|^\/alternatesRead(\/\d+)?$|^\/opinionSubmittedAtRead$|^\/deadlinesChecksum$|^\/settingsChecksum$/;

/**
 * A form refused for a field it carries hidden: altered on its way, or sent from a page older than the form it posts
 * to. Nothing was done; the error page says so and leads back to the page the form came from.
 */
export class AlteredFormException extends BadRequestException {
  constructor() {
    super('The form was altered or is out of date: a field it carries hidden was refused.');
  }
}

/**
 * Errors a form shows to its user and lets them correct: invalid fields (400/422) and changes that came too late
 * (409). Anything else (403, 404, 500) is not the user's input and goes to the error page, as does a refused hidden
 * field (AlteredFormException, thrown): every page form comes here, so none shows a field the user cannot see.
 */
export function formErrors(
  error: unknown,
  labels: FieldLabels = {},
  hrefFor: (path: string) => string = (path) => `#${fieldId(path)}`,
): PageError[] | null {
  if (!(
    error instanceof BadRequestException ||
    error instanceof ConflictException ||
    error instanceof UnprocessableEntityException
  ))
    return null;
  const details = detailsOf(error);
  if (details.some((detail) => HIDDEN_FIELD.test(detail.path))) throw new AlteredFormException();
  if (details.length === 0) return [{ ...generalRefusal(error), href: '#main' }];
  // One message per field, as GOV.UK does: a string typed as an amount fails "integer", "≥ 0" and "≤ max" at once,
  // and what to fix is that it is not a number, whichever check came first.
  const firstPerField = details
    .filter(
      (detail) =>
        !(
          OUT_OF_RANGE.test(detail.message) &&
          details.some((other) => other.path === detail.path && NOT_A_NUMBER.test(other.message))
        ),
    )
    .filter((detail, index, kept) => kept.findIndex((other) => other.path === detail.path) === index);
  return firstPerField.map((detail) => ({
    text: fieldMessage(detail, labels),
    href: hrefFor(detail.path),
    path: detail.path,
  }));
}

/** The fields a refusal names (BadRequest details), none when it names no field. */
export function detailsOf(error: HttpException): FieldError[] {
  const response = error.getResponse();
  const details = typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
  return Array.isArray(details) ? (details as FieldError[]) : [];
}

/** The status a refused form is shown again with (400, 409, 422), so the response stays honest about the refusal. */
export function statusOf(error: unknown): HttpStatus {
  return error instanceof HttpException ? error.getStatus() : HttpStatus.BAD_REQUEST;
}

/** Puts errors of a request under the pointer its fields have in the form (a nested or repeated form). */
export function underPointer(errors: PageError[], prefix: string): PageError[] {
  return errors.map((error) =>
    error.path ? { ...error, path: `${prefix}${error.path}`, href: `#${fieldId(`${prefix}${error.path}`)}` } : error,
  );
}

/** Maps error paths of a request back to form rows when blank or removed rows were left out of it. */
export function remapRows(errors: PageError[], prefix: string, formRows: number[]): PageError[] {
  const pattern = new RegExp(`^${prefix.replace(/[/]/g, '\\/')}\\/(\\d+)(?=\\/|$)`);
  return errors.map((error) => {
    const path = error.path?.replace(
      pattern,
      (_match, index: string) => `${prefix}/${formRows[Number(index)] ?? index}`,
    );
    return path === error.path ? error : { ...error, path, href: `#${fieldId(path!)}` };
  });
}
