import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/**
 * 国提出事業 of a large municipality: the list shows fifty projects a page, each card with its own years' reports, says
 * how many match in all, and its page links keep the search, filters and order.
 */
describe('Web pages: the 国提出事業 list a page at a time', () => {
  const [seed] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let cookie: string;
  const projectIds: string[] = [];

  const list = async (query = '') =>
    (await t.http().get(`/o/${cast.organizationId}/projects${query}`).set('Cookie', cookie).expect(200)).text;
  const cardsOf = (html: string) => [...html.matchAll(/<h2 class="heading-s">No\.(\d+) /g)].map((match) => match[1]);
  const reportLinksOf = (html: string) => html.match(/の報告<span class="visually-hidden">/g)?.length ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const api = `/api/v1/organizations/${cast.organizationId}`;
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    // Fifty-two projects No.1–No.52; No.1 and No.52 each with a report of R4.
    for (let number = 1; number <= 52; number++) {
      const created = await t
        .http()
        .post(`${api}/projects`)
        .set(auth)
        .send({ ...projectRequest(seed, cast.departmentId), projectNumber: String(number), name: `事業${number}` })
        .expect(201);
      projectIds.push(created.body.id);
    }
    for (const projectId of [projectIds[0], projectIds[51]])
      await t.http().post(`${api}/reports`).set(auth).send({ projectId, fiscalYear: 2022 }).expect(201);
    cookie = await sessionCookie(t, 'planner@example.jp');
  });

  afterAll(() => t?.close());

  it('shows fifty projects, the count of all and a link to the next page, which keeps the order', async () => {
    const first = await list('?sort=number');

    expect(cardsOf(first)).toEqual(Array.from({ length: 50 }, (_, index) => String(index + 1)));
    expect(first).toContain('52 件の事業（1 / 2 ページ）');
    expect(first).toContain('href="?sort=number&amp;page=2">次のページ</a>');
    expect(reportLinksOf(first)).toBe(1);

    const second = await list('?sort=number&page=2');
    expect(cardsOf(second)).toEqual(['51', '52']);
    expect(second).toContain('href="?sort=number&amp;page=1">前のページ</a>');
    // The report of No.52 is on its card, on the page that shows it.
    expect(reportLinksOf(second)).toBe(1);
  });

  it('counts and pages what a search matches, and a page past the last shows the last', async () => {
    const found = await list('?q=%E4%BA%8B%E6%A5%AD5&sort=number');
    const beyond = await list('?sort=number&page=9');

    expect(cardsOf(found)).toEqual(['5', '50', '51', '52']);
    expect(found).toContain('条件に合う事業 4 件');
    expect(found).not.toContain('ページ送り');
    expect(cardsOf(beyond)).toEqual(['51', '52']);
  });
});
