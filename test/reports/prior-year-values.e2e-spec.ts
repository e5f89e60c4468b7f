import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * One value per fiscal year wherever earlier years are shown: R4's report was published with 124 (R5.6月); the R5
 * draft's yearly actuals say 45 for R4. The year summary (its chart and 実績一覧) and the ledger (API, page, CSV) all
 * say 124.
 */
describe('Prior-year values: the published report of a year wins over yearly actuals typed later', () => {
  let t: TestApp;
  let cast: Cast;
  let projectId: string;
  let draftId: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = () => `/api/v1/organizations/${cast.organizationId}`;

  let started: any;

  /** A report of the year as the owner enters it (a new draft, then its ⑤); returns the new draft as started. */
  async function enter(fiscalYear: number, kpiResult: Record<string, unknown>): Promise<any> {
    const draft = (
      await t.http().post(`${api()}/reports`).set(as(cast.tokens.owner)).send({ projectId, fiscalYear }).expect(201)
    ).body;
    await save(draft.id, { version: draft.version, kpiResults: [{ position: 1, ...kpiResult }] });
    return draft;
  }

  async function save(reportId: string, changes: Record<string, unknown>): Promise<any> {
    return (await t.http().patch(`${api()}/reports/${reportId}`).set(as(cast.tokens.owner)).send(changes).expect(200))
      .body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    projectId = (
      await t
        .http()
        .post(`${api()}/projects`)
        .set(as(cast.tokens.owner))
        .send({
          departmentId: cast.departmentId,
          projectNumber: '12',
          name: '観光客誘致促進事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2022,
          planEndFiscalYear: 2024,
          overview: '観光客を誘致する。',
          kpis: [
            { position: 1, name: '商談成立数', baseline: 100, target: 200, unit: '件', targetYearMonth: '2025-03' },
          ],
        })
        .expect(201)
    ).body.id;
    const published = await enter(2022, { latestValue: 124, latestAsOf: '2023-06' });
    // The workflow is not what this suite checks: the R4 report is moved to published directly.
    await t.dataSource.query(`UPDATE result_reports SET status = 'published', published_at = now() WHERE id = $1`, [
      published.id,
    ]);
    started = await enter(2023, {
      latestValue: 130,
      latestAsOf: '2024-03',
      yearlyActuals: [{ fiscalYear: 2022, value: 45 }],
    });
    draftId = started.id;
  });

  afterAll(() => t?.close());

  it('the ledger API gives R4 the published 最新値 with its month', async () => {
    const ledger = (await t.http().get(`${api()}/projects/${projectId}/ledger`).set(as(cast.tokens.owner)).expect(200))
      .body;

    expect(
      ledger.kpis[0].years.map((year: any) => [year.fiscalYearLabel, year.value, year.asOfLabel, year.valueSource]),
    ).toEqual([
      ['R4年度', 124, 'R5.6月', 'latest_value'],
      ['R5年度', 130, 'R6.3月', 'latest_value'],
    ]);
  });

  it('the ledger page and its CSV say 124 for R4', async () => {
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/projects/${projectId}/ledger`)
      .set(as(cast.tokens.owner))
      .expect(200);
    const r4 = /<th scope="row">R4年度[\s\S]*?<\/tr>/.exec(page.text)?.[0] ?? '';
    expect(r4).toContain('124件');
    expect(r4).not.toContain('45件');

    const csv = await t
      .http()
      .get(`${api()}/projects/${projectId}/ledger/export`)
      .query({ format: 'csv' })
      .set(as(cast.tokens.owner))
      .expect(200);
    const r4Line = csv.text.split('\n').find((line) => line.includes(',2022,R4年度,'));
    expect(r4Line).toContain(',124,2023-06,');
  });

  it('the year summary’s chart draws R4 at 124', async () => {
    const summary = await t
      .http()
      .get(`/o/${cast.organizationId}/summary`)
      .query({ fiscalYear: 'R5' })
      .set(as(cast.tokens.planner))
      .expect(200);

    expect(summary.text).toContain('R4年度 124件、R5年度 130件');
    expect(summary.text).not.toContain('R4年度 45件');
  });

  it('the year summary (実績一覧) gives R4 the published 124, as the chart and the ledger do', async () => {
    const summary = (await t.http().get(`${api()}/year-summaries/R5`).set(as(cast.tokens.planner)).expect(200)).body;

    const kpi = summary.projects.find((project: any) => project.projectId === projectId).kpis[0];
    expect(kpi.actuals.map((actual: any) => [actual.fiscalYearLabel, actual.value])).toEqual([
      ['R4年度', 124],
      ['R5年度', 130],
    ]);
  });

  it('starts a new draft with the published R4 value among its yearly actuals', () => {
    expect(started.kpis[0]).toMatchObject({ latestValue: null, yearlyActuals: [{ fiscalYear: 2022, value: 124 }] });
  });

  it('shows the draft last year’s published value, and keeps what it typed for R4 as its own yearly actual', async () => {
    const draft = (await t.http().get(`${api()}/reports/${draftId}`).set(as(cast.tokens.owner)).expect(200)).body;

    expect(draft.kpis[0].yearlyActuals).toEqual([{ fiscalYear: 2022, value: 45 }]);
    expect(draft.kpis[0].lastPublished).toEqual({
      fiscalYear: 2022,
      fiscalYearLabel: 'R4年度',
      value: 124,
      asOf: '2023-06',
      asOfLabel: 'R5.6月',
      isReference: false,
      source: 'latest_value',
      sourceFiscalYear: 2022,
      published: true,
    });
    expect(draft.kpis[0].earlierYears.map((year: any) => [year.fiscalYear, year.value])).toEqual([[2022, 124]]);
    // Kept, but flagged until confirmed: published as typed, R4 would have two values on the record.
    expect(
      draft.warnings.map((warning: any) => [warning.code, warning.path, warning.typed, warning.published]),
    ).toEqual([
      [
        'kpi_year_differs_from_published',
        '/kpiResults/0/yearlyActuals/0/value',
        45,
        { fiscalYear: 2022, value: 124, asOf: '2023-06' },
      ],
    ]);
  });

  it('warns, without refusing the save, of a value against the direction or unlike one published for its month', async () => {
    const current = (await t.http().get(`${api()}/reports/${draftId}`).set(as(cast.tokens.owner)).expect(200)).body;
    const lower = await save(draftId, {
      version: current.version,
      kpiResults: [{ position: 1, latestValue: 110, latestAsOf: '2023-06' }],
    });

    expect(lower.kpis[0].latestValue).toBe(110);
    expect(
      lower.warnings.map((warning: any) => [warning.code, warning.path, warning.published, warning.acknowledged]),
    ).toEqual([
      ['kpi_against_last_year', '/kpiResults/0/latestValue', { fiscalYear: 2022, value: 124, asOf: '2023-06' }, false],
      [
        'kpi_differs_from_published',
        '/kpiResults/0/latestValue',
        { fiscalYear: 2022, value: 124, asOf: '2023-06' },
        false,
      ],
      [
        'kpi_year_differs_from_published',
        '/kpiResults/0/yearlyActuals/0/value',
        { fiscalYear: 2022, value: 124, asOf: '2023-06' },
        false,
      ],
    ]);
    expect(lower.submission.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: '/kpiResults/0/latestValue',
          message: expect.stringContaining('confirm or correct'),
        }),
      ]),
    );

    const confirmed = (
      await t
        .http()
        .post(`${api()}/reports/${draftId}/warnings/acknowledge`)
        .set(as(cast.tokens.owner))
        .send({ version: lower.version, keys: [lower.warnings[0].key] })
        .expect(200)
    ).body;
    expect(confirmed.warnings.map((warning: any) => [warning.code, warning.acknowledged])).toEqual([
      ['kpi_against_last_year', true],
      ['kpi_differs_from_published', false],
      ['kpi_year_differs_from_published', false],
    ]);
  });
});
