import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import {
  as,
  ictParkR2Report,
  type Municipality,
  municipality,
  seedText,
  importAsPublished,
} from '../imports/import-scenario';
import { changeSettings } from '../support/organization-scenario';
import { enterSeedReport, isoYearMonth, reviewAndPropose } from '../support/report-scenario';
import { addUser, createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  newPage,
  PHONE,
  serve,
} from '../web/support/browser';

type Row = Record<string, string>;

/** The body of a file response as bytes, whatever its type. */
function bytes(response: Response): Buffer {
  return response.body as Buffer;
}

function parseCsv(body: Buffer): Row[] {
  return parse<Row>(body, { bom: true, columns: true });
}

function headerOf(body: Buffer): string[] {
  const [header]: string[][] = parse(body, { bom: true, to_line: 1 });
  return header;
}

/** Each dataset's CSV file and its key in data.json. */
const DATASETS = [
  { file: 'kpis.csv', jsonKey: 'kpis' },
  { file: 'reports.csv', jsonKey: 'reports' },
  { file: 'budget-lines.csv', jsonKey: 'budgetLines' },
  { file: 'kpi-yearly-actuals.csv', jsonKey: 'kpiYearlyActuals' },
  { file: 'editions.csv', jsonKey: 'editions' },
] as const;
const FILES = [...DATASETS.map((dataset) => dataset.file), 'data.json'];

/** A text cell as entered: the CSV puts an apostrophe before what a spreadsheet would run as a formula. */
function textIn(cell: string): string {
  return cell.replace(/^'(?=[=+\-@\t\r])/, '');
}

/** A CSV number cell as the number it stands for; an empty cell is no value. */
function numberIn(cell: string): number | null {
  return cell === '' ? null : Number(cell);
}

describe('Open data: per year and for all years, CSV and JSON with column definitions, from the public record only', () => {
  let t: TestApp;
  let asahikawa: Municipality;
  let approver: string;
  const code = '012041';
  const base = `/public/${code}/open-data`;
  const api = (path: string) => `/api/v1/organizations/${asahikawa.organizationId}${path}`;
  /** Views of every published report, as the signed-in API shows them. */
  let published: any[];
  /** Reports of the same municipality that are not published: they must appear nowhere. */
  const hidden: { id: string; projectName: string; status: string }[] = [];

  const download = (path: string) =>
    t
      .http()
      .get(path)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  const importPublished = async (text: string, sourceName: string, publishedOn: string) =>
    (
      await importAsPublished(t, asahikawa.organizationId, asahikawa.tokens.admin, {
        text,
        sourceName,
        departmentId: asahikawa.departments.economy,
        publishedOn,
      })
    ).checked;

  /**
   * A report of a new project of the same year, entered by its owner and taken as far as `until`; one published gives
   * its KPIs' actuals of the plan's years before its own (R3: 2021) too.
   */
  const entered = async (projectName: string, until: 'draft' | 'decided' | 'withdrawn' | 'published') => {
    const seed: SeedReport = { ...ASAHIKAWA_R4_REPORTS[1], number: 90 + hidden.length, projectName };
    const { id, version } = await enterSeedReport(
      t,
      asahikawa.tokens.owner,
      asahikawa.organizationId,
      asahikawa.departments.economy,
      seed,
    );
    if (until === 'published')
      await t
        .http()
        .patch(api(`/reports/${id}`))
        .set(as(asahikawa.tokens.owner))
        .send({
          version,
          kpiResults: seed.kpis.map((kpi, index) => ({
            position: kpi.position,
            yearlyActuals: [{ fiscalYear: 2021, value: 100 + index }],
          })),
        })
        .expect(200);
    if (until !== 'draft') {
      await t
        .http()
        .post(api(`/reports/${id}/submit`))
        .set(as(asahikawa.tokens.owner))
        .expect(200);
      const [expert] = await t.dataSource.query(`SELECT id FROM users WHERE email = 'expert@${code}.example.jp'`);
      const cast = {
        organizationId: asahikawa.organizationId,
        departmentId: asahikawa.departments.economy,
        userIds: { expertA: expert.id as string },
        tokens: { planner: asahikawa.tokens.planning, expertA: asahikawa.tokens.expert },
      };
      await reviewAndPropose(t, cast, id, seed);
      await t
        .http()
        .post(api(`/reports/${id}/approve`))
        .set(as(approver))
        .expect(200);
    }
    if (until === 'published' || until === 'withdrawn')
      await t
        .http()
        .post(api(`/reports/${id}/publish`))
        .set(as(asahikawa.tokens.planning))
        .expect(200);
    if (until === 'withdrawn')
      await t
        .http()
        .post(api(`/reports/${id}/withdraw-publication`))
        .set(as(asahikawa.tokens.admin))
        .send({ reason: '公表内容の確認のため取り消します' })
        .expect(200);
    if (until !== 'published') hidden.push({ id, projectName, status: until });
  };

  /** Every report of the municipality as the signed-in API shows it. */
  const reportViews = async (): Promise<any[]> => {
    const list = (await t.http().get(api('/reports')).set(as(asahikawa.tokens.planning)).expect(200)).body;
    return Promise.all(
      list.items.map(
        async (item: any) =>
          (
            await t
              .http()
              .get(api(`/reports/${item.id}`))
              .set(as(asahikawa.tokens.planning))
              .expect(200)
          ).body,
      ),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    asahikawa = await municipality(t, code, '旭川市');
    await addUser(t, asahikawa.organizationId, `approver@${code}.example.jp`, Role.PlanningDivision);
    approver = await signIn(t, `approver@${code}.example.jp`);
    await importPublished(seedText('asahikawa-r4-results-report.txt'), 'asahikawa-r4-results-report.txt', '2023-09-29');
    await importPublished(ictParkR2Report(), 'ict-park-r2.txt', '2021-09-30');
    await entered('公開前の下書き事業', 'draft');
    await entered('方針決定済み未公表の事業', 'decided');
    await entered('公表を取り消した事業', 'withdrawn');
    await seedOrganization(t, '012068', '釧路市');

    const views = await reportViews();
    published = views.filter((view) => view.status === 'published');
    expect(published.map((view) => view.fiscalYear).sort()).toEqual([2020, 2022, 2022, 2022, 2022, 2022]);
    expect(views.filter((view) => view.status !== 'published').map((view) => view.status)).toEqual(
      expect.arrayContaining(['draft', 'decided', 'withdrawn']),
    );
  });

  afterAll(() => t.close());

  describe("the seed year's KPI file", () => {
    let response: Response;
    let rows: Row[];

    beforeAll(async () => {
      response = await download(`${base}/2022/kpis.csv`).expect(200);
      rows = parseCsv(bytes(response));
    });

    it('is UTF-8 CSV with a BOM and CRLF, under a stable file name, with its licence and column file linked', () => {
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect([...bytes(response).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes(response).toString('utf8')).toMatch(/^\uFEFF全国地方公共団体コード,団体名,[^\n]*\r\n/);
      expect(response.headers['content-disposition']).toContain('filename="012041_2022_kpis.csv"');
      expect(response.headers.link).toBe(
        '<https://creativecommons.org/licenses/by/4.0/deed.ja>; rel="license", ' +
          `<${base}/columns/kpis.csv>; rel="describedby"`,
      );
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(response.headers['last-modified']).toBeDefined();
      expect(response.headers.etag).toBeDefined();
    });

    it('parses back to the published numbers of every KPI, as the report API shows them and as the seed says', () => {
      const ofYear = published.filter((view) => view.fiscalYear === 2022);
      expect(rows).toHaveLength(ofYear.reduce((sum, view) => sum + view.kpis.length, 0));
      for (const view of ofYear) {
        const seed = ASAHIKAWA_R4_REPORTS.find((candidate) => String(candidate.number) === view.project.projectNumber)!;
        for (const kpi of view.kpis) {
          const row = rows.find(
            (candidate) => candidate['報告ID'] === view.id && candidate['指標番号'] === String(kpi.definition.position),
          )!;
          const seedKpi = seed.kpis.find((candidate) => candidate.position === kpi.definition.position)!;
          expect({
            code: row['全国地方公共団体コード'],
            name: row['団体名'],
            fiscalYear: numberIn(row['年度']),
            fiscalYearJapanese: row['年度（和暦）'],
            projectNumber: row['事業番号'],
            projectName: row['事業名'],
            kpiName: row['指標名'],
            baseline: numberIn(row['基準値']),
            target: numberIn(row['目標値']),
            unit: row['単位'],
            targetYearMonth: row['目標年月'],
            latestValue: numberIn(row['最新値']),
            latestAsOf: row['最新値の時点'],
            achievementPercent: numberIn(row['達成率']),
            effectLevel: row['事業効果'],
            panelRating: row['評価'],
            policyDecision: row['今後の方針'],
            policyKind: row['方針区分'],
            edition: numberIn(row['版']),
            pageUrl: row['報告ページURL'],
          }).toEqual({
            code,
            name: '旭川市',
            fiscalYear: 2022,
            fiscalYearJapanese: '令和4年度',
            projectNumber: String(seed.number),
            projectName: seed.projectName,
            kpiName: seedKpi.name,
            baseline: seedKpi.baseline,
            target: seedKpi.target,
            unit: seedKpi.unit,
            targetYearMonth: isoYearMonth(seedKpi.targetYearMonth),
            latestValue: seedKpi.latestValue,
            latestAsOf: isoYearMonth(seedKpi.latestAsOf) ?? '',
            achievementPercent: kpi.achievementPercent,
            effectLevel: seed.effectLevel,
            panelRating: seed.panelRating,
            policyDecision: view.policy.label,
            policyKind: view.policy.decision,
            edition: 1,
            pageUrl: `${t.config.baseUrl}/public/${code}/reports/${view.id}`,
          });
          expect(kpi).toMatchObject({
            definition: { baseline: seedKpi.baseline, target: seedKpi.target },
            latestValue: seedKpi.latestValue,
          });
        }
      }
    });

    it('gives dates in ISO 8601 with 和暦 beside them; imported history as the day it was published', () => {
      for (const row of rows) {
        expect(row['目標年月']).toMatch(/^\d{4}-\d{2}$/);
        expect(row['目標年月（和暦）']).toMatch(/^令和(元|\d+)年\d+月$/);
        expect([row['公表日'], row['公表日（和暦）']]).toEqual(['2023-09-29', '令和5年9月29日']);
      }
    });
  });

  it("parses back to each published report's plan period and ④ totals in 千円 (the seed year's report file)", async () => {
    const rows = parseCsv(bytes(await download(`${base}/2022/reports.csv`).expect(200)));
    const ofYear = published.filter((view) => view.fiscalYear === 2022);
    expect(rows.map((row) => row['報告ID']).sort()).toEqual(ofYear.map((view) => view.id).sort());
    for (const view of ofYear) {
      const seed = ASAHIKAWA_R4_REPORTS.find((candidate) => String(candidate.number) === view.project.projectNumber)!;
      const row = rows.find((candidate) => candidate['報告ID'] === view.id)!;
      expect({
        planStart: numberIn(row['実施計画期間（開始年度）']),
        planEnd: numberIn(row['実施計画期間（終了年度）']),
        budgetAmount: numberIn(row['予算額']),
        budgetGrantAmount: numberIn(row['予算額のうち交付金見込']),
        actualAmount: numberIn(row['実績額']),
        actualGrantAmount: numberIn(row['実績額のうち交付金']),
        panelOpinion: row['外部有識者からの意見'],
        policyReason: row['今後の方針の理由'],
        correctionReason: row['訂正理由'],
      }).toEqual({
        planStart: seed.planStartFiscalYear,
        planEnd: seed.planEndFiscalYear,
        ...seed.publishedTotals,
        panelOpinion: seed.panelOpinion,
        policyReason: seed.policyReason,
        correctionReason: '',
      });
      expect(view.totals.computed).toEqual(seed.publishedTotals);
    }
  });

  describe("the seed year's budget-line file", () => {
    let response: Response;
    let rows: Row[];

    beforeAll(async () => {
      response = await download(`${base}/2022/budget-lines.csv`).expect(200);
      rows = parseCsv(bytes(response));
    });

    it('is served like the other files: CSV under a stable name, with its licence and column file linked', () => {
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(bytes(response).toString('utf8')).toMatch(/^\uFEFF全国地方公共団体コード,団体名,[^\n]*\r\n/);
      expect(response.headers['content-disposition']).toContain('filename="012041_2022_budget-lines.csv"');
      expect(response.headers.link).toBe(
        '<https://creativecommons.org/licenses/by/4.0/deed.ja>; rel="license", ' +
          `<${base}/columns/budget-lines.csv>; rel="describedby"`,
      );
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(response.headers.etag).toBeDefined();
    });

    it("parses back to every line of each published report's ④ as the seed says, in order, amounts in 千円", () => {
      const ofYear = published.filter((view) => view.fiscalYear === 2022);
      expect(rows).toHaveLength(ofYear.reduce((sum, view) => sum + view.budgetLines.length, 0));
      for (const view of ofYear) {
        const seed = ASAHIKAWA_R4_REPORTS.find((candidate) => String(candidate.number) === view.project.projectNumber)!;
        const lines = rows.filter((row) => row['報告ID'] === view.id);
        expect(
          lines.map((row) => ({
            number: numberIn(row['市予算事業番号']),
            projectName: row['事業名'],
            name: textIn(row['市予算事業名']),
            summary: textIn(row['概要']),
            results: textIn(row['主な事業実績']),
            budgetAmount: numberIn(row['予算額']),
            budgetGrantAmount: numberIn(row['予算額のうち交付金見込']),
            actualAmount: numberIn(row['実績額']),
            actualGrantAmount: numberIn(row['実績額のうち交付金']),
            edition: numberIn(row['版']),
            pageUrl: row['報告ページURL'],
          })),
        ).toEqual(
          seed.budgetLines.map((line, index) => ({
            number: index + 1,
            projectName: seed.projectName,
            ...line,
            edition: 1,
            pageUrl: `${t.config.baseUrl}/public/${code}/reports/${view.id}`,
          })),
        );
      }
    });
  });

  it('has every published line of every year in the all-years budget-line file, and only those', async () => {
    const rows = parseCsv(bytes(await download(`${base}/all/budget-lines.csv`).expect(200)));
    expect(rows).toHaveLength(published.reduce((sum, view) => sum + view.budgetLines.length, 0));
    expect([...new Set(rows.map((row) => Number(row['年度'])))].sort()).toEqual([2020, 2022]);
    for (const row of rows) {
      const view = published.find((candidate) => candidate.id === row['報告ID']);
      expect(view.budgetLines[Number(row['市予算事業番号']) - 1].name).toBe(textIn(row['市予算事業名']));
    }
  });

  it.each(DATASETS.map((dataset) => dataset.file))(
    'describes every column of %s in its column file: 項目名, 型, 説明, 単位',
    async (file) => {
      const definitions = await download(`${base}/columns/${file}`).expect(200);
      expect(definitions.headers['content-disposition']).toContain(`filename="012041_columns_${file}"`);
      const columns = parseCsv(bytes(definitions));
      expect(headerOf(bytes(definitions)).slice(0, 4)).toEqual(['項目名', '型', '説明', '単位']);
      const data = bytes(await download(`${base}/2022/${file}`).expect(200));
      expect(columns.map((column) => column['項目名'])).toEqual(headerOf(data));
      for (const column of columns) {
        expect(['文字列', '数値', '日付', '年月', '真偽値']).toContain(column['型']);
        expect(column['説明']).not.toBe('');
      }
      const amounts = columns.filter((column) => column['単位'] === '千円').map((column) => column['項目名']);
      expect(amounts).toEqual(
        {
          'kpis.csv': [],
          'reports.csv': ['予算額', '予算額のうち交付金見込', '実績額', '実績額のうち交付金'],
          'budget-lines.csv': ['予算額', '予算額のうち交付金見込', '実績額', '実績額のうち交付金'],
          'kpi-yearly-actuals.csv': [],
          'editions.csv': [],
        }[file],
      );
    },
  );

  it('gives the same rows in JSON, numbers as numbers, with the column definitions and the licence', async () => {
    const response = await t.http().get(`${base}/2022/data.json`).expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('filename="012041_2022_data.json"');
    const data = response.body;
    expect(data).toMatchObject({
      organization: { localGovernmentCode: code, name: '旭川市' },
      fiscalYear: 2022,
      licence: {
        name: 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
        url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
      },
    });
    expect(Object.keys(data.datasets)).toEqual(DATASETS.map((dataset) => dataset.jsonKey));
    for (const { file, jsonKey } of DATASETS) {
      const csv = parseCsv(bytes(await download(`${base}/2022/${file}`).expect(200)));
      const { columns, records } = data.datasets[jsonKey];
      expect(records).toHaveLength(csv.length);
      records.forEach((record: Record<string, unknown>, index: number) => {
        for (const column of columns) {
          const cell = csv[index][column.name];
          if (column.type === '数値') expect([column.key, record[column.key]]).toEqual([column.key, numberIn(cell)]);
          else if (column.type === '真偽値') expect(String(record[column.key])).toBe(cell);
          else expect((record[column.key] ?? '') as string).toBe(textIn(cell));
        }
      });
    }
  });

  it('has one file for all years with every published year, and each year alone in its own file', async () => {
    const all = parseCsv(bytes(await download(`${base}/all/kpis.csv`).expect(200)));
    expect([...new Set(all.map((row) => Number(row['年度'])))]).toEqual([2020, 2022]);
    const allReports = parseCsv(bytes(await download(`${base}/all/reports.csv`).expect(200)));
    expect(allReports.map((row) => row['報告ID']).sort()).toEqual(published.map((view) => view.id).sort());
    const json = (await t.http().get(`${base}/all/data.json`).expect(200)).body;
    expect(json.fiscalYear).toBeNull();
    expect(json.datasets.reports.records).toHaveLength(published.length);
    expect(json.datasets.budgetLines.records).toHaveLength(
      published.reduce((sum, view) => sum + view.budgetLines.length, 0),
    );
    const r2 = parseCsv(bytes(await download(`${base}/2020/reports.csv`).expect(200)));
    expect(r2.map((row) => [row['年度'], row['年度（和暦）'], row['事業名'], row['公表日']])).toEqual([
      ['2020', '令和2年度', expect.stringMatching(/^青少年ICTパークプロジェクト/), '2021-09-30'],
    ]);
  });

  it('names the project of every row by its 事業ID, the same in each year it was published', async () => {
    // The yearly actuals are checked with a report that has some (last): the official layout has no cell for them.
    for (const { file } of DATASETS.filter((dataset) => dataset.file !== 'kpi-yearly-actuals.csv')) {
      const rows = parseCsv(bytes(await download(`${base}/all/${file}`).expect(200)));
      for (const row of rows)
        expect(row['事業ID']).toBe(published.find((view) => view.id === row['報告ID']).project.id);
      // The ICT park's R2 report was brought in as the same project as its R4 report.
      const ictPark = rows.filter((row) => row['事業名'].startsWith('青少年ICTパークプロジェクト'));
      expect([...new Set(ictPark.map((row) => row['年度']))].sort()).toEqual(['2020', '2022']);
      expect(new Set(ictPark.map((row) => row['事業ID'])).size).toBe(1);
    }
    const json = (await t.http().get(`${base}/all/data.json`).expect(200)).body;
    expect(json.datasets.reports.records.map((record: any) => record.projectId).sort()).toEqual(
      published.map((view) => view.project.id).sort(),
    );
  });

  it('never contains a report of the same municipality that is a draft, decided but not published, or withdrawn', async () => {
    for (const file of ['2022', 'all'].flatMap((scope) => FILES.map((name) => `${scope}/${name}`))) {
      const body = bytes(await download(`${base}/${file}`).expect(200)).toString('utf8');
      for (const report of hidden) {
        expect([file, body.includes(report.id)]).toEqual([file, false]);
        expect([file, body.includes(report.projectName)]).toEqual([file, false]);
      }
    }
  });

  it('answers a conditional GET with 304 while nothing changed', async () => {
    for (const file of ['2022/kpis.csv', 'all/data.json', 'columns/reports.csv', '']) {
      const first = await t.http().get(`${base}/${file}`).expect(200);
      const again = await t.http().get(`${base}/${file}`).set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text).toBeFalsy();
      await t.http().get(`${base}/${file}`).set('If-Modified-Since', first.headers['last-modified']).expect(304);
    }
  });

  it.each([
    ['an unknown organization', '/public/131016/open-data/2022/kpis.csv'],
    ['a code that is no 地方公共団体コード', '/public/999999/open-data/all/data.json'],
    ['a year without public reports', `${base}/2021/kpis.csv`],
    ['a year in another form', `${base}/R4/reports.csv`],
    ['a column file of no dataset', `${base}/columns/data.json`],
    ['a file of no dataset', `${base}/2022/budget.csv`],
    ['a municipality that published nothing', '/public/012068/open-data/all/kpis.csv'],
    ['the index of an unknown organization', '/public/131016/open-data/'],
  ])('answers 404 for %s, as the public site’s page rather than as a file', async (_case, path) => {
    const response = await t.http().get(path).expect(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('lists every file with its licence on an index page, without a cookie', async () => {
    const response = await t.http().get(`${base}/`).expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['set-cookie']).toBeUndefined();
    const links = [...response.text.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
    for (const year of [2020, 2022, 'all'])
      for (const file of FILES) expect(links).toContain(`${base}/${year}/${file}`);
    for (const { file } of DATASETS) expect(links).toContain(`${base}/columns/${file}`);
    expect(response.text).toContain('クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)');
    expect(links).toContain('https://creativecommons.org/licenses/by/4.0/deed.ja');
  });

  it('links a licence page whose address holds Japanese, percent-encoded as a header must be', async () => {
    const url = 'https://www.city.example.lg.jp/オープンデータ利用規約.html';
    await changeSettings(t, asahikawa.tokens.admin, asahikawa.organizationId, { openDataLicenceUrl: url });
    for (const file of FILES) {
      const response = await download(`${base}/2022/${file}`).expect(200);
      expect(response.headers.link).toContain(`<${encodeURI(url)}>; rel="license"`);
    }
    expect((await t.http().get(`${base}/`).expect(200)).text).toContain(url);
  });

  it('has an index page that meets WCAG 2.1 AA (axe) at 360 px and 1280 px, and needs no JavaScript', async () => {
    // The page has no script, so it reads the same with JavaScript off.
    expect((await t.http().get(`${base}/`).expect(200)).text).not.toMatch(/<script/i);
    const browser = await launchBrowser();
    try {
      const baseURL = await serve(t);
      for (const viewport of [PHONE, DESKTOP]) {
        const { context, page } = await newPage(browser, baseURL, { viewport });
        await page.goto(`${base}/`);
        await expectAccessible(page);
        await expectNoHorizontalScroll(page);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('gives every yearly actual of every published KPI as its report gives it, one row per year with a value', async () => {
    await entered('年度ごとの実績を入力した事業', 'published');
    const withActuals = (await reportViews()).filter((view) => view.status === 'published');
    const expected = withActuals.flatMap((view: any) =>
      view.kpis.flatMap((kpi: any) =>
        kpi.yearlyActuals
          .filter((actual: { value: number | null }) => actual.value !== null)
          .map((actual: { fiscalYear: number; value: number }) => [
            view.id,
            String(kpi.definition.position),
            String(actual.fiscalYear),
            actual.value,
            view.project.id,
          ]),
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    const rows = parseCsv(bytes(await download(`${base}/all/kpi-yearly-actuals.csv`).expect(200)));
    expect(
      rows
        .map((row) => [row['報告ID'], row['指標番号'], row['実績の年度'], numberIn(row['実績値']), row['事業ID']])
        .sort(),
    ).toEqual(expected.sort());
    for (const row of rows) {
      expect(Number(row['実績の年度'])).toBeLessThanOrEqual(Number(row['年度']));
      expect(row['実績の年度（和暦）']).toMatch(/^令和\d+年度$/);
    }
    const json = (await t.http().get(`${base}/2022/data.json`).expect(200)).body;
    expect(json.datasets.kpiYearlyActuals.records).toHaveLength(rows.length);
  });

  it('lists every edition of a corrected report in the editions file, the earlier one as it was published', async () => {
    await entered('訂正した事業', 'published');
    const report = (await reportViews()).find((view) => view.project.name === '訂正した事業');
    const reason = '事業効果の説明の誤りを訂正';
    const step = (path: string, token: string, body: object = {}) =>
      t
        .http()
        .post(api(`/reports/${report.id}${path}`))
        .set(as(token))
        .send(body)
        .expect(200);
    await step('/correct', asahikawa.tokens.admin, { reason });
    const { version } = (
      await t
        .http()
        .get(api(`/reports/${report.id}`))
        .set(as(asahikawa.tokens.owner))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${report.id}`))
      .set(as(asahikawa.tokens.owner))
      .send({ version, effectNarrative: '訂正後の事業効果の説明' })
      .expect(200);
    await step('/submit-correction', asahikawa.tokens.owner);
    await step('/publish', asahikawa.tokens.planning);

    const rows = parseCsv(bytes(await download(`${base}/all/editions.csv`).expect(200)));
    const reportPage = `${t.config.baseUrl}/public/${code}/reports/${report.id}`;
    expect(
      rows
        .filter((row) => row['報告ID'] === report.id)
        .map((row) => [row['版'], row['最新版か'], row['訂正理由'], row['版のページURL'], row['報告ページURL']]),
    ).toEqual([
      ['1', 'false', '', `${reportPage}/editions/1`, reportPage],
      ['2', 'true', reason, `${reportPage}/editions/2`, reportPage],
    ]);
    // Every other public report has its one edition, the current one.
    const others = rows.filter((row) => row['報告ID'] !== report.id);
    expect(others.map((row) => row['報告ID']).sort()).toEqual(
      (await reportViews())
        .filter((view) => view.status === 'published' && view.id !== report.id)
        .map((view) => view.id)
        .sort(),
    );
    expect(others.every((row) => row['版'] === '1' && row['最新版か'] === 'true')).toBe(true);
    const json = (await t.http().get(`${base}/2022/data.json`).expect(200)).body;
    expect(
      json.datasets.editions.records
        .filter((record: any) => record.reportId === report.id)
        .map((record: any) => [record.edition, record.isLatest, record.correctionReason]),
    ).toEqual([
      [1, false, null],
      [2, true, reason],
    ]);
  });
});
