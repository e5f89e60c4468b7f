import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  label: string;
  path: string;
  operation: OperationObject;
  parameters: ParameterObject[];
  pathParameters: string[];
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const shared = (item?.parameters ?? []) as ParameterObject[];
    return METHODS.flatMap((method) => {
      const operation = item?.[method];
      if (!operation) return [];
      const parameters = [...shared, ...((operation.parameters ?? []) as ParameterObject[])];
      const pathParameters = parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      return [{ label: `${method.toUpperCase()} ${path}`, path, operation, parameters, pathParameters }];
    });
  });
}

/** Generated clients need the document to be valid, every path parameter declared, and every response body described. */
describe('OpenAPI document', () => {
  let t: TestApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
  });

  afterAll(() => t.close());

  it('is a valid OpenAPI document', async () => {
    // validate() dereferences in place; keep the fetched document as it was served.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents the bounds and decimals of KPI values and amounts that the API refuses past', () => {
    const property = (schema: string, name: string) =>
      (
        document.components!.schemas![schema] as {
          properties: Record<string, { minimum?: number; maximum?: number; description?: string }>;
        }
      ).properties[name];
    for (const [schema, name] of [
      ['KpiDefinitionRequest', 'baseline'],
      ['KpiDefinitionRequest', 'target'],
      ['KpiResultRequest', 'latestValue'],
      ['YearlyActualRequest', 'value'],
    ])
      expect(property(schema, name)).toMatchObject({
        minimum: -1e15,
        maximum: 1e15,
        description: expect.stringContaining('at most 10 decimal places'),
      });
    expect(property('BudgetLineRequest', 'budgetAmount')).toMatchObject({ minimum: 0, maximum: 1e12 });
    expect(property('OrganizationSettingsRequest', 'effectCloseThreshold')).toMatchObject({
      minimum: 0.5,
      maximum: 0.95,
      description: 'at most 3 decimal places',
    });
  });

  it('leaves the web pages out', () => {
    const pages = Object.keys(document.paths).filter((path) => !path.startsWith('/api/v1/') && path !== '/health');
    expect(pages).toEqual([]);
  });

  it('declares every {parameter} of a path on each of its operations', () => {
    const undeclared = operationsOf(document).flatMap(({ label, path, pathParameters }) =>
      [...path.matchAll(/\{([^}]+)\}/g)]
        .map(([, name]) => name)
        .filter((name) => !pathParameters.includes(name))
        .map((name) => `${label}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('declares a 2xx response for every operation, with its body unless it is 204', () => {
    const undescribed = operationsOf(document).flatMap(({ label, operation }) => {
      const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) return [`${label}: no 2xx response`];
      return successes
        .filter(([status]) => status !== '204')
        .filter(([, response]) => {
          const content = (response as ResponseObject).content ?? {};
          return Object.keys(content).length === 0 || Object.values(content).some((media) => !media.schema);
        })
        .map(([status]) => `${label}: ${status} without a body schema`);
    });
    expect(undescribed).toEqual([]);
  });

  const schemaOf = (operation: OperationObject, status: string) =>
    (operation.responses[status] as ResponseObject | undefined)?.content?.['application/json']?.schema;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('describes the one body every error has, as the API sends it', async () => {
    expect(document.components!.schemas!.ErrorBody).toMatchObject({
      required: ['statusCode', 'error', 'message', 'requestId'],
      properties: {
        statusCode: expect.anything(),
        error: expect.anything(),
        message: expect.anything(),
        details: expect.anything(),
        requestId: expect.anything(),
      },
    });
    const refused = await t.http().post(`/api/v1/notifications/${randomUUID()}/read`).expect(401);
    const documented = Object.keys((document.components!.schemas!.ErrorBody as SchemaObject).properties!);
    expect(documented).toEqual(expect.arrayContaining(Object.keys(refused.body)));
  });

  it('documents, on every operation, 400 where it reads input, 404 where its path names something, 401 and 403 where one signs in', () => {
    const missing = operationsOf(document).flatMap(({ label, operation, parameters }) => {
      const readsInput =
        operation.requestBody !== undefined ||
        parameters.some(
          (parameter) =>
            parameter.in === 'query' ||
            (parameter.in === 'path' && (parameter.schema as SchemaObject | undefined)?.format !== 'uuid'),
        );
      const expected = [
        ...(readsInput ? ['400'] : []),
        ...(operation.security?.length ? ['401', '403'] : []),
        ...(parameters.some((parameter) => parameter.in === 'path') ? ['404'] : []),
      ];
      return expected.filter((status) => !operation.responses[status]).map((status) => `${label}: no ${status}`);
    });
    expect(missing).toEqual([]);
  });

  it('gives every 4xx and 5xx response of the API an error body', () => {
    const errorBodies = new Set(
      Object.entries(document.components!.schemas!)
        .filter(
          ([name, schema]) =>
            name === 'ErrorBody' ||
            (schema as SchemaObject).allOf?.some((part) => '$ref' in part && part.$ref === ref('ErrorBody').$ref),
        )
        .map(([name]) => ref(name).$ref),
    );
    // /health's 503 is its report of what is down, not an error body.
    const api = operationsOf(document).filter(({ path }) => path.startsWith('/api/v1/'));
    const bodiless = api.flatMap(({ label, operation }) =>
      Object.keys(operation.responses)
        .filter((status) => /^[45]\d\d$/.test(status))
        .filter((status) => {
          const schema = schemaOf(operation, status) as { $ref?: string } | undefined;
          return !schema?.$ref || !errorBodies.has(schema.$ref);
        })
        .map((status) => `${label}: ${status}`),
    );
    expect(bodiless).toEqual([]);
  });

  const organization = '/api/v1/organizations/{organizationId}';
  it.each([
    ['patch', `${organization}/projects/{projectId}`, '409', 'ErrorBody'],
    ['post', `${organization}/reports/{reportId}/assignments/{assignmentId}/dismiss`, '409', 'ErrorBody'],
    ['post', `${organization}/cycles/{cycleId}/close`, '409', 'ErrorBody'],
    ['put', `${organization}/cycles/{cycleId}/deadlines`, '400', 'InvalidFieldsError'],
    ['post', '/api/v1/notifications/{notificationId}/read', '404', 'ErrorBody'],
    ['post', `${organization}/imports/dry-run`, '400', 'InvalidFieldsError'],
    ['post', `${organization}/fiscal-years/{fiscalYear}/publications`, '409', 'InvalidFieldsError'],
  ] as const)('documents %s %s refusing with %s (%s)', (method, path, status, schema) => {
    const operation = document.paths[path]?.[method];
    expect(operation && schemaOf(operation, status)).toEqual(ref(schema));
  });

  it('describes the details of a stale version and of refused fields', () => {
    const detailsOf = (name: string) =>
      (document.components!.schemas![name] as SchemaObject).allOf!.map(
        (part) => (part as SchemaObject).properties?.details,
      );
    expect(detailsOf('StaleVersionError')).toContainEqual(
      expect.objectContaining({ properties: { currentVersion: expect.objectContaining({ type: 'integer' }) } }),
    );
    expect(detailsOf('InvalidFieldsError')).toContainEqual({ type: 'array', items: ref('FieldError') });
  });
});
