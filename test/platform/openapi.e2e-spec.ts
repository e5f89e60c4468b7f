import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { createTestApp, type TestApp } from '../support/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  label: string;
  path: string;
  operation: OperationObject;
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
      return [{ label: `${method.toUpperCase()} ${path}`, path, operation, pathParameters }];
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
});
