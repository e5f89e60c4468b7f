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

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // R4, reviewed by expert A and published.
    const entered = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, R4);
    r4 = entered.id;
    projectId = entered.project.id;
    await step(r4, '/submit', 'owner');
    await reviewAndPropose(t, cast, r4, R4);
    await step(r4, '/approve', 'approver');
    await step(r4, '/publish', 'planner');
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
});
