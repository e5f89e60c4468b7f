import { DomUtils, parseDocument } from 'htmlparser2';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/** The query of a link or form as name → value pairs, in order. */
const pairsOf = (query: string) => [...new URLSearchParams(query)];

/**
 * What a list page's URL carries: its filters from one year to the next, and a page past the last one, and what it
 * refuses.
 */
describe('Web lists: what their URLs keep', () => {
  let t: TestApp;
  let cast: Cast;
  let planner: string;
  const path = (rest: string) => `/o/${cast.organizationId}/${rest}`;
  const open = (rest: string) => t.http().get(path(rest)).set('Cookie', planner);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[0]);
    planner = await sessionCookie(t, 'planner@example.jp');
  });

  afterAll(() => t.close());

  /** 前の年度 / 次の年度 and the fields the year form sends besides the year. */
  function yearPicker(html: string) {
    const document = parseDocument(html);
    const [picker] = DomUtils.findAll((element) => element.attribs.class === 'year-picker', document.children);
    const steps = DomUtils.findAll((element) => element.attribs.class === 'year-picker__step', [picker]);
    const [form] = DomUtils.getElementsByTagName('form', picker);
    const hidden = DomUtils.findAll(
      (element) => element.name === 'input' && element.attribs.type === 'hidden',
      [form],
    ).map((input) => [input.attribs.name, input.attribs.value]);
    return { steps: steps.map((step) => pairsOf(step.attribs.href)), hidden };
  }

  it('keeps the board’s search, filters and order on 前の年度 and 次の年度, and in the year form', async () => {
    const filters = { q: '旭川', departmentId: cast.departmentId, status: 'draft', sort: 'name' };
    const page = await open(`board?${new URLSearchParams({ fiscalYear: '2022', ...filters }).toString()}`).expect(200);

    const { steps, hidden } = yearPicker(page.text);
    expect(steps).toEqual([2021, 2023].map((year) => [['fiscalYear', String(year)], ...Object.entries(filters)]));
    expect(hidden).toEqual(Object.entries(filters));
  });

  it('steps the board from a year alone, and 年度のまとめ, which has no filters, by the year alone', async () => {
    for (const rest of ['board?fiscalYear=2022', 'summary?fiscalYear=2022']) {
      const { steps, hidden } = yearPicker((await open(rest).expect(200)).text);
      expect(steps).toEqual([[['fiscalYear', '2021']], [['fiscalYear', '2023']]]);
      expect(hidden).toEqual([]);
    }
  });
});
