import { pageParameterOf } from '../common/number-input';
import { HttpStatus } from '@nestjs/common';
import { textOf } from '../common/text';
import { fieldId, FormState, type PageError } from './forms';

/** One option of a list's filter or sort: the value in the URL and what the page shows. */
export interface Choice {
  value: string;
  text: string;
}

/** A filter or sort parameter of a list page: its label on the form and the values it takes. */
export interface ChoiceParameter {
  label: string;
  choices: Choice[];
}

/** Longer than any project name or e-mail address one would search for. */
export const SEARCH_MAX_LENGTH = 100;

/** The parameter that orders a list; it narrows nothing, so it alone leaves nothing to clear. */
const SORT = 'sort';

/**
 * Where the filter form's fields are in its FormState (/list/q, /list/status …), so that their ids (f-list-q …) never
 * clash with a field of another form on the page that fills a request field of the same name.
 */
export const LIST_FORM = '/list';

export interface ListQuery<P extends string> {
  /** The search text (trimmed), when given and usable. */
  q?: string;
  /** Each parameter's value, when given and one of its choices. */
  chosen: Partial<Record<P, string>>;
  /** The form as the page shows it again: every value as it came, with a message beside each one set aside. */
  form: FormState;
  errors: PageError[];
  /** Whether a search or filter narrows the list (the page then offers to clear them). */
  filtered: boolean;
}

/**
 * A list page's search (q), filters and sort, read from its URL so that a filtered view can be bookmarked and
 * reloaded. A value that is not one of its parameter's choices (an edited or outdated link) or a search that is too
 * long is set aside with a message beside its field, and the list shows as if it had not been given. A list without
 * a search field (`search: false`) reads no q: one in its URL would narrow nothing, and has no field to be refused at.
 */
export function readListQuery<P extends string>(
  query: Record<string, unknown>,
  parameters: Record<P, ChoiceParameter>,
  { search = true }: { search?: boolean } = {},
): ListQuery<P> {
  const values: Record<string, string> = {};
  const errors: PageError[] = [];
  let q: string | undefined;
  if (search) {
    const text = textOf(query.q).trim();
    values[`${LIST_FORM}/q`] = text;
    if (text.length > SEARCH_MAX_LENGTH)
      errors.push(refused('q', `検索する文字は${SEARCH_MAX_LENGTH}文字以内で入力してください`));
    else q = text || undefined;
  }
  const chosen: Partial<Record<P, string>> = {};
  for (const name of Object.keys(parameters) as P[]) {
    const { label, choices } = parameters[name];
    const value = textOf(query[name]);
    values[`${LIST_FORM}/${name}`] = value;
    if (value === '') continue;
    if (choices.some((choice) => choice.value === value)) chosen[name] = value;
    else errors.push(refused(name, `「${label}」に指定された値は選べません。一覧から選んでください`));
  }
  const filtered = q !== undefined || Object.keys(chosen).some((name) => name !== SORT);
  return { q, chosen, form: new FormState(values, errors), errors, filtered };
}

/**
 * The status of a page that reads its URL's query: 400 when it refuses a value there (the page still shows, with the
 * message beside the field and the list as if the value had not been given), so that a link checker or a script sees
 * the refusal as a person does; 200 otherwise. Every page with a filter or a year in its URL answers by it.
 */
export function queryStatus(errors: readonly PageError[]): HttpStatus {
  return errors.length ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
}

function refused(name: string, text: string): PageError {
  return { text, href: `#${fieldId(`${LIST_FORM}/${name}`)}`, path: `${LIST_FORM}/${name}` };
}

/** Choices from a list of keys and their labels, in the list's order. */
export function choicesOf<K extends string>(keys: readonly K[], labels: Record<K, string>): Choice[] {
  return keys.map((key) => ({ value: key, text: labels[key] }));
}

/** `?name=value&…` of the values that are given, '' when none is: a link that keeps a page's filters. */
export function queryString(values: Record<string, string | undefined>): string {
  const given = Object.entries(values).filter((value): value is [string, string] => Boolean(value[1]));
  return given.length ? `?${new URLSearchParams(given).toString()}` : '';
}

/** Where a paged list is, for its page links (the macro pageLinks): `href` gives another page's link, its filters kept. */
export interface Paging {
  page: number;
  total: number;
  pages: number;
  href: (page: number) => string;
}

/** Which page of a list `load` reads, and how many items a page holds. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * The page `?page=` asks for of a paged list (`load` reads a page of it and the total), with its paging, whose other
 * pages keep `query`. A page past the last (an old bookmark, entries gone since, an edited link) shows the last page,
 * as its page links then say: an empty page with no link back would read as a list with nothing in it.
 */
export async function pagedList<T>(
  pageParameter: string,
  pageSize: number,
  load: (request: PageRequest) => Promise<[T[], number]>,
  query: Record<string, string | undefined> = {},
): Promise<{ items: T[]; paging: Paging }> {
  const requested = pageParameterOf(pageParameter);
  let [items, total] = await load({ page: requested, pageSize });
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (requested > last) [items, total] = await load({ page: last, pageSize });
  const page = Math.min(requested, last);
  return {
    items,
    paging: {
      page,
      total,
      pages: Math.max(page, Math.ceil(total / pageSize)),
      href: (target) => queryString({ ...query, page: String(target) }),
    },
  };
}
