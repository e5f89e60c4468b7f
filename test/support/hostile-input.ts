import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from '@nestjs/swagger';

/**
 * Hostile requests generated from the OpenAPI document: each spoils one place (a path parameter, a query parameter,
 * a body property or the body itself) of an otherwise plausible request with a value no client should send.
 * Deterministic: the same document and fixtures give the same cases, in the same order.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface ApiOperation {
  method: (typeof METHODS)[number];
  path: string;
  operationId: string;
  parameters: ParameterObject[];
  body?: { mediaType: string; schema: SchemaObject };
}

/** What the running app holds: valid values to start from, and ids the caller must not reach. */
export interface Fixtures {
  /** A value that passes validation for a property or parameter of this name on this path, if the schema's won't. */
  valid(name: string, path: string): unknown;
  /** Well-formed ids of rows the caller may not reach through this path (another organization's, another parent's). */
  foreign(name: string, path: string): string[];
}

export type HostileBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw-json'; text: string }
  | { kind: 'multipart'; fields: Record<string, string>; file?: { name: string; content: Buffer } };

export interface HostileCase {
  /** Where and what, e.g. `body /kpiResults/0/latestValue = 1e308`. */
  label: string;
  /** Path parameters as they go into the URL (already percent-encoded). */
  pathParams: Record<string, string>;
  /** Query string as sent (already percent-encoded), without '?'. */
  query: string;
  body?: HostileBody;
}

interface Hostile {
  label: string;
  value: unknown;
}

/** A place to spoil and the values to spoil it with. */
interface Target {
  label: string;
  values: Hostile[];
  apply: (value: unknown) => HostileCase;
}

const NUL = 'a\u0000b';
const LONE_HIGH_SURROGATE = 'x\uD800';
const LONE_LOW_SURROGATE = '\uDC00x';
const HUGE_TEXT = 'あ'.repeat(100_000);
const DEPTH = 64;
/** Far longer than the lists of a request (but an import's project choices); each item costs the validators time. */
const HUGE_LIST = 2000;

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const h = (label: string, value: unknown): Hostile => ({ label, value });
const shortened = (text: string) => (text.length > 60 ? `${text.slice(0, 40)}… (${text.length} characters)` : text);
const each = (values: unknown[]): Hostile[] => values.map((value) => h(shortened(JSON.stringify(value)), value));

const TEXT: Hostile[] = [
  h('NUL', NUL),
  h('a lone high surrogate', LONE_HIGH_SURROGATE),
  h('a lone low surrogate', LONE_LOW_SURROGATE),
  h('100,000 characters', HUGE_TEXT),
];

const NUMBERS = each([
  1e18,
  -1e18,
  -1,
  1.5,
  2147483648,
  -2147483649,
  1e308,
  5e-324,
  '1e18',
  'NaN',
  'Infinity',
  '',
  true,
]);
const YEARS: Hostile[] = each([0, 1900, 1988, 2101, 9999, -2022, 2022.5, 'R400', 'H0', '令和0年度', '0000']);
const YEAR_MONTHS: Hostile[] = each([
  '0000-01',
  '1900-01',
  '1988-12',
  '2101-01',
  '2026-13',
  '2026-00',
  '9999-99',
  'R0.1',
  'H32.1',
  '令和100年1月',
  '2026-03-01',
]);
const DATES: Hostile[] = each([
  '0000-01-01',
  '1900-01-01',
  '2101-01-01',
  '2026-13-01',
  '2026-02-30',
  '2026-W51-1',
  '2026-350',
  '20261220',
  '2026-12-20T10:00:00Z',
  '+275760-09-13',
  'R8.13.1',
  '令和0年1月1日',
  'H32.1.1',
]);
const DATE_TIMES = [
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-02-30T25:61:00Z',
  '1e18',
  'yesterday',
];
const IDS = ['not-a-uuid', '1', "' OR '1'='1", '00000000-0000-0000-0000-000000000000'];
const EMAILS = ['no-at-sign', 'a@', '@example.jp', `${'a'.repeat(300)}@example.jp`];

type Kind = 'id' | 'date' | 'date-time' | 'year-month' | 'year' | 'email' | 'plain';

/** What a value means, from its schema and, where the schema only says "string" or "number", from its name. */
function kindOf(schema: SchemaObject, name: string): Kind {
  if (schema.format === 'uuid' || /Id$|^experts$/.test(name)) return 'id';
  if (schema.format === 'date-time') return 'date-time';
  if (/date$/i.test(name) || (typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(schema.example)))
    return 'date';
  if (/YearMonth$|AsOf$/.test(name) || (typeof schema.example === 'string' && /^\d{4}-\d{2}$/.test(schema.example)))
    return 'year-month';
  if (/(^y|Y)ear$/.test(name)) return 'year';
  if (/email/i.test(name)) return 'email';
  return 'plain';
}

function resolve(document: OpenAPIObject, schema: SchemaObject | ReferenceObject | undefined): SchemaObject {
  if (!schema) return {};
  if ('$ref' in schema) return resolve(document, document.components!.schemas![schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length === 1) return { ...resolve(document, schema.allOf[0]), ...omit(schema, 'allOf') };
  return schema;
}

function omit<T extends object>(object: T, key: keyof T): Partial<T> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

export function apiOperations(document: OpenAPIObject): ApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation: OperationObject | undefined = item[method];
      if (!operation) return [];
      const content = (operation.requestBody as RequestBodyObject | undefined)?.content ?? {};
      const [mediaType, media] = Object.entries(content)[0] ?? [];
      return [
        {
          method,
          path,
          operationId: operation.operationId!,
          parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])] as ParameterObject[],
          ...(mediaType ? { body: { mediaType, schema: resolve(document, media.schema) } } : {}),
        },
      ];
    }),
  );
}

/** Wrong in every way a value of this schema can be wrong, starting with the ways most likely to slip through. */
function hostileValues(document: OpenAPIObject, schema: SchemaObject, name: string, fixtures: Fixtures, path: string) {
  const wrongTypes: Hostile[] = [];
  const values: Hostile[] = schema.nullable ? [] : [h('null', null)];
  if (schema.enum) {
    const first = String(schema.enum[0]);
    values.push(...each(['not_an_option', first.toUpperCase(), `${first}\u0000`, 1]));
  }
  switch (schema.type ?? 'string') {
    case 'array': {
      const item = plausible(document, resolve(document, schema.items), name, fixtures, path);
      values.push(
        h(
          `${HUGE_LIST} items`,
          Array.from({ length: HUGE_LIST }, () => item),
        ),
        ...each(['x', {}, [null]]),
        h(`nested ${DEPTH} deep`, [nested(DEPTH)]),
      );
      break;
    }
    case 'object':
      if (schema.properties) {
        values.push(...each(['x', [], 1]), h(`nested ${DEPTH} deep`, nested(DEPTH)));
        break;
      }
      // Free-form (text or number as the client likes): only what no column can hold.
      values.push(...TEXT, h(`nested ${DEPTH} deep`, nested(DEPTH)), ...each([{}, [], true, 1e308]));
      break;
    case 'number':
    case 'integer':
      values.push(...(kindOf(schema, name) === 'year' ? YEARS : []), ...NUMBERS, ...each([{}, []]));
      break;
    case 'boolean':
      values.push(...each(['true', 1, 'yes', {}]));
      break;
    default: {
      const kind = kindOf(schema, name);
      if (kind === 'id') values.push(...each([...IDS, ...fixtures.foreign(name, path)]));
      if (kind === 'date') values.push(...DATES);
      if (kind === 'date-time') values.push(...each(DATE_TIMES));
      if (kind === 'year-month') values.push(...YEAR_MONTHS);
      if (kind === 'email') values.push(...each(EMAILS));
      wrongTypes.push(...each([1, true, {}, [], [NUL]]));
      values.push(...TEXT);
    }
  }
  return [...values, ...wrongTypes];
}

/** A value the schema describes as fine: the fixture's, else the documented example, default, first option… */
function plausible(
  document: OpenAPIObject,
  schema: SchemaObject,
  name: string,
  fixtures: Fixtures,
  path: string,
): unknown {
  const known = fixtures.valid(name, path);
  if (known !== undefined) return known;
  if (schema.example !== undefined && schema.type !== 'array') return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (schema.type ?? 'string') {
    case 'array':
      return [plausible(document, resolve(document, schema.items), name, fixtures, path)];
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((property) => [
          property,
          plausible(document, resolve(document, schema.properties?.[property]), property, fixtures, path),
        ]),
      );
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'テスト';
  }
}

interface Place {
  pointer: string[];
  schema: SchemaObject;
  name: string;
}

/** Every property of a body, nested objects and the first item of arrays included. */
function places(document: OpenAPIObject, schema: SchemaObject, pointer: string[] = [], name = ''): Place[] {
  const here: Place[] = pointer.length ? [{ pointer, schema, name }] : [];
  if (pointer.length > 6) return here;
  if (schema.type === 'array' && schema.items) {
    return [...here, ...places(document, resolve(document, schema.items), [...pointer, '0'], name)];
  }
  const properties = Object.entries(schema.properties ?? {});
  return [
    ...here,
    ...properties.flatMap(([property, child]) =>
      places(document, resolve(document, child), [...pointer, property], property),
    ),
  ];
}

/** The plausible body with the value at `pointer` replaced, building the containers on the way. */
function spoiled(
  document: OpenAPIObject,
  root: SchemaObject,
  base: Record<string, unknown>,
  pointer: string[],
  value: unknown,
  fixtures: Fixtures,
  path: string,
) {
  const body = structuredClone(base);
  let container: Record<string, unknown> = body;
  let schema = root;
  pointer.forEach((key, index) => {
    schema = schema.type === 'array' ? resolve(document, schema.items) : resolve(document, schema.properties?.[key]);
    if (index === pointer.length - 1) {
      container[key] = value;
      return;
    }
    const existing = container[key];
    if (existing === null || typeof existing !== 'object') {
      container[key] = schema.type === 'array' ? [] : plausible(document, schema, key, fixtures, path);
    }
    container = container[key] as Record<string, unknown>;
  });
  return body;
}

const encode = (value: string) => encodeURIComponent(value);

const QUERY_NUMBERS = [
  '1e18',
  '-1',
  '1.5',
  '0',
  'NaN',
  'Infinity',
  '',
  'abc',
  '99999999999999999999',
  '2147483648',
  '0x1F',
];
const QUERY_TEXT = ['%00', '%ED%A0%80', 'x'.repeat(4000), '%'];
const PATH_IDS = ['not-a-uuid', '1', '%27%20OR%20%271%27%3D%271', '%00', '%E0%A4%A', 'a'.repeat(2000), '..'];
const PATH_NUMBERS = ['1e18', '-1', '1.5', '0', '1900', '2101', 'R400', 'H0', 'NaN', '99999999999999999999', '%00'];

/** Raw query values (already encoded) for a query parameter. */
function hostileQueryValues(schema: SchemaObject, name: string, fixtures: Fixtures, path: string): Hostile[] {
  const repeated = h('given twice', [`${encode(String(schema.example ?? 1))}`, '2']);
  if (schema.enum) return [...each(['not_an_option', String(schema.enum[0]).toUpperCase(), '%00']), repeated];
  if (schema.type === 'number' || schema.type === 'integer') return [...each(QUERY_NUMBERS), repeated];
  if (schema.type === 'boolean') return [...each(['maybe', '2', '', '%00']), repeated];
  const kind = kindOf(schema, name);
  if (kind === 'date-time') return [...each(DATE_TIMES.map(encode)), repeated];
  if (kind === 'id') return [...each([...IDS.map(encode), ...fixtures.foreign(name, path)]), repeated];
  return [...each(QUERY_TEXT), repeated];
}

function queryString(entries: [string, unknown][]): string {
  return entries
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => `${name}=${one}`))
    .join('&');
}

const MULTIPART_FILES: Hostile[] = [
  h('an empty file', { name: 'empty.xlsx', content: Buffer.alloc(0) }),
  h('a workbook that is not a zip', { name: 'report.xlsx', content: Buffer.from('not a workbook at all') }),
  h('a truncated zip', { name: 'report.xlsx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8]) }),
  h('text with NUL', { name: 'paste.txt', content: Buffer.from('事業名\t\u0000\n') }),
  h('no file', undefined),
];
/** A form field may carry JSON (an import's project choices): what its parser must survive. */
const FIELD_JSON = each([
  '[{',
  'null',
  '1e18',
  '{"__proto__":{"polluted":true}}',
  `${'['.repeat(1000)}${']'.repeat(1000)}`,
  '[{"reportIndex":1e18,"choice":"link","projectId":"not-a-uuid"}]',
]);

/**
 * Cases for one operation: `limit` of them, or one per spoiled place if there are more places. Spread so every place
 * gets its first value before any gets a second.
 */
export function hostileCases(
  document: OpenAPIObject,
  operation: ApiOperation,
  fixtures: Fixtures,
  limit: number,
): HostileCase[] {
  const path = operation.path;
  const parameters = operation.parameters;
  const validPath = Object.fromEntries(
    parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(fixtures.valid(p.name, path))]),
  );
  const validQuery: [string, unknown][] = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => [p.name, encode(String(plausible(document, resolve(document, p.schema), p.name, fixtures, path)))]);
  const validBody = operation.body
    ? (plausible(document, operation.body.schema, '', fixtures, path) as Record<string, unknown>)
    : undefined;
  const jsonBody = (value: unknown): HostileBody => ({ kind: 'json', value });
  const multipart = operation.body?.mediaType === 'multipart/form-data';
  const fields = Object.fromEntries(Object.entries(validBody ?? {}).filter(([name]) => name !== 'file')) as Record<
    string,
    string
  >;
  const file = { name: 'paste.txt', content: Buffer.from('事業名\tテスト\n') };
  const validBodyOfKind = (): HostileBody | undefined =>
    validBody ? (multipart ? { kind: 'multipart', fields, file } : jsonBody(validBody)) : undefined;
  const base = (): HostileCase => ({
    label: '',
    pathParams: { ...validPath },
    query: queryString(validQuery),
    body: validBodyOfKind(),
  });

  const targets: Target[] = [];
  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    const numeric = /year$|^edition$/i.test(parameter.name);
    const raw = numeric ? PATH_NUMBERS : [...PATH_IDS, ...fixtures.foreign(parameter.name, path)];
    targets.push({
      label: `path {${parameter.name}}`,
      values: each(raw),
      apply: (value) => ({ ...base(), pathParams: { ...validPath, [parameter.name]: String(value) } }),
    });
  }
  const queryParameters = parameters.filter((p) => p.in === 'query');
  for (const parameter of queryParameters) {
    const others = validQuery.filter(([name]) => name !== parameter.name);
    targets.push({
      label: `query ${parameter.name}`,
      values: hostileQueryValues(resolve(document, parameter.schema), parameter.name, fixtures, path),
      apply: (value) => ({ ...base(), query: queryString([...others, [parameter.name, value]]) }),
    });
  }
  if (queryParameters.length) {
    targets.push({
      label: 'query',
      values: each(['unexpected=1', '__proto__[polluted]=1', `${encode('a\u0000')}=1`]),
      apply: (value) => ({ ...base(), query: [base().query, value].filter(Boolean).join('&') }),
    });
  }
  if (operation.body?.mediaType === 'application/json' && validBody) {
    const schema = operation.body.schema;
    targets.push({
      label: 'body',
      values: [
        h('JSON null', { kind: 'raw-json', text: 'null' }),
        h('an array', { kind: 'raw-json', text: '[]' }),
        h('a string', { kind: 'raw-json', text: '"x"' }),
        h('malformed JSON', { kind: 'raw-json', text: '{"a":' }),
        h('nested 1,000 deep', { kind: 'raw-json', text: `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}` }),
        h('__proto__ and constructor.prototype', {
          kind: 'raw-json',
          text: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        }),
        h('an undeclared property', jsonBody({ ...validBody, unexpected: 1 })),
        h('a key with NUL', jsonBody({ ...validBody, [NUL]: 1 })),
      ],
      apply: (value) => ({ ...base(), body: value as HostileBody }),
    });
    for (const place of places(document, schema)) {
      targets.push({
        label: `body /${place.pointer.join('/')}`,
        values: hostileValues(document, place.schema, place.name, fixtures, path),
        apply: (value) => ({
          ...base(),
          body: jsonBody(spoiled(document, schema, validBody, place.pointer, value, fixtures, path)),
        }),
      });
    }
  }
  if (multipart && validBody) {
    const schema = operation.body!.schema;
    const multipartCase = (changes: { fields?: Record<string, string>; file?: unknown }): HostileCase => ({
      ...base(),
      body: {
        kind: 'multipart',
        fields: { ...fields, ...changes.fields },
        ...('file' in changes ? (changes.file ? { file: changes.file as typeof file } : {}) : { file }),
      },
    });
    targets.push({ label: 'file', values: MULTIPART_FILES, apply: (value) => multipartCase({ file: value }) });
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (name === 'file') continue;
      const fieldSchema = resolve(document, property);
      // A form has only text: the schema's hostile text, and JSON for the fields that carry it.
      const values = [
        ...hostileValues(document, { ...fieldSchema, nullable: true }, name, fixtures, path).filter(
          (hostile) => typeof hostile.value === 'string',
        ),
        ...FIELD_JSON,
      ];
      targets.push({
        label: `field ${name}`,
        values,
        apply: (value) => multipartCase({ fields: { [name]: value as string } }),
      });
    }
  }

  const cases: HostileCase[] = [];
  const budget = Math.max(limit, targets.length);
  const rounds = Math.max(0, ...targets.map((target) => target.values.length));
  for (let round = 0; round < rounds && cases.length < budget; round++) {
    targets.forEach((target, index) => {
      if (round >= target.values.length || cases.length >= budget) return;
      // Each place starts at a different value, so the first round already covers many kinds of wrong.
      const hostile = target.values[(round + index) % target.values.length];
      cases.push({ ...target.apply(hostile.value), label: `${target.label} = ${hostile.label}` });
    });
  }
  return cases;
}
