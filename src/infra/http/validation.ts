import { type ArgumentMetadata, BadRequestException, type ValidationError, ValidationPipe } from '@nestjs/common';
import { forbiddenCharacter } from '../../common/text';

export interface FieldError {
  /** JSON-pointer-like path of the field, e.g. /budgetLines/2/amount, so a form can show it beside the field. */
  path: string;
  message: string;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

const hasForbiddenCharacters = (text: string) => forbiddenCharacter(text) !== null;

/** Parsed JSON, form and query objects (query strings parse to null-prototype objects); not buffers or class instances. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Paths of every string (and key) in parsed input that holds a forbidden character. */
export function forbiddenTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? [path || '/'] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => forbiddenTextPaths(item, `${path}/${index}`));
  if (value === null || typeof value !== 'object' || !isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    hasForbiddenCharacters(key) ? [`${path}/${key}`] : forbiddenTextPaths(item, `${path}/${key}`),
  );
}

/** Far deeper than any request of ours (a report is 4 levels), shallow enough that walking it costs nothing. */
export const MAX_NESTING_DEPTH = 32;
/** Above every list a DTO allows (the longest, an import's project choices, is 5,000): refused before validation. */
export const MAX_LIST_LENGTH = 10_000;

/**
 * What makes parsed input too costly to validate: nesting deeper than `maxDepth` arrays or objects, or a list longer
 * than `maxListLength` (class-validator would check every item before the DTO's own size limit). Iterative, so no
 * input can exhaust the stack; null when the shape is fine.
 */
export function shapeProblem(
  value: unknown,
  maxDepth = MAX_NESTING_DEPTH,
  maxListLength = MAX_LIST_LENGTH,
): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return `nests deeper than ${maxDepth} levels`;
    if (Array.isArray(current) && current.length > maxListLength)
      return `holds a list of more than ${maxListLength} items`;
    for (const item of Object.values(current)) pending.push([item, depth + 1]);
  }
  return null;
}

function invalidFields(details: FieldError[]): BadRequestException {
  return new BadRequestException({ message: 'The request has invalid fields; see details.', details });
}

/**
 * A body taken without a DTO: a page form's fields by pointer (FormBody), which its page validates itself, through this
 * same pipe with the request's DTO, and shows refused beside the field as typed.
 */
const isUntypedBody = ({ type, metatype }: ArgumentMetadata) => type === 'body' && metatype === Object;

/**
 * The DTOs' class-validator rules, after one rule for every body, query string and path parameter of the API and
 * the pages alike: text never holds a character that forbiddenCharacter names (a control character, a lone surrogate).
 * A page form's body is left to its page (isUntypedBody), which runs the rule when it validates the request it makes:
 * refused here, before the page, a pasted control character would cost the user the form and what they typed.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = shapeProblem(value);
      if (problem) throw invalidFields([{ path: metadata.data ? `/${metadata.data}` : '/', message: problem }]);
      const paths = isUntypedBody(metadata) ? [] : forbiddenTextPaths(value, metadata.data ? `/${metadata.data}` : '');
      if (paths.length) {
        throw invalidFields(
          paths.map((path) => ({
            path,
            message: `${path} must not contain control characters, U+FFFE, U+FFFF or unpaired surrogates`,
          })),
        );
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
