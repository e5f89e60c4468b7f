import { DomUtils, parseDocument } from 'htmlparser2';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/** The query of a link or form as name → value pairs, in order. */
const pairsOf = (query: string) => [...new URLSearchParams(query)];

/**
 * What a list page's URL carries: its filters from one year to the next, and a page past the last one, and what it
 * refuses.
 */
describe('Web lists: what their URLs keep', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  let cast: Cast;
  let planner: string;
  let reportId: string;
  const path = (rest: string) => `/o/${cast.organizationId}/${rest}`;
  const open = (rest: string) => t.http().get(path(rest)).set('Cookie', planner);

  beforeAll(async () => {
    // With the worker, so that a submission reaches the planner's inbox.
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    const seed = ASAHIKAWA_R4_REPORTS[0];
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${reportId}/submit`)
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .expect(200);
    await settle(t);
    planner = await sessionCookie(t, 'planner@example.jp');
  });

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

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

  describe('a page number past the last page', () => {
    it('shows the audit log’s last page, with its link to the newer records', async () => {
      // Past one page of 50 records: 55 departments, each created by an audited request.
      for (let index = 0; index < 55; index++)
        await t
          .http()
          .post(`/api/v1/organizations/${cast.organizationId}/departments`)
          .set({ Authorization: `Bearer ${cast.tokens.admin}` })
          .send({ name: `部署${index}` })
          .expect(201);
      const first = (await open('admin/audit').expect(200)).text;
      const pages = Number(/<span>1 \/ (\d+) ページ<\/span>/.exec(first)?.[1]);
      expect(pages).toBeGreaterThan(1);

      const past = (await open('admin/audit?page=99999').expect(200)).text;
      expect(past).toContain(`<span>${pages} / ${pages} ページ</span>`);
      expect(past).toContain(`<a href="?page=${pages - 1}">新しい記録</a>`);
      expect(past).not.toContain('記録はありません。');
    });

    it('shows the one page of a report’s audit log and of the inbox', async () => {
      const trail = (await open(`reports/${reportId}/audit?page=3`).expect(200)).text;
      expect(trail).toContain('class="audit-entry"');
      expect(trail).not.toContain('記録はありません。');

      const inbox = (await open('inbox?page=2').expect(200)).text;
      expect(inbox).toContain(`【提出】${ASAHIKAWA_R4_REPORTS[0].projectName}`);
      expect(inbox).not.toContain('要対応の通知はありません。');
    });
  });

  describe('the audit log’s period', () => {
    it('refuses a period ending before it starts, beside 終了日', async () => {
      const page = await open(`admin/audit?from=R8.4.1&to=R8.3.1`).expect(400);
      expect(page.text).toContain('<a href="#f-list-to">終了日は開始日と同じか、それより後の日付にしてください</a>');
      await open(`admin/audit?from=R8.4.1&to=R8.4.1`).expect(200);
    });

    it('refuses a day outside those the date fields read', async () => {
      const page = await open(`admin/audit?from=0000-01-01`).expect(400);
      expect(page.text).toContain('<a href="#f-list-from">開始日は');
    });
  });

  it('reads no search on the audit log, which has none', async () => {
    for (const q of ['abc', 'あ'.repeat(101)]) {
      const page = await open(`admin/audit?q=${encodeURIComponent(q)}`).expect(200);
      expect(page.text).not.toContain('条件を解除');
      expect(page.text).not.toContain('f-list-q');
    }
  });

  it.each([
    ['board', 'fiscalYear=R99x', '#f-fiscalYear'],
    ['summary', 'fiscalYear=abc', '#f-fiscalYear'],
    ['my-reports', 'fiscalYear=abc', '#f-fiscalYear'],
    ['experts', 'fiscalYear=abc', '#f-fiscalYear'],
    ['board', 'status=lost', '#f-list-status'],
    ['admin/audit', 'action=lost', '#f-list-action'],
  ])('answers %s?%s, a value it refuses, with 400 and the message beside its field', async (page, query, href) => {
    const refused = await open(`${page}?${query}`).expect(400);
    expect(refused.text).toContain(`<a href="${href}">`);
  });
});
