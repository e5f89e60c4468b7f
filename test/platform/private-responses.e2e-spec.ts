import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { PAGE_CACHING, PROGRAM_CACHING } from '../../src/infra/http/private-responses';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/** An API answer: no cache may keep it, the browser's neither, and no crawler list it. */
function expectPrivate(response: Response): void {
  expect(response.headers['cache-control']).toBe(PROGRAM_CACHING);
  expect(response.headers['x-robots-tag']).toBe('noindex');
}

/** A signed-in page: only the browser keeps it (its back button brings a form back as typed), revalidated otherwise. */
function expectPrivatePage(response: Response): void {
  expect(response.headers['cache-control']).toBe(PAGE_CACHING);
  expect(response.headers['x-robots-tag']).toBe('noindex');
}

/**
 * A draft report or a personal page must not come back from a caching proxy or a search engine: every answer of the
 * signed-in site and the API is private and noindex, errors and downloads too, and the API's is not stored at all. The
 * public site and the static files keep their own caching and stay open to crawlers.
 */
describe('Private responses: not stored and not indexed, except the public site and static files', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  let cookie: string;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const bearer = () => ({ Authorization: `Bearer ${cast.tokens.owner}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const draft = ASAHIKAWA_R4_REPORTS[0];
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, draft)).id;
    cookie = await sessionCookie(t, 'owner@example.jp');
  });

  afterAll(async () => {
    await t.close();
  });

  it('marks a signed-in page, a draft report, as private and not to be indexed', async () => {
    expectPrivatePage(
      await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', cookie).expect(200),
    );
  });

  it('marks an API answer in JSON as not to be stored at all', async () => {
    const response = await t
      .http()
      .get(api(`/reports/${reportId}`))
      .set(bearer())
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectPrivate(response);
  });

  it.each([
    [
      'an unknown report (404)',
      () =>
        t
          .http()
          .get(api(`/reports/${randomUUID()}`))
          .set(bearer()),
      404,
    ],
    ['a request without sign-in (401)', () => t.http().get(api(`/reports/${reportId}`)), 401],
    [
      'an export in a format it does not make (400)',
      () =>
        t
          .http()
          .get(api(`/exports/reports/${reportId}?format=pdf`))
          .set(bearer()),
      400,
    ],
    ['an address no route serves (404)', () => t.http().get('/api/v1/no-such-thing').set(bearer()), 404],
  ])('marks an API error the same way: %s', async (_case, send, status) => {
    expectPrivate(await send().expect(status));
  });

  it('marks an error page of the signed-in site as a page', async () => {
    expectPrivatePage(
      await t.http().get(`/o/${cast.organizationId}/reports/${randomUUID()}`).set('Cookie', cookie).expect(404),
    );
  });

  it('marks an export download the same way, beside its file headers', async () => {
    const response = await t
      .http()
      .get(api(`/exports/reports/${reportId}?format=csv`))
      .set(bearer())
      .expect(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; /);
    expectPrivate(response);
  });

  it.each(['/public/', '/public/012041/open-data/columns/kpis.csv', '/sitemap.xml', '/robots.txt'])(
    'leaves the public site its own caching and no noindex: %s',
    async (path) => {
      const response = await t.http().get(path).expect(200);
      expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(response.headers['x-robots-tag']).toBeUndefined();
    },
  );

  it.each(['/assets/app.css', '/assets/htmx/htmx.min.js', '/favicon.ico'])(
    'leaves a static file its own caching and no noindex: %s',
    async (path) => {
      const response = await t.http().get(path).expect(200);
      expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect(response.headers['x-robots-tag']).toBeUndefined();
    },
  );
});
