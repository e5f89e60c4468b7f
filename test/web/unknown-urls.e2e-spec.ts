import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

/** A URL no route serves: people get the error page, API clients the JSON error body. */
describe('Unknown URLs', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const seed = ASAHIKAWA_R4_REPORTS[0];
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(['/nope', '/o/x/nope'])('answers the page URL %s with the HTML 404 page', async (path) => {
    const response = await t.http().get(path).expect(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<h1 class="heading-l">ページが見つかりません</h1>');
    expect(response.text).toContain('お探しのページは見つかりませんでした。');
    expect(response.text).toContain(response.headers['x-request-id']);
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'answers a report form section named %s, which every object has, with the HTML 404 page',
    async (section) => {
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'owner@example.jp', password: TEST_PASSWORD })
        .expect(200);
      const response = await t
        .http()
        .get(`/o/${cast.organizationId}/reports/${reportId}/sections/${section}`)
        .set('Cookie', String(login.headers['set-cookie']).split(';')[0])
        .expect(404);
      expect(response.text).toContain('ページが見つかりません');
    },
  );

  it('answers a form posted to an unknown page URL with the HTML 404 page too', async () => {
    const response = await t.http().post('/nope').type('form').send({ name: 'value' }).expect(404);
    expect(response.text).toContain('ページが見つかりません');
  });

  it.each(['/api/v1/nope', '/api/nope', '/api/v1/organizations/x/nope'])(
    'answers the API URL %s with the JSON 404 body',
    async (path) => {
      const response = await t.http().get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `Cannot GET ${path}`,
        requestId: response.headers['x-request-id'],
      });
    },
  );
});
