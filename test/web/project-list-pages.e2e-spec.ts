import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/**
 * 国提出事業 of a large municipality: the list shows fifty projects a page, each card with its own years' reports, says
 * how many match in all, and its page links keep the search, filters and order. The API answers its list by pages too.
 */
describe('The 国提出事業 list a page at a time, on its page and in the API', () => {
  const [seed] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let cookie: string;
  const projectIds: string[] = [];

  const api = () => `/api/v1/organizations/${cast.organizationId}`;
  const list = async (query = '') =>
    (await t.http().get(`/o/${cast.organizationId}/projects${query}`).set('Cookie', cookie).expect(200)).text;
  const cardsOf = (html: string) => [...html.matchAll(/<h2 class="heading-s">No\.(\d+) /g)].map((match) => match[1]);
  const reportLinksOf = (html: string) => html.match(/の報告<span class="visually-hidden">/g)?.length ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    // Fifty-two projects No.1–No.52; No.1 and No.52 each with a report of R4.
    for (let number = 1; number <= 52; number++) {
      const created = await t
        .http()
        .post(`${api()}/projects`)
        .set(auth)
        .send({ ...projectRequest(seed, cast.departmentId), projectNumber: String(number), name: `事業${number}` })
        .expect(201);
      projectIds.push(created.body.id);
    }
    for (const projectId of [projectIds[0], projectIds[51]])
      await t.http().post(`${api()}/reports`).set(auth).send({ projectId, fiscalYear: 2022 }).expect(201);
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

  it('answers the API a page at a time: fifty by default, in the order asked, with the count of all', async () => {
    const page = (query: Record<string, string | number>) =>
      t
        .http()
        .get(`${api()}/projects`)
        .query(query)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` });
    const numbersOf = (body: { items: { projectNumber: string }[] }) => body.items.map((item) => item.projectNumber);

    const first = (await page({ sort: 'number' }).expect(200)).body;
    const second = (await page({ sort: 'number', page: 2 }).expect(200)).body;
    const byName = (await page({ sort: 'name', pageSize: 3 }).expect(200)).body;

    expect({ ...first, items: numbersOf(first) }).toEqual({
      items: Array.from({ length: 50 }, (_, index) => String(index + 1)),
      total: 52,
      page: 1,
      pageSize: 50,
    });
    expect(first.items[0]).toEqual(expect.objectContaining({ name: '事業1', kpis: expect.any(Array) }));
    expect(numbersOf(second)).toEqual(['51', '52']);
    expect(numbersOf(byName)).toEqual(['1', '10', '11']);
    expect((await page({ sort: 'number', page: 9 }).expect(200)).body).toMatchObject({ items: [], total: 52 });
    expect((await page({ pageSize: 101 }).expect(400)).body.details).toEqual([
      expect.objectContaining({ path: '/pageSize', message: 'pageSize must be at most 100' }),
    ]);
    expect((await page({ sort: 'newest' }).expect(400)).body.details).toEqual([
      expect.objectContaining({ path: '/sort', message: 'sort must be one of start, number, name, department' }),
    ]);
  });
});
