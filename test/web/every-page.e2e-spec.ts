import { randomUUID } from 'node:crypto';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { decideSeedReport, seedInYear, underReview } from '../support/report-scenario';
import { Role } from '../../src/access/role';
import { addUser, createTestApp, seedOrganization, sessionCookie, type TestApp } from '../support/test-app';

/** Pages read per person at most: every page of this municipality is far fewer. */
const MOST_PAGES = 400;

/**
 * Every page a person can reach by following links, from their start page and the reports of the municipality, answers
 * without a server error: with reports in every part of the workflow (one published and under correction among them),
 * and published ones of H元 and of 2100, the first and the last fiscal year the service reads (their year before and
 * after name no era). The public site alike. And what one may not read, one cannot: a stranger from another
 * municipality finds none of its pages, an expert not asked and an owner of another department none of a draft's.
 */
describe('Every page reachable by its links', () => {
  let t: TestApp;
  let cast: Cast;
  const reportIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const tourism = await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/departments`)
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ name: '観光部' })
      .expect(201);
    await addUser(t, cast.organizationId, 'tourism@example.jp', Role.ProjectOwner, tourism.body.id);
    const { draft, reviewed } = await underReview(t, cast);
    reportIds.push(draft.id, reviewed.id);
    const edges = [
      seedInYear(ASAHIKAWA_R4_REPORTS[2], 1989, 1989, 1991),
      seedInYear(ASAHIKAWA_R4_REPORTS[3], 2098, 2100, 2100),
    ];
    for (const seed of edges) {
      const { id } = await decideSeedReport(t, cast, seed);
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/reports/${id}/publish`)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .expect(200);
      reportIds.push(id);
    }
    // A published report of R6 reopened for correction: its earlier edition stays on the public site meanwhile.
    const { id } = await decideSeedReport(t, cast, seedInYear(ASAHIKAWA_R4_REPORTS[4], 2024, 2024, 2026));
    const report = (path: string) => `/api/v1/organizations/${cast.organizationId}/reports/${id}/${path}`;
    const published = await t
      .http()
      .post(report('publish'))
      .set({ Authorization: `Bearer ${cast.tokens.planner}` });
    await t
      .http()
      .post(report('correct'))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ reason: 'KPIの最新値の誤り', version: published.body.version })
      .expect(200);
    reportIds.push(id);
  });

  afterAll(() => t.close());

  /** Follows every link and redirect within the service from `start`; the pages that answered 5xx, and every page read. */
  async function crawl(start: string[], cookie = ''): Promise<{ failed: string[]; read: Set<string> }> {
    const read = new Set<string>();
    const failed: string[] = [];
    const queue = [...start];
    while (queue.length > 0 && read.size < MOST_PAGES) {
      const path = queue.shift()!;
      if (read.has(path) || path.startsWith('/assets/')) continue;
      read.add(path);
      const page = await t.http().get(path).set('Cookie', cookie).buffer(true);
      if (page.status >= 500) failed.push(`${path} ${page.status}`);
      const location = String(page.headers.location ?? '');
      if (location.startsWith('/')) queue.push(location);
      if (!/text\/html/.test(String(page.headers['content-type']))) continue;
      for (const [, href] of page.text.matchAll(/href="(\/(?!\/)[^"#]*)/g)) queue.push(href.replace(/&amp;/g, '&'));
    }
    return { failed, read };
  }

  const inside = (path: string) => `/o/${cast.organizationId}/${path}`;

  it.each([
    ['planner@example.jp', '企画政策課'],
    ['approver@example.jp', '企画政策課, the second planner who approves'],
    ['owner@example.jp', '事業担当課'],
    ['experta@example.jp', '外部有識者'],
    ['admin@012041.example.jp', '管理者'],
  ])('as %s (%s)', async (email) => {
    const start = [
      '/',
      inside(''),
      inside('board?fiscalYear=1989'),
      inside('board?fiscalYear=2100'),
      ...reportIds.map((id) => inside(`reports/${id}`)),
    ];
    const { failed, read } = await crawl(start, await sessionCookie(t, email));
    expect(failed).toEqual([]);
    expect(read.size).toBeGreaterThan(start.length);
  });

  it('as anyone, on the public site', async () => {
    const { failed, read } = await crawl(['/public', '/public/012041', '/public/012041/1989', '/public/012041/2100']);
    expect(failed).toEqual([]);
    for (const id of reportIds.slice(2)) expect(read).toContain(`/public/012041/reports/${id}`);
  });

  it("as an administrator of another municipality: every page 旭川市's planner reads is not found", async () => {
    const { read } = await crawl(
      [inside(''), ...reportIds.map((id) => inside(`reports/${id}`))],
      await sessionCookie(t, 'planner@example.jp'),
    );
    const pages = [...read].filter((path) => path.startsWith(inside('')));
    await seedOrganization(t, '012068', '釧路市');
    const stranger = await sessionCookie(t, 'admin@012068.example.jp');
    const found: string[] = [];
    for (const path of pages) {
      const page = await t.http().get(path).set('Cookie', stranger);
      if (page.status !== 404) found.push(`${path} ${page.status}`);
    }
    expect(found).toEqual([]);
    expect(pages.length).toBeGreaterThan(reportIds.length);
  });

  it.each([
    ['experta@example.jp', 'an expert not asked to review it'],
    ['tourism@example.jp', 'a project owner of another department'],
  ])('as %s (%s): every page of a draft answers as for a report that does not exist', async (email) => {
    const draft = inside(`reports/${reportIds[0]}`);
    const { read } = await crawl([draft], await sessionCookie(t, 'owner@example.jp'));
    const pages = [...read].filter((path) => path.startsWith(draft));
    const reader = await sessionCookie(t, email);
    const answered = async (path: string) => (await t.http().get(path).set('Cookie', reader)).status;
    const found: string[] = [];
    for (const path of pages) {
      const [status, unknown] = [await answered(path), await answered(path.replace(reportIds[0], randomUUID()))];
      if (status !== unknown || status < 400) found.push(`${path} ${status}, unknown id ${unknown}`);
    }
    expect(found).toEqual([]);
    expect(pages.length).toBeGreaterThan(1);
  });
});
