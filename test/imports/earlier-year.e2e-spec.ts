import { Workbook } from 'exceljs';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, ictParkR2Report, type Municipality, municipality, seedText, importAsPublished } from './import-scenario';

const ASAHIKAWA = seedText('asahikawa-r4-results-report.txt');
describe('The multi-year record: an earlier year imported after a later one changes nothing published', () => {
  let t: TestApp;
  let asahikawa: Municipality;
  let r4: { id: string; projectId: string };

  const api = (path: string) => `/api/v1/organizations/${asahikawa.organizationId}${path}`;
  const get = (path: string, query: object = {}) =>
    t.http().get(api(path)).query(query).set(as(asahikawa.tokens.planning)).expect(200);
  const download = async (format: 'xlsx' | 'csv' | 'html', edition?: number) =>
    (
      await get(`/exports/reports/${r4.id}`, { format, ...(edition ? { edition } : {}) })
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;
  /** The printed-at time is when the page was printed, not report content. */
  const withoutPrintTime = (html: Buffer) => html.toString('utf8').replace(/<footer>.*?出力/s, '<footer>出力');
  const cellValues = async (xlsx: Buffer) => {
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    return workbook.worksheets.map((sheet) => sheet.getSheetValues());
  };
  const importPublished = async (text: string, sourceName: string) =>
    (
      await importAsPublished(t, asahikawa.organizationId, asahikawa.tokens.admin, {
        text,
        sourceName,
        departmentId: asahikawa.departments.economy,
      })
    ).checked;

  beforeAll(async () => {
    t = await createTestApp();
    asahikawa = await municipality(t, '012041', '旭川市');
    await importPublished(ASAHIKAWA, 'asahikawa-r4-results-report.txt');
    const list = (await get('/reports', { q: 'ICTパーク' })).body;
    r4 = { id: list.items[0].id, projectId: list.items[0].projectId };
  });

  afterAll(() => t.close());

  it('keeps the R4 report, its exports, version and revisions exactly as published, and the project as it is', async () => {
    const before = {
      view: (await get(`/reports/${r4.id}`)).body,
      revisions: (await get(`/reports/${r4.id}/revisions`)).body,
      project: (await get(`/projects/${r4.projectId}`)).body,
      csv: await download('csv'),
      html: withoutPrintTime(await download('html')),
      xlsx: await cellValues(await download('xlsx')),
    };
    expect(before.view.kpis[0]).toMatchObject({ definition: { target: 32 }, achievementPercent: 18.8 });

    const checked = await importPublished(ictParkR2Report(), 'ict-park-r2.txt');
    expect(checked.counts).toMatchObject({ reports: 1, newProjects: 0, linkedProjects: 1, errors: 0 });
    expect(checked.reports[0].project).toMatchObject({ action: 'link', projectId: r4.projectId });
    const kept = checked.reports[0].warnings.find((warning: { code: string }) => warning.code === 'kept_in_year_plan');
    expect(kept.message).toContain('R2年度の報告は当時の計画で記録されます');
    expect(kept.details).toContain('⑤指標①の目標値 当時 27 / 現在 32');
    expect(kept.details).toContain('②実施計画期間(最終年度) 当時 R4年度 / 現在 R6年度');

    expect((await get(`/reports/${r4.id}`)).body).toEqual(before.view);
    expect((await get(`/reports/${r4.id}/revisions`)).body).toEqual(before.revisions);
    expect((await get(`/projects/${r4.projectId}`)).body).toEqual(before.project);
    expect((await download('csv')).equals(before.csv)).toBe(true);
    expect(withoutPrintTime(await download('html'))).toBe(before.html);
    expect(await cellValues(await download('xlsx'))).toEqual(before.xlsx);
  });

  it("shows the R2 report against R2's own plan: its target, its plan period, its achievement", async () => {
    const r2 = (await get('/reports', { q: 'ICTパーク', fiscalYear: 2020 })).body.items[0];
    const view = (await get(`/reports/${r2.id}`)).body;
    expect(view).toMatchObject({
      fiscalYear: 2020,
      status: 'published',
      planYearLabel: '初年度',
      project: { id: r4.projectId, planStartFiscalYear: 2020, planEndFiscalYear: 2022 },
      editions: [{ edition: 1, correctionReason: null }],
    });
    expect(view.kpis[0]).toMatchObject({ definition: { target: 27 }, latestValue: 6, achievementPercent: 22.2 });
  });

  it('corrects the R4 report only as a new edition (訂正), which every export names; edition 1 stays as published', async () => {
    const published = (await get(`/reports/${r4.id}`)).body;
    const firstCsv = await download('csv');
    const post = (path: string, token: string, body: object = {}) =>
      t
        .http()
        .post(api(`/reports/${r4.id}${path}`))
        .set(as(token))
        .send(body);

    await post('/correct', asahikawa.tokens.planning, { reason: '実績額の誤記' }).expect(403);
    const opened = (await post('/correct', asahikawa.tokens.admin, { reason: '④の実績額の誤記を訂正' }).expect(200))
      .body;
    expect(opened).toMatchObject({ status: 'correcting', statusLabel: '訂正中' });
    await t
      .http()
      .patch(api(`/reports/${r4.id}`))
      .set(as(asahikawa.tokens.owner))
      .send({ version: opened.version, effectNarrative: '訂正後の説明' })
      .expect(200);
    await post('/publish', asahikawa.tokens.planning).expect(409);
    // Submitted as complete as a first submission: a report imported as published may first need what is asked now.
    const incomplete = (await post('/submit-correction', asahikawa.tokens.owner).expect(422)).body;
    expect(incomplete.details.map((detail: { path: string }) => detail.path)).toEqual(['/effectLevelReason']);
    await t
      .http()
      .patch(api(`/reports/${r4.id}`))
      .set(as(asahikawa.tokens.owner))
      .send({ version: opened.version + 1, effectLevelReason: '目安より効果が大きかったため' })
      .expect(200);
    await post('/submit-correction', asahikawa.tokens.owner).expect(200);
    const republished = (await post('/publish', asahikawa.tokens.planning).expect(200)).body;
    expect(republished.editions).toEqual([
      { edition: 1, publishedAt: published.editions[0].publishedAt, correctionReason: null },
      { edition: 2, publishedAt: expect.any(String), correctionReason: '④の実績額の誤記を訂正' },
    ]);

    const csv = (await download('csv')).toString('utf8').split('\n')[1];
    expect(csv).toMatch(/,2,\d{4}-\d{2}-\d{2},④の実績額の誤記を訂正$/);
    expect((await download('html')).toString('utf8')).toContain('訂正（④の実績額の誤記を訂正）');
    expect(JSON.stringify(await cellValues(await download('xlsx')))).toContain('訂正履歴');
    expect((await download('csv', 1)).equals(firstCsv)).toBe(true);
    expect((await get(`/reports/${r4.id}/editions/1`)).body).toMatchObject({
      effect: published.effect,
      editions: [{ edition: 1 }],
    });
    await t
      .http()
      .get(api(`/reports/${r4.id}/editions/3`))
      .set(as(asahikawa.tokens.planning))
      .expect(404);
  });
});
