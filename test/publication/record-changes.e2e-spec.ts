import { ictParkR2Report, importAsPublished, municipality, seedText } from '../imports/import-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Pages and files of the public record are kept by the server and by shared caches until the record changes: what
 * changed must be told by when it was written, not by the date it gives, which an import of earlier years sets years
 * in the past.
 */
describe('The public record changes when an edition is written, whatever date it gives', () => {
  let t: TestApp;
  const code = '012041';
  const startedAt = new Date();
  let asahikawa: Awaited<ReturnType<typeof municipality>>;
  let r4ReportId: string;
  const paths = [
    `/public/${code}/`,
    `/public/${code}/open-data/all/reports.csv`,
    `/public/${code}/open-data/`,
    `/public/${code}/sitemap.xml`,
    '/sitemap.xml',
  ];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows at once an earlier year imported later as published, and moves Last-Modified for conditional GETs', async () => {
    asahikawa = await municipality(t, code, '旭川市');
    const document = { departmentId: asahikawa.departments.economy };
    const { imported } = await importAsPublished(t, asahikawa.organizationId, asahikawa.tokens.admin, {
      ...document,
      text: seedText('asahikawa-r4-results-report.txt'),
      sourceName: 'asahikawa-r4-results-report.txt',
    });
    r4ReportId = imported.reports[0].reportId;
    const before = new Map<string, { body: string; lastModified: string }>();
    for (const path of paths) {
      const response = await t.http().get(path).buffer(true).expect(200);
      before.set(path, {
        body: response.text ?? String(response.body),
        lastModified: response.headers['last-modified'],
      });
    }
    expect(before.get(`/public/${code}/`)!.body).not.toContain(`/public/${code}/2020/`);

    // R2's report, published on its own day two years before the R4 reports already public.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await importAsPublished(t, asahikawa.organizationId, asahikawa.tokens.admin, {
      ...document,
      text: ictParkR2Report(),
      sourceName: 'ict-park-r2.txt',
      publishedOn: '2021-09-30',
    });

    for (const path of paths) {
      const { body, lastModified } = before.get(path)!;
      const response = await t.http().get(path).buffer(true).expect(200);
      expect({ path, changed: (response.text ?? String(response.body)) !== body }).toEqual({ path, changed: true });
      expect(Date.parse(response.headers['last-modified'])).toBeGreaterThan(Date.parse(lastModified));
      const revalidated = await t.http().get(path).set('If-Modified-Since', lastModified);
      expect({ path, status: revalidated.status }).toEqual({ path, status: 200 });
    }
    expect((await t.http().get(`/public/${code}/`).expect(200)).text).toContain(`/public/${code}/2020/`);
    expect((await t.http().get(`/public/${code}/sitemap.xml`).expect(200)).text).toContain(`/public/${code}/2020/`);
  });

  /** Each page's lastmod in the municipality's sitemap, by its path. */
  async function lastmods(): Promise<Map<string, Date>> {
    const { text } = await t.http().get(`/public/${code}/sitemap.xml`).expect(200);
    const entries = [...text.matchAll(/<loc>[^<]*?(\/public\/[^<]*)<\/loc><lastmod>([^<]+)<\/lastmod>/g)];
    return new Map(entries.map(([, path, lastmod]) => [path, new Date(lastmod)]));
  }

  it("gives no page of sitemap.xml a lastmod before its content was written, an imported year's neither", async () => {
    const pages = [...(await lastmods())].filter(([path]) => path.startsWith(`/public/${code}/`));
    expect(pages.map(([path]) => path)).toEqual(expect.arrayContaining([`/public/${code}/2020/`]));
    for (const [path, lastmod] of pages)
      expect({ path, writtenBeforeTheSuite: lastmod < startedAt }).toEqual({ path, writtenBeforeTheSuite: false });
  });

  it("moves the lastmod of the year's pages when one of its reports is withdrawn", async () => {
    const year = `/public/${code}/2022/`;
    const before = (await lastmods()).get(year)!;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await t
      .http()
      .post(`/api/v1/organizations/${asahikawa.organizationId}/reports/${r4ReportId}/withdraw-publication`)
      .set({ Authorization: `Bearer ${asahikawa.tokens.admin}` })
      .send({ reason: '数値の誤りが見つかったため' })
      .expect(200);
    const after = await lastmods();
    for (const path of [year, `${year}summary`])
      expect({ path, moved: after.get(path)! > before }).toEqual({ path, moved: true });
  });

  it('serves the same bytes under the same Last-Modified while nothing changes', async () => {
    const [first, second] = [
      await t.http().get(`/public/${code}/`).expect(200),
      await t.http().get(`/public/${code}/`).expect(200),
    ];
    expect(second.text).toBe(first.text);
    expect(second.headers['last-modified']).toBe(first.headers['last-modified']);
  });
});
