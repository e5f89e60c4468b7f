import { rowsFromWorkbook } from '../../src/imports/source-rows';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/** Collects a binary response body (supertest buffers only text by default). */
function binary(response: any, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * 年度別KPI台帳 over HTTP: a project reported on for three years, its plan amended (target 27 → 32, period extended to
 * R6) after the second year's report was submitted. The API, both exports and the page.
 */
describe('The KPI ledger of a project: API, exports and page', () => {
  let t: TestApp;
  let cast: Cast;
  let projectId: string;
  const reportIds: Record<number, string> = {};
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = () => `/api/v1/organizations/${cast.organizationId}`;
  const kpi = (target: number, targetYearMonth: string) => ({
    position: 1,
    name: '移住相談件数',
    baseline: 10,
    target,
    unit: '件',
    targetYearMonth,
  });

  /** A report of the year with its 最新値; a submitted one keeps its year's plan when the project is amended. */
  async function yearReport(fiscalYear: number, latestValue: number, latestAsOf: string, submitted: boolean) {
    const draft = (
      await t.http().post(`${api()}/reports`).set(as(cast.tokens.owner)).send({ projectId, fiscalYear }).expect(201)
    ).body;
    await t
      .http()
      .patch(`${api()}/reports/${draft.id}`)
      .set(as(cast.tokens.owner))
      .send({ version: draft.version, kpiResults: [{ position: 1, latestValue, latestAsOf }] })
      .expect(200);
    // The workflow is not what this suite checks: the report is moved past submission directly.
    if (submitted) await t.dataSource.query(`UPDATE result_reports SET status = 'submitted' WHERE id = $1`, [draft.id]);
    reportIds[fiscalYear] = draft.id;
  }

  const download = (format: string, token = cast.tokens.owner) =>
    t
      .http()
      .get(`${api()}/projects/${projectId}/ledger/export`)
      .query({ format })
      .set(as(token))
      .buffer(true)
      .parse(binary);

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
          projectNumber: '7',
          name: '移住・定住促進事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2020,
          planEndFiscalYear: 2022,
          overview: '移住相談の窓口を設ける。',
          kpis: [kpi(27, '2023-03')],
        })
        .expect(201)
    ).body.id;
    await yearReport(2020, 15, '2021-03', true);
    await yearReport(2021, 22, '2022-03', true);
    const project = (await t.http().get(`${api()}/projects/${projectId}`).set(as(cast.tokens.owner)).expect(200)).body;
    await t
      .http()
      .patch(`${api()}/projects/${projectId}`)
      .set(as(cast.tokens.planner))
      .send({
        version: project.version,
        planEndFiscalYear: 2024,
        kpis: [kpi(32, '2025-03')],
        amendment: { effectiveFiscalYear: 2022, reason: '計画期間の延長と目標の引上げ' },
      })
      .expect(200);
    await yearReport(2022, 30, '2023-03', false);
  });

  afterAll(() => t?.close());

  it('answers each year with its own plan’s target, the achievement against it and the final target, and the amendment', async () => {
    const ledger = (await t.http().get(`${api()}/projects/${projectId}/ledger`).set(as(cast.tokens.owner)).expect(200))
      .body;

    expect(ledger.project).toMatchObject({
      id: projectId,
      name: '移住・定住促進事業',
      planPeriodLabel: 'R2年度～R6年度',
    });
    expect(ledger.reports.map((report: any) => [report.fiscalYear, report.statusLabel])).toEqual([
      [2020, '提出済'],
      [2021, '提出済'],
      [2022, '作成中'],
    ]);
    expect(ledger.kpis[0].final).toMatchObject({ target: 32, targetYearMonthLabel: 'R7.3月' });
    expect(
      ledger.kpis[0].years.map((year: any) => [
        year.fiscalYearLabel,
        year.definition.target,
        year.value,
        year.asOfLabel,
        year.achievementPercent,
        year.finalAchievementPercent,
        year.changes.map((change: any) => change.text),
      ]),
    ).toEqual([
      ['R2年度', 27, 15, 'R3.3月', 29.4, 22.7, []],
      ['R3年度', 27, 22, 'R4.3月', 70.6, 54.5, []],
      ['R4年度', 32, 30, 'R5.3月', 90.9, 90.9, expect.arrayContaining(['目標値 27 → 32'])],
    ]);
    expect(ledger.amendments).toEqual([
      expect.objectContaining({
        fromFiscalYear: 2021,
        fiscalYear: 2022,
        changes: expect.arrayContaining([
          expect.objectContaining({ text: '実施計画期間 R2年度～R4年度 → R2年度～R6年度' }),
          expect.objectContaining({ position: 1, field: 'target', before: '27', after: '32' }),
        ]),
      }),
    ]);
  });

  it('is not found for someone who may see neither the project nor a report of it', async () => {
    await t.http().get(`${api()}/projects/${projectId}/ledger`).set(as(cast.tokens.expertA)).expect(404);
    await t.http().get(`${api()}/projects/${projectId}/ledger/export`).set(as(cast.tokens.expertA)).expect(404);
    await t.http().get(`${api()}/projects/not-a-uuid/ledger`).set(as(cast.tokens.owner)).expect(404);
  });

  it('exports the ledger as CSV (UTF-8 with BOM), one row per KPI and year, audited for each report', async () => {
    const response = await download('csv').expect(200);

    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('年度別KPI台帳_No7_移住・定住促進事業.csv')}`,
    );
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toContain('達成率(%),最終目標値,最終目標に対する達成率(%),計画の変更');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(
      '7,移住・定住促進事業,指標①,移住相談件数,2020,R2年度,初年度,提出済,10,27,件,2023-03,15,2021-03',
    );
    expect(lines[3]).toContain('目標値 27 → 32');

    const audited = await t.dataSource.query(
      `SELECT entity_id, details FROM audit_entries WHERE action = 'report.exported' AND details->>'scope' = 'project_ledger'`,
    );
    expect(audited.map((entry: any) => entry.entity_id).sort()).toEqual(Object.values(reportIds).sort());
    expect(audited[0].details).toMatchObject({ format: 'csv', projectId });
  });

  it('exports the ledger as a workbook: a table per KPI with the years as rows, then the amendments', async () => {
    const response = await download('xlsx', cast.tokens.planner).expect(200);

    expect(response.headers['content-type']).toContain('spreadsheetml');
    const [sheet] = await rowsFromWorkbook(response.body);
    expect(sheet.name).toBe('年度別KPI台帳');
    const cells = sheet.rows.map((row) => row.cells);
    expect(cells[0][0]).toBe('年度別KPI台帳 No7 移住・定住促進事業');
    expect(cells.some((row) => (row[0] ?? '').startsWith('指標① 移住相談件数(最終目標 32件 R7.3月)'))).toBe(true);
    const years = cells.filter((row) => /^R\d年度$/.test(row[0] ?? ''));
    expect(years.map((row) => [row[0], row[1], row[4], row[7]])).toEqual([
      ['R2年度', '初年度', '27', '15'],
      ['R3年度', '2年度目', '27', '22'],
      ['R4年度', '3年度目', '32', '30'],
    ]);
    expect(cells.some((row) => row.includes('目標値 27 → 32'))).toBe(true);
    await download('pdf').expect(400);
  });

  it('shows the ledger as a page with a table per KPI, linked from the project list and the report page', async () => {
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/projects/${projectId}/ledger`)
      .set(as(cast.tokens.owner))
      .expect(200);

    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1 class="heading-l">年度別KPI台帳</h1>');
    expect(page.text).toContain('<table class="table table--cards">');
    expect(page.text).toContain('指標① 移住相談件数');
    expect(page.text).toContain('目標値 27 → 32');
    expect(page.text).toContain(
      `/api/v1/organizations/${cast.organizationId}/projects/${projectId}/ledger/export?format=csv`,
    );

    const ledgerLink = `/o/${cast.organizationId}/projects/${projectId}/ledger`;
    const list = await t.http().get(`/o/${cast.organizationId}/projects`).set(as(cast.tokens.owner)).expect(200);
    expect(list.text).toContain(`href="${ledgerLink}"`);
    const report = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${reportIds[2022]}`)
      .set(as(cast.tokens.owner))
      .expect(200);
    expect(report.text).toContain(`href="${ledgerLink}"`);
  });
});
