import { type Browser } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, reportUpdate, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  expectOnScreen,
  launchBrowser,
  newPage,
  PHONE,
  screenshot,
  serve,
  signInPage,
} from '../web/support/browser';

const CODE = '012041';
const R4 = ASAHIKAWA_R4_REPORTS[0];
/** The same project's next year: 指標① 124 → 150, ② 22 → 28, ③ 99 → 110. */
const R5: SeedReport = {
  ...R4,
  fiscalYear: 2023,
  actualAsOfLabel: 'R6.3.実績',
  kpis: R4.kpis.map((kpi, index) => ({
    ...kpi,
    latestValue: [150, 28, 110][index],
    latestAsOf: { year: 2024, month: 3 },
  })),
};

/**
 * Comparing with last year: an expert reviewing the R5 report of a project whose R4 report is published reads R4 as
 * published — in the KPI ledger and through a link from the report — on its public page, while R4's own page inside
 * stays the owner's, planning's and its own experts'.
 */
describe('The previous year of a report, for whoever reads the report', () => {
  let t: TestApp;
  let cast: Cast;
  let projectId: string;
  let r4: string;
  let r5: string;
  let r5Assignment: string;
  let browser: Browser;
  let baseURL: string;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const page = (path: string, who: string) => t.http().get(`/o/${cast.organizationId}${path}`).set(as(who)).expect(200);
  const step = (reportId: string, path: string, who: string, body: object = {}) =>
    t
      .http()
      .post(api(`/reports/${reportId}${path}`))
      .set(as(who))
      .send(body)
      .expect(200);
  /** A submitted report through its review by expert A to publication. */
  const publish = async (reportId: string, seed: SeedReport) => {
    await step(reportId, '/submit', 'owner');
    await reviewAndPropose(t, cast, reportId, seed);
    await step(reportId, '/approve', 'approver');
    await step(reportId, '/publish', 'planner');
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // R4, reviewed by expert A and published.
    const entered = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, R4);
    r4 = entered.id;
    projectId = entered.project.id;
    await publish(r4, R4);
    // R5, under review by expert B only.
    const draft = (
      await t.http().post(api('/reports')).set(as('owner')).send({ projectId, fiscalYear: 2023 }).expect(201)
    ).body;
    r5 = draft.id;
    await t
      .http()
      .patch(api(`/reports/${r5}`))
      .set(as('owner'))
      .send({ ...reportUpdate(R5, draft.version), previousPolicyFollowUp: '道外の量販店との商談を増やした。' })
      .expect(200);
    await step(r5, '/submit', 'owner');
    await step(r5, '/accept', 'planner', { experts: [cast.userIds.expertB], dueDate: dueInDays(14) });
    const [assignment] = (
      await t
        .http()
        .get(api(`/reports/${r5}/assignments`))
        .set(as('expertB'))
        .expect(200)
    ).body;
    await step(r5, `/assignments/${assignment.id}/respond`, 'expertB', { accept: true, conflictOfInterest: 'none' });
    r5Assignment = assignment.id;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const publicR4 = () => `/public/${CODE}/reports/${r4}`;
  const insideR4 = () => `/o/${cast.organizationId}/reports/${r4}`;

  it('gives the expert R4 in the ledger as published, and R4’s own page inside stays closed to them', async () => {
    const ledger = (
      await t
        .http()
        .get(api(`/projects/${projectId}/ledger`))
        .set(as('expertB'))
        .expect(200)
    ).body;

    expect(
      ledger.reports.map((report: any) => [report.fiscalYear, report.id, report.statusLabel, report.readable]),
    ).toEqual([
      [2022, r4, '公表済', false],
      [2023, r5, '有識者意見照会中', true],
    ]);
    expect(ledger.kpis[0].years.map((year: any) => [year.fiscalYearLabel, year.value, year.readable])).toEqual([
      ['R4年度', 124, false],
      ['R5年度', 150, true],
    ]);
    await t
      .http()
      .get(api(`/reports/${r4}`))
      .set(as('expertB'))
      .expect(404);
    await t.http().get(insideR4()).set(as('expertB')).expect(404);
  });

  it('links the expert to R4’s public page from the ledger page and from the R5 report', async () => {
    const ledger = (await page(`/projects/${projectId}/ledger`, 'expertB')).text;
    expect(ledger).not.toContain('報告なし');
    expect(ledger).toContain(
      `<a href="${publicR4()}">R4年度(2022年度)の報告</a> <span class="hint">(公表ページ)</span>`,
    );
    expect(ledger).toContain(`<a href="${publicR4()}">公表済<span class="visually-hidden">: R4年度の報告</span></a>`);
    expect(ledger).not.toContain(`href="${insideR4()}"`);

    const report = (await page(`/reports/${r5}`, 'expertB')).text;
    expect(report).toContain(
      `<a href="${publicR4()}" id="previous-year-report">前年度(R4年度)の報告</a> <span class="hint">(公表ページ)</span>`,
    );
    await t.http().get(publicR4()).expect(200);
  });

  it('links whoever may open R4 itself to its page inside: the owning department, planning', async () => {
    for (const who of ['owner', 'planner']) {
      const report = (await page(`/reports/${r5}`, who)).text;
      expect(report).toContain(`<a href="${insideR4()}" id="previous-year-report">前年度(R4年度)の報告</a></li>`);
      const ledger = (await page(`/projects/${projectId}/ledger`, who)).text;
      expect(ledger).toContain(`<a href="${insideR4()}">R4年度(2022年度)の報告</a> <strong`);
    }
  });

  it('links a published report’s page inside to its public page, and one not yet published to none', async () => {
    expect((await page(`/reports/${r4}`, 'owner')).text).toContain(
      `<a href="${publicR4()}" id="public-page">公表ページを見る</a>`,
    );
    expect((await page(`/reports/${r5}`, 'owner')).text).not.toContain('id="public-page"');
  });

  it('keeps each year’s 実績値 and 達成率 of the ledger on a phone’s screen, each year a card', async () => {
    const phone = await signInPage(browser, baseURL, 'expertb@example.jp', { viewport: PHONE });
    await phone.goto(`/o/${cast.organizationId}/projects/${projectId}/ledger`);
    const years = phone.locator('table.table--cards tbody tr');
    // Three KPIs, each with R4 (as published) and R5.
    expect(await years.count()).toBe(6);
    for (const year of await years.all()) {
      await expectOnScreen('実績値', year.locator('td[data-label="実績値(時点)"]'));
      await expectOnScreen('達成率', year.locator('td[data-label="達成率(その年度の目標)"]'));
      await expectOnScreen('達成率(最終目標)', year.locator('td[data-label="達成率(最終目標)"]'));
    }
    await expectNoHorizontalScroll(phone);
    await expectAccessible(phone);
    await screenshot(phone, 'ledger-phone');
    await phone.context().close();
  }, 60_000);

  /** Text of a cell: its tags dropped, its spaces collapsed. */
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  /** Each ⑤ row of a report page inside: the KPI, its 前年度実績 (of R4, unless another year is named) and its 最新値. */
  const kpiRows = (html: string, previousYear = 'R4年度') =>
    [...html.matchAll(/<tr>\s*<th scope="row">(指標[①-④])<\/th>([\s\S]*?)<\/tr>/g)].map(([, label, cells]) => [
      label,
      ...[`前年度実績(${previousYear})`, '最新値(時点)'].map((column) =>
        text(
          cells
            .split(`<td data-label="${column}"`)[1]
            ?.replace(/^[^>]*>/, '')
            .split('</td>')[0] ?? '',
        ),
      ),
    ]);

  it('shows R4’s published 最新値 as 前年度実績(R4年度) beside R5’s in ⑤', async () => {
    const report = (await page(`/reports/${r5}`, 'expertB')).text;

    expect(report).toContain('<th scope="col">前年度実績(R4年度)</th><th scope="col">最新値(時点)</th>');
    expect(kpiRows(report)).toEqual([
      ['指標①', '124件 (R5.6月)', '150件 (R6.3月)'],
      ['指標②', '22件 (R5.6月)', '28件 (R6.3月)'],
      ['指標③', '99件 (R5.6月)', '110件 (R6.3月)'],
    ]);
  });

  it('keeps R4 as published in ⑤, inside and on the public page, while a correction of R4 is under way', async () => {
    await t
      .http()
      .post(api(`/reports/${r4}/correct`))
      .set(as('admin'))
      .send({ reason: '指標①の誤り' })
      .expect(200);
    const { version } = (
      await t
        .http()
        .get(api(`/reports/${r4}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${r4}`))
      .set(as('owner'))
      .send({
        version,
        kpiResults: R4.kpis.map((kpi) => ({
          position: kpi.position,
          latestValue: kpi.position === 1 ? 999 : kpi.latestValue,
          latestAsOf: '2023-06',
        })),
      })
      .expect(200);
    // R5 through its review to publication, by expert B.
    await t
      .http()
      .put(api(`/reports/${r5}/assignments/${r5Assignment}/opinion`))
      .set(as('expertB'))
      .send({ rating: 'effective', opinion: '前年度を上回った。', opinionSubmittedAtRead: null })
      .expect(200);
    await step(r5, '/evaluate', 'planner', { rating: 'effective', opinion: R5.panelOpinion });
    await step(r5, '/propose', 'planner', { decision: 'continue', reason: R5.policyReason });
    await step(r5, '/approve', 'approver');
    await step(r5, '/publish', 'planner');

    // The owner may read the correction itself, yet ⑤ compares with what was published.
    expect(kpiRows((await page(`/reports/${r5}`, 'owner')).text)[0]).toEqual([
      '指標①',
      '124件 (R5.6月)',
      '150件 (R6.3月)',
    ]);
    const published = (await t.http().get(`/public/${CODE}/reports/${r5}`).expect(200)).text;
    expect(published).toContain('<th scope="col">前年度実績(R4年度)</th><th scope="col">最新値</th>');
    expect(published).toContain(
      '<td class="numeric" data-label="前年度実績(R4年度)">124 (R5.6月)</td><td class="numeric" data-label="最新値">150 (R6.3月)</td>',
    );
    // As a value shown (a cell's text), not inside a report's id in a link: ids are random hex.
    expect(published).not.toMatch(/>999\D/);
    // R4 has no year before it on the public record.
    expect((await t.http().get(publicR4()).expect(200)).text).toContain(
      '<td class="numeric" data-label="前年度実績(R3年度)">—</td>',
    );
  });

  it('shows inside, as its public page does, the actual a report lists for a year before without a report', async () => {
    // Another project of the same year, its first report in the app, listing R3's actuals (釧路市's R1…R4 columns).
    const other = ASAHIKAWA_R4_REPORTS[1];
    const { id, version } = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, other);
    const listed = reportUpdate(other, version);
    await t
      .http()
      .patch(api(`/reports/${id}`))
      .set(as('owner'))
      .send({
        version,
        kpiResults: listed.kpiResults.map((kpi) => ({
          ...kpi,
          yearlyActuals: [{ fiscalYear: 2021, value: 40 + kpi.position }],
        })),
      })
      .expect(200);
    await publish(id, other);

    const inside = kpiRows((await page(`/reports/${id}`, 'owner')).text, 'R3年度');
    expect(inside.map(([label, previous]) => [label, previous])).toEqual(
      other.kpis.map((kpi) => [`指標${'①②③④'[kpi.position - 1]}`, `${40 + kpi.position}${kpi.unit}`]),
    );
    const published = (await t.http().get(`/public/${CODE}/reports/${id}`).expect(200)).text;
    for (const kpi of other.kpis)
      expect(published).toContain(`data-label="前年度実績(R3年度)">${40 + kpi.position}</td>`);
  });

  it('keeps 前年度実績 on a phone’s screen, inside and on the public page', async () => {
    const inside = await signInPage(browser, baseURL, 'expertb@example.jp', { viewport: PHONE });
    await inside.goto(`/o/${cast.organizationId}/reports/${r5}`);
    const { page: outside } = await newPage(browser, baseURL, { viewport: PHONE });
    await outside.goto(`/public/${CODE}/reports/${r5}`);
    for (const [where, phone] of [
      ['inside', inside],
      ['public', outside],
    ] as const) {
      const kpis = phone.locator('table.table--cards tbody tr:has(td[data-label="前年度実績(R4年度)"])');
      expect(await kpis.count()).toBe(3);
      for (const kpi of await kpis.all())
        await expectOnScreen(`${where}: 前年度実績`, kpi.locator('td[data-label="前年度実績(R4年度)"]'));
      await expectNoHorizontalScroll(phone);
      await expectAccessible(phone);
      await screenshot(phone, `previous-year-${where}-phone`);
      await phone.context().close();
    }
  }, 60_000);
});
