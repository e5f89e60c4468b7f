import { Workbook } from 'exceljs';
import { seedReports } from '../../bench/support/seed-reports';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { rowsFromWorkbook } from '../../src/imports/source-rows';
import { ASAHIKAWA_R4_REPORTS, KUSHIRO_R4_PROJECTS } from '../fixtures/seed-reports';
import { as, type Municipality, municipality, PUBLISHED_ON, seedText } from '../imports/import-scenario';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, expectNoHorizontalScroll, PHONE } from '../web/support/browser';

const CHROMIUM = '/usr/bin/chromium';

/** Collects a binary response body (supertest buffers only text by default). */
function binary(response: any, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Every sheet's cell values, row by row (a merged range once): what "the same file content" means for a workbook. */
async function sheetContents(xlsx: Buffer): Promise<Record<string, string[][]>> {
  return Object.fromEntries(
    (await rowsFromWorkbook(xlsx)).map((sheet) => [sheet.name, sheet.rows.map((row) => row.cells)]),
  );
}

describe('Exports: the official layout, CSV, printable pages and the year summary', () => {
  let t: TestApp;
  let asahikawa: Municipality;
  let copy: Municipality;
  let kushiro: Municipality;
  let published: { reportId: string }[];

  const org = (m: Municipality) => `/api/v1/organizations/${m.organizationId}`;

  async function importText(
    m: Municipality,
    token: string,
    text: string,
    mode: string,
    departmentId = m.departments.economy,
  ) {
    const body = { text, departmentId, mode, ...(mode === 'published' ? { publishedOn: PUBLISHED_ON } : {}) };
    const checked = (
      await t
        .http()
        .post(`${org(m)}/imports/dry-run`)
        .set(as(token))
        .send(body)
        .expect(200)
    ).body;
    expect(checked.counts.errors).toBe(0);
    return (
      await t
        .http()
        .post(`${org(m)}/imports`)
        .set(as(token))
        .send({ ...body, checksum: checked.checksum })
        .expect(201)
    ).body;
  }

  async function importWorkbook(m: Municipality, token: string, xlsx: Buffer, mode: string) {
    const upload = (path: string, checksum?: string) => {
      const request = t
        .http()
        .post(`${org(m)}/imports/${path}`)
        .set(as(token))
        .field('departmentId', m.departments.economy)
        .field('mode', mode);
      if (mode === 'published') request.field('publishedOn', PUBLISHED_ON);
      return (checksum ? request.field('checksum', checksum) : request).attach('file', xlsx, 'export.xlsx');
    };
    const checked = (await upload('dry-run/upload').expect(200)).body;
    expect(checked.errors).toEqual([]);
    expect(checked.reports.flatMap((report: any) => report.errors)).toEqual([]);
    return (await upload('upload', checked.checksum).expect(201)).body;
  }

  const download = (m: Municipality, token: string, path: string, query: object = {}) =>
    t
      .http()
      .get(`${org(m)}/${path}`)
      .query(query)
      .set(as(token))
      .buffer(true)
      .parse(binary);

  beforeAll(async () => {
    t = await createTestApp();
    asahikawa = await municipality(t, '012041', '旭川市');
    copy = await municipality(t, '012033', '小樽市');
    kushiro = await municipality(t, '012068', '釧路市');
    published = (
      await importText(asahikawa, asahikawa.tokens.admin, seedText('asahikawa-r4-results-report.txt'), 'published')
    ).reports;
    await importText(kushiro, kushiro.tokens.planning, seedText('kushiro-r4-grant-kpi-results.txt'), 'draft');
  });

  afterAll(() => t.close());

  it('exports one report in the official layout ①–⑧ with computed totals, audited', async () => {
    const response = await download(
      asahikawa,
      asahikawa.tokens.owner,
      `exports/reports/${published[2].reportId}`,
    ).expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('事業実施結果報告_R4年度_No3_')}`,
    );
    const [rows] = Object.values(await sheetContents(response.body));
    const seed = ASAHIKAWA_R4_REPORTS[2];
    expect(rows[0][0]).toBe('地方創生関連交付金事業及び企業版ふるさと納税活用事業に係る事業実施結果報告');
    expect(rows[2]).toEqual(['3', seed.projectName, '', 'R2年度～R4年度 (3年度目)', '', '', '', '']);
    expect(rows.find((row) => row[0].startsWith('合計'))).toEqual([
      '合計 (うち交付金対象)',
      '',
      '',
      '13,405 (6,702)',
      '13,015 (6,507)',
      '',
      '',
      '',
    ]);
    expect(rows.find((row) => row[0] === '指標①')?.slice(1, 7)).toEqual([
      seed.kpis[0].name,
      '0',
      '350',
      '人',
      'R6.3月',
      '67',
    ]);
    expect(rows.find((row) => row[0] === '今後の方針')).toBeDefined();
    expect(rows.some((row) => row.includes(seed.policy))).toBe(true);
    const audit = (
      await t
        .http()
        .get(`${org(asahikawa)}/audit`)
        .query({ action: 'report.exported', reportId: published[2].reportId })
        .set(as(asahikawa.tokens.admin))
        .expect(200)
    ).body.items;
    expect(audit[0].details).toMatchObject({ format: 'xlsx', fiscalYear: 2022, status: 'published' });
  });

  it('export → import → export gives the same content, for all reports of a fiscal year', async () => {
    const first = (await download(asahikawa, asahikawa.tokens.planning, 'exports/fiscal-years/R4').expect(200)).body;
    const firstContent = await sheetContents(first);
    expect(Object.keys(firstContent)).toHaveLength(5);
    const imported = await importWorkbook(copy, copy.tokens.admin, first, 'published');
    expect(imported.reports).toHaveLength(5);
    const second = (await download(copy, copy.tokens.planning, 'exports/fiscal-years/2022').expect(200)).body;
    expect(await sheetContents(second)).toEqual(firstContent);

    // The data itself survived too, not only its printout.
    const original = (
      await t
        .http()
        .get(`${org(asahikawa)}/reports/${published[3].reportId}`)
        .set(as(asahikawa.tokens.planning))
        .expect(200)
    ).body;
    const reimported = (
      await t
        .http()
        .get(`${org(copy)}/reports/${imported.reports[3].reportId}`)
        .set(as(copy.tokens.planning))
        .expect(200)
    ).body;
    const content = (view: any) => ({
      budgetLines: view.budgetLines,
      totals: view.totals,
      kpis: view.kpis,
      effect: view.effect,
      evaluation: view.evaluation,
      policy: view.policy.formText,
      reason: view.policy.reason,
      overview: view.project.overview,
    });
    expect(content(reimported)).toEqual(content(original));
  });

  it('imports back the year of a municipality with more reports than fit on 50 sheets', async () => {
    const large = await municipality(t, '012025', '函館市');
    const other = await municipality(t, '012050', '室蘭市');
    await importText(large, large.tokens.admin, seedReports(12).toString('utf8'), 'published');
    const year = (await download(large, large.tokens.planning, 'exports/fiscal-years/2022').expect(200)).body;
    const content = await sheetContents(year);
    expect(Object.keys(content)).toHaveLength(60);

    const imported = await importWorkbook(other, other.tokens.admin, year, 'published');
    expect(imported.reports).toHaveLength(60);
    const again = (await download(other, other.tokens.planning, 'exports/fiscal-years/2022').expect(200)).body;
    expect(await sheetContents(again)).toEqual(content);
  }, 120_000);

  it('keeps (案) on drafts through the round trip', async () => {
    const [kushiroDraft] = (
      await t
        .http()
        .get(`${org(kushiro)}/reports`)
        .set(as(kushiro.tokens.planning))
        .expect(200)
    ).body.items;
    const first = (await download(kushiro, kushiro.tokens.planning, `exports/reports/${kushiroDraft.id}`).expect(200))
      .body;
    const firstContent = await sheetContents(first);
    const [rows] = Object.values(firstContent);
    expect(rows[0][0]).toMatch(/事業実施結果報告\(案\)$/);
    expect(rows.some((row) => row[0] === '⑦外部有識者からの評価(案)')).toBe(true);
    const imported = await importWorkbook(copy, copy.tokens.planning, first, 'draft');
    const second = (
      await download(copy, copy.tokens.planning, `exports/reports/${imported.reports[0].reportId}`).expect(200)
    ).body;
    expect(Object.values(await sheetContents(second))).toEqual(Object.values(firstContent));
  });

  it('exports CSV with one row per KPI, UTF-8 with BOM', async () => {
    const response = await download(asahikawa, asahikawa.tokens.planning, 'exports/fiscal-years/R4', {
      format: 'csv',
    }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = response.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      '年度,年度(和暦),番号,国提出事業名,交付金,担当課,状態,指標,指標名,基準値,目標値,単位,目標年月,最新値,最新値の時点,参考値,達成率(%),事業効果,事業の評価,今後の方針,事業効果の目安,要因分析(結果の要因),要因分析(今後講じる措置),前年度の方針への対応,版,訂正日,訂正の理由',
    );
    expect(lines).toHaveLength(1 + ASAHIKAWA_R4_REPORTS.reduce((sum, seed) => sum + seed.kpis.length, 0));
    expect(lines[1]).toBe(
      `2022,R4年度,1,${ASAHIKAWA_R4_REPORTS[0].projectName},地方創生推進交付金,経済部,公表済,指標①,本事業を活用した商談成立数,0,120,件,2024-03,124,2023-06,,103.3,地方創生に効果があった,総合戦略のKPI達成に有効であった,事業の継続,地方創生に相当程度効果があった,,,,1,,`,
    );

    const kushiroCsv = (
      await download(kushiro, kushiro.tokens.planning, 'exports/fiscal-years/R4', { format: 'csv' }).expect(200)
    ).body.toString('utf8');
    expect(kushiroCsv.split('\n')[0]).toContain('実績値(R元年度),実績値(R2年度),実績値(R3年度),実績値(R4年度)');
    expect(kushiroCsv).toContain('本事業による雇用創出数,,15,人,2023-03,18,,,,21,6,25,18');
  });

  it('renders a printable page, escaped, that fits A4', async () => {
    const response = await t
      .http()
      .get(`${org(asahikawa)}/exports/reports/${published[3].reportId}`)
      .query({ format: 'html' })
      .set(as(asahikawa.tokens.planning))
      .expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.text;
    expect(html).toContain('@page { size: A4 portrait');
    expect(html).toContain('--color-neutral-solid-gray-900');
    expect(html).not.toContain('(案)');
    for (const kpi of ASAHIKAWA_R4_REPORTS[3].kpis) expect(html).toContain(kpi.name);
    expect(html).toContain('54,554 (27,272)');

    const project = (
      await t
        .http()
        .post(`${org(asahikawa)}/projects`)
        .set(as(asahikawa.tokens.owner))
        .send({
          departmentId: asahikawa.departments.economy,
          name: '<script>alert(1)</script>事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2024,
          planEndFiscalYear: 2026,
        })
        .expect(201)
    ).body;
    const draft = (
      await t
        .http()
        .post(`${org(asahikawa)}/reports`)
        .set(as(asahikawa.tokens.owner))
        .send({ projectId: project.id, fiscalYear: 2024 })
        .expect(201)
    ).body;
    const page = (
      await t
        .http()
        .get(`${org(asahikawa)}/exports/reports/${draft.id}`)
        .query({ format: 'html' })
        .set(as(asahikawa.tokens.owner))
        .expect(200)
    ).text;
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;事業');
    expect(page).not.toContain('<script>');
    expect(page).toContain('⑦外部有識者からの評価(案)');
    // The title marks the draft, once.
    expect(page).toContain('<h1 class="report-title">事業実施結果報告(案)</h1>');
    expect(page.match(/<header>[\s\S]*?<\/header>/)![0].match(/案/g)).toHaveLength(1);

    if (!existsSync(CHROMIUM)) return; // the print check needs Debian's chromium (apt-get install chromium)
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      // A context of its own, as axe needs to read the page.
      const tab = await (await browser.newContext()).newPage();
      await tab.setContent(html);
      await tab.emulateMedia({ media: 'print' });
      const pdf = await tab.pdf({ preferCSSPageSize: true });
      const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/g)];
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const [, width, height] of pages)
        expect([Math.round(Number(width)), Math.round(Number(height))]).toEqual([595, 842]);
      // Nothing wider than the printable width of A4 (210mm − 2 × 12mm at 96 dpi).
      await tab.setViewportSize({ width: 703, height: 1000 });
      expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(703);
      // Read on a phone, as a page like any other: nothing wider than the screen, landmarks and headings in order.
      await tab.emulateMedia({ media: 'screen' });
      await tab.setViewportSize(PHONE);
      await expectNoHorizontalScroll(tab);
      await expectAccessible(tab);
    } finally {
      await browser.close();
    }
  });

  it('summarizes a fiscal year for the planning division like the Kushiro table', async () => {
    const summary = (
      await t
        .http()
        .get(`${org(kushiro)}/year-summaries/R4`)
        .set(as(kushiro.tokens.planning))
        .expect(200)
    ).body;
    expect(summary).toMatchObject({ fiscalYear: 2022, fiscalYearLabel: 'R4年度', years: [2019, 2020, 2021, 2022] });
    expect(summary.projects.map((project: any) => project.name).sort()).toEqual(
      KUSHIRO_R4_PROJECTS.map((project) => project.name).sort(),
    );
    for (const seed of KUSHIRO_R4_PROJECTS) {
      const project = summary.projects.find((candidate: any) => candidate.name === seed.name);
      expect(
        project.kpis.map((kpi: any) => [
          kpi.name,
          kpi.target,
          Object.fromEntries(kpi.actuals.map((actual: any) => [actual.fiscalYear, actual.value])),
        ]),
      ).toEqual(seed.kpis.map((kpi) => [kpi.name, kpi.target, kpi.actuals]));
    }

    const asahikawaSummary = (
      await t
        .http()
        .get(`${org(asahikawa)}/year-summaries/2022`)
        .set(as(asahikawa.tokens.planning))
        .expect(200)
    ).body;
    const first = asahikawaSummary.projects[0];
    expect(first).toMatchObject({
      projectNumber: '1',
      decision: 'continue',
      decisionLabel: '事業の継続',
      ratingLabel: '総合戦略のKPI達成に有効であった',
    });
    expect(first.kpis[0]).toMatchObject({
      achievementPercent: 103.3,
      actuals: [{ fiscalYear: 2022, value: 124, achievementPercent: 103.3 }],
    });

    const workbook = await download(kushiro, kushiro.tokens.planning, 'year-summaries/R4/xlsx').expect(200);
    const [rows] = Object.values(await sheetContents(workbook.body));
    expect(rows[1]).toEqual(
      expect.arrayContaining(['事業の名称', '実績値 R元年度', '実績値 R4年度', '達成率(%)', '今後の方針']),
    );
    // The project's cells span its KPI rows.
    const start = rows.findIndex((row) => row[1] === KUSHIRO_R4_PROJECTS[0].name);
    expect(rows.slice(start, start + 3).map((row) => [row[1], row[6]])).toEqual(
      KUSHIRO_R4_PROJECTS[0].kpis.map((kpi, index) => [index === 0 ? KUSHIRO_R4_PROJECTS[0].name : '', kpi.name]),
    );
  });

  describe('a report whose file name would end in half an emoji', () => {
    const prefix = '事業実施結果報告_R4年度_No99_';
    // The emoji takes the 120th and 121st UTF-16 code units, where the file name is cut.
    const kept = 'あ'.repeat(119 - prefix.length);
    let reportId: string;
    const auditedFormats = async () =>
      (
        await t.dataSource.query(
          `SELECT details->>'format' AS format FROM audit_entries WHERE action = 'report.exported' AND entity_id = $1 ORDER BY id`,
          [reportId],
        )
      ).map((entry: { format: string }) => entry.format);

    beforeAll(async () => {
      const owner = as(asahikawa.tokens.owner);
      const project = await t
        .http()
        .post(`${org(asahikawa)}/projects`)
        .set(owner)
        .send({
          ...projectRequest(ASAHIKAWA_R4_REPORTS[0], asahikawa.departments.economy),
          projectNumber: '99',
          name: `${kept}🌸まつり`,
        })
        .expect(201);
      reportId = (
        await t
          .http()
          .post(`${org(asahikawa)}/reports`)
          .set(owner)
          .send({ projectId: project.body.id, fiscalYear: 2022 })
          .expect(201)
      ).body.id;
    });

    it('exports it in every format, named up to the emoji, each audited once', async () => {
      for (const format of ['xlsx', 'csv', 'html']) {
        const response = await download(asahikawa, asahikawa.tokens.owner, `exports/reports/${reportId}`, {
          format,
        }).expect(200);
        expect(response.headers['content-disposition']).toContain(
          `filename*=UTF-8''${encodeURIComponent(`${prefix}${kept}.${format}`)}`,
        );
      }
      expect(await auditedFormats()).toEqual(['xlsx', 'csv', 'html']);
    });

    it('writes no export entry when the file cannot be built', async () => {
      const before = await auditedFormats();
      const addWorksheet = jest.spyOn(Workbook.prototype, 'addWorksheet').mockImplementationOnce(() => {
        throw new Error('The workbook cannot be built.');
      });
      try {
        await download(asahikawa, asahikawa.tokens.owner, `exports/reports/${reportId}`).expect(500);
      } finally {
        addWorksheet.mockRestore();
      }
      expect(await auditedFormats()).toEqual(before);
    });
  });

  it('exports only what the caller may see, each refusal in JSON rather than as a file', async () => {
    const refused = async (request: ReturnType<typeof download>, status: number) => {
      const response = await request.expect(status);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['content-disposition']).toBeUndefined();
    };
    const report = `exports/reports/${published[0].reportId}`;
    for (const format of ['xlsx', 'csv', 'html'])
      await refused(download(asahikawa, asahikawa.tokens.expert, report, { format }), 404);
    await refused(download(asahikawa, asahikawa.tokens.otherOwner, report), 404);
    for (const format of ['xlsx', 'csv'])
      await refused(download(asahikawa, asahikawa.tokens.expert, 'exports/fiscal-years/R4', { format }), 404);
    await refused(download(asahikawa, asahikawa.tokens.owner, 'year-summaries/R4'), 403);
    await refused(download(asahikawa, asahikawa.tokens.owner, 'year-summaries/R4/xlsx'), 403);
    await refused(download(asahikawa, asahikawa.tokens.planning, 'exports/fiscal-years/next-year'), 400);
    await refused(download(asahikawa, asahikawa.tokens.planning, report, { format: 'pdf' }), 400);
    await refused(download(kushiro, asahikawa.tokens.planning, 'exports/fiscal-years/R4'), 404);
    for (const format of ['xlsx', 'csv'])
      await refused(
        download(asahikawa, asahikawa.tokens.owner, `projects/${randomUUID()}/ledger/export`, { format }),
        404,
      );
  });
});
