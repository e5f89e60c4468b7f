import type { Server } from 'node:http';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/bootstrap/configure-app';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Health, API document and HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('reports both PostgreSQL and Redis', async () => {
    const response = await t.http().get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.info.database.status).toBe('up');
    expect(response.body.info.redis.status).toBe('up');
  });

  it('serves the OpenAPI document and UI', async () => {
    const document = await t.http().get('/api/docs/openapi.json').expect(200);
    expect(document.body.paths['/api/v1/auth/login']).toBeDefined();
    await t.http().get('/api/docs').expect(200);
  });

  it('gives a client a bounded time to send its request', () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });

  it('serves a favicon where browsers look for it', async () => {
    const response = await t.http().get('/favicon.ico').expect(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
  });

  it('sends security headers and a request id, echoing a sane incoming one', async () => {
    const response = await t.http().get('/health').set('X-Request-Id', 'trace-123').expect(200);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers malformed and oversized bodies with a 4xx, not a 500', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const huge = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.jp', password: 'x'.repeat(11 * 1024 * 1024) })
      .expect(413);
    expect(huge.body.message).toMatch(/too large/i);
    // Refused before any route, it still has the id a user can quote and the log line it names.
    expect(huge.body.requestId).toEqual(expect.any(String));
    expect(huge.body.requestId).toBe(huge.headers['x-request-id']);
  });

  it('answers an unknown route with the common error body', async () => {
    const response = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(response.body.requestId).toEqual(expect.any(String));
  });
});
