import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/** The body a reader of the document would send: each property's example, and the required ones built from theirs. */
function exampleBody(document: OpenAPIObject, schema: SchemaObject | ReferenceObject): object {
  if ('$ref' in schema) return exampleBody(document, document.components!.schemas![schema.$ref.split('/').pop()!]);
  if (schema.example !== undefined) return schema.example as object;
  if (schema.type === 'array') return [exampleBody(document, schema.items!)];
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([name, property]) => schema.required?.includes(name) || ('example' in property && property.example))
      .map(([name, property]) => [name, exampleBody(document, property)]),
  );
}

/** A client that copies a request's example from the document gets it past validation and the route's own rules. */
describe('Request examples of the OpenAPI document', () => {
  let t: TestApp;
  let cast: Cast;
  let document: OpenAPIObject;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const example = (name: string) => exampleBody(document, { $ref: `#/components/schemas/${name}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    document = (await t.http().get('/api/docs/openapi.json').expect(200)).body;
  });

  afterAll(() => t.close());

  it('opens a year and moves its deadlines with the examples of OpenCycleRequest and CycleDeadlinesRequest', async () => {
    const opened = await t.http().post(api('/cycles')).set(as('admin')).send(example('OpenCycleRequest'));
    expect(opened.body).toMatchObject({ status: 'open' });
    await t
      .http()
      .put(api(`/cycles/${opened.body.id}/deadlines`))
      .set(as('planner'))
      // The token of what was read is the client's own, never an example's.
      .send({ ...example('CycleDeadlinesRequest'), deadlinesChecksum: opened.body.deadlinesChecksum })
      .expect(200);
  });

  it('names reports with the example of BulkPublicationRequest in a shape the route reads (409: no such decided reports)', async () => {
    const response = await t
      .http()
      .post(api('/fiscal-years/R4/publications'))
      .set(as('planner'))
      .send(example('BulkPublicationRequest'));
    expect(response.body).toMatchObject({ statusCode: 409 });
  });
});
