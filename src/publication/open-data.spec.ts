import { parse } from 'csv-parse/sync';
import { KpiDirection } from '../projects/kpi-direction';
import { type GrantProject } from '../projects/grant-project.entity';
import { EffectLevel, PanelRating, PolicyDecision } from '../reports/report/assessment';
import { buildReportView } from '../reports/report/report-view';
import { type ResultReport } from '../reports/report/result-report.entity';
import { ReportStatus } from '../reports/rules/report-status';
import {
  BUDGET_LINE_DATASET,
  columnDefinitionCsv,
  datasetCsv,
  datasetRecords,
  EDITION_DATASET,
  KPI_DATASET,
  type OpenDataset,
  openDataJson,
  REPORT_DATASET,
  type ReportRow,
  YEARLY_ACTUAL_DATASET,
} from './open-data';
import { type PublicOrganization, type PublishedReport } from './public-record.service';

const organization: PublicOrganization = {
  id: 'org-asahikawa',
  name: '旭川市',
  code: '012041',
  licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.ja' },
  publishPanelMemberNames: false,
};

const project = {
  id: 'project-1',
  organizationId: organization.id,
  departmentId: 'department-1',
  department: { name: '経済部' },
  projectNumber: '1',
  name: 'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト',
  grantTypeCode: 'promotion',
  grantType: { code: 'promotion', label: '地方創生推進交付金' },
  planStartFiscalYear: 2021,
  planEndFiscalYear: 2023,
  overview: '=販路拡大の取組を進める。',
  jointApplicationNote: null,
  partnerMunicipalities: [],
  policyArea: null,
  version: 1,
  kpis: [
    {
      position: 1,
      name: '本事業を活用した商談成立数',
      baseline: 0,
      target: 120,
      unit: '件',
      targetYearMonth: '2024-03',
      direction: KpiDirection.HigherIsBetter,
    },
    {
      position: 2,
      name: '廃棄される食品の量',
      baseline: 1234.5,
      target: 1000,
      unit: 't',
      targetYearMonth: '2019-05',
      direction: KpiDirection.LowerIsBetter,
    },
  ],
} as unknown as GrantProject;

const report = {
  id: 'report-1',
  organizationId: organization.id,
  fiscalYear: 2022,
  status: ReportStatus.Published,
  version: 7,
  actualAsOf: '2023-03',
  budgetLines: [
    {
      position: 1,
      name: '市場開拓',
      summary: '物産展への出展',
      results: '出展 12回、商談 124件',
      budgetAmount: 9048,
      budgetGrantAmount: 4524,
      actualAmount: 5198,
      actualGrantAmount: 2599,
    },
    {
      position: 2,
      name: '調査',
      summary: '',
      results: '',
      budgetAmount: 1000,
      budgetGrantAmount: 500,
      actualAmount: 800,
      actualGrantAmount: null,
    },
  ],
  typedBudgetTotal: 99999,
  typedBudgetGrantTotal: null,
  typedActualTotal: null,
  typedActualGrantTotal: null,
  kpiResults: [
    {
      position: 1,
      latestValue: 124,
      latestAsOf: '2023-06',
      isReference: false,
      yearlyActuals: [
        { fiscalYear: 2021, value: 58 },
        { fiscalYear: 2022, value: null },
      ],
    },
    { position: 2, latestValue: null, latestAsOf: null, isReference: true, yearlyActuals: [] },
  ],
  effectLevel: EffectLevel.ConsiderablyEffective,
  effectNarrative: '商談成立数は目標を上回った。\n海外展開は道半ばである。',
  panelRating: PanelRating.Effective,
  panelOpinion: '中間目標を達成しており有効である。',
  policyDecision: PolicyDecision.Continue,
  policyReason: '計画どおり継続する。',
  acknowledgedWarnings: [],
  editions: [],
} as unknown as ResultReport;

const current: PublishedReport = {
  reportId: 'report-1',
  edition: 2,
  // 15:30 UTC on 30 June is already 1 July in Japan.
  publishedAt: new Date('2023-06-30T15:30:00Z'),
  correctionReason: '指標②の単位の誤りを訂正',
  view: buildReportView(report, project),
  panelMemberNames: ['山田 花子'],
};

/** The edition the correction replaced: published in May, under the project's name as it was then. */
const firstEdition: PublishedReport = {
  ...current,
  edition: 1,
  publishedAt: new Date('2023-05-31T01:00:00Z'),
  correctionReason: null,
  view: buildReportView(report, { ...project, name: '地域の稼ぐ力向上プロジェクト(旧称)' }),
};

const row: ReportRow = {
  organization,
  report: current,
  pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1',
  editions: [
    { report: firstEdition, pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1/editions/1' },
    { report: current, pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1/editions/2' },
  ],
};

/** The CSV as a reader sees it: BOM removed, each record an object keyed by the header. */
function parseCsv(body: Buffer): Record<string, string>[] {
  return parse<Record<string, string>>(body, { bom: true, columns: true });
}

function header(body: Buffer): string[] {
  const [first]: string[][] = parse(body, { bom: true, to_line: 1 });
  return first;
}

describe.each([
  ['KPI', KPI_DATASET],
  ['report', REPORT_DATASET],
  ['budget line', BUDGET_LINE_DATASET],
  ['yearly actual', YEARLY_ACTUAL_DATASET],
  ['edition', EDITION_DATASET],
] as [string, OpenDataset<unknown>][])('The %s dataset', (_name, dataset) => {
  it('declares its columns once: the CSV header, the column file and the JSON keys all come from it', () => {
    const definitions = parseCsv(columnDefinitionCsv(dataset));
    expect(header(columnDefinitionCsv(dataset))).toEqual(['項目名', '型', '説明', '単位', 'JSONのキー']);
    expect(header(datasetCsv(dataset, [row]))).toEqual(definitions.map((definition) => definition['項目名']));
    expect(Object.keys(datasetRecords(dataset, [row])[0])).toEqual(
      definitions.map((definition) => definition['JSONのキー']),
    );
    expect(definitions.every((definition) => definition['説明'] !== '')).toBe(true);
  });

  it('has unique names and camelCase keys, and starts with the code and name of the municipality', () => {
    const names = dataset.columns.map((column) => column.name);
    const keys = dataset.columns.map((column) => column.key);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => /^[a-z][A-Za-z]*$/.test(key))).toBe(true);
    expect(names.slice(0, 2)).toEqual(['全国地方公共団体コード', '団体名']);
  });

  it('is UTF-8 with a BOM and CRLF line ends, and a row of JSON holds what the same CSV row holds', () => {
    const body = datasetCsv(dataset, [row]);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Records end with CRLF; a line break inside a text (the ⑥ narrative) stays inside its quoted cell.
    const text = body.toString('utf8');
    expect(text).toMatch(/\r\n$/);
    expect(text.replace(/"[^"]*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.split('\r\n')).toHaveLength(datasetRecords(dataset, [row]).length + 2);
    const csv = parseCsv(body);
    const json = datasetRecords(dataset, [row]);
    csv.forEach((record, index) =>
      dataset.columns.forEach((column) => {
        const value = json[index][column.key];
        expect(record[column.name].replace(/^'/, '')).toBe(value === null ? '' : String(value));
      }),
    );
  });

  it('types every value as its column says: numbers as numbers, dates as ISO dates', () => {
    for (const record of datasetRecords(dataset, [row]))
      for (const column of dataset.columns) {
        const value = record[column.key];
        if (value === null) continue;
        const expected = { 文字列: 'string', 数値: 'number', 日付: 'string', 年月: 'string', 真偽値: 'boolean' };
        expect([column.name, typeof value]).toEqual([column.name, expected[column.type]]);
        if (column.type === '日付') expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (column.type === '年月') expect(value).toMatch(/^\d{4}-\d{2}$/);
      }
  });

  it('never names the panel members, even where the report page lists them', () => {
    expect(datasetCsv(dataset, [row]).toString('utf8')).not.toContain('山田');
    expect(JSON.stringify(datasetRecords(dataset, [row]))).not.toContain('山田');
  });
});

describe('KPI rows', () => {
  const [first, second] = datasetRecords(KPI_DATASET, [row]);

  it('give one row per KPI with the published numbers, and empty cells where there is no value', () => {
    expect(first).toMatchObject({
      localGovernmentCode: '012041',
      organizationName: '旭川市',
      fiscalYear: 2022,
      fiscalYearJapanese: '令和4年度',
      projectNumber: '1',
      department: '経済部',
      grantType: '地方創生推進交付金',
      kpiNumber: 1,
      baseline: 0,
      target: 120,
      unit: '件',
      latestValue: 124,
      isReference: false,
      achievementPercent: 103.3,
    });
    expect(second).toMatchObject({ kpiNumber: 2, baseline: 1234.5, latestValue: null, isReference: true });
    const csv = parseCsv(datasetCsv(KPI_DATASET, [row]));
    expect(csv[1]).toMatchObject({ 基準値: '1234.5', 最新値: '', 達成率: '', 参考値か: 'true' });
  });

  it('give year-months and dates in ISO 8601 with 和暦 beside, publication dates in Japan time', () => {
    expect(first).toMatchObject({
      targetYearMonth: '2024-03',
      targetYearMonthJapanese: '令和6年3月',
      latestAsOf: '2023-06',
      latestAsOfJapanese: '令和5年6月',
      publishedOn: '2023-07-01',
      publishedOnJapanese: '令和5年7月1日',
    });
    // May 2019 is 令和元年, a month after 平成 ended.
    expect(second).toMatchObject({ targetYearMonth: '2019-05', targetYearMonthJapanese: '令和元年5月' });
  });

  it("carry the decided ⑥–⑧ with the national kinds, the edition and the report's public page", () => {
    expect(first).toMatchObject({
      effectLevel: '地方創生に相当程度効果があった',
      effectLevelKind: 'considerably_effective',
      panelRating: '総合戦略のKPI達成に有効であった',
      panelRatingKind: 'effective',
      policyDecision: '事業の継続',
      policyDecisionKind: 'continue',
      edition: 2,
      pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1',
    });
  });
});

describe('Report rows', () => {
  const [record] = datasetRecords(REPORT_DATASET, [row]);

  it('give the plan period and the ④ totals in 千円 as the sums of the lines, whatever total was typed', () => {
    expect(record).toMatchObject({
      planStartFiscalYear: 2021,
      planEndFiscalYear: 2023,
      planPeriodJapanese: '令和3年度～令和5年度',
      planYear: 2,
      budgetAmount: 10048,
      budgetGrantAmount: 5024,
      actualAmount: 5998,
      actualGrantAmount: 2599,
      correctionReason: '指標②の単位の誤りを訂正',
      panelOpinion: '中間目標を達成しており有効である。',
      policyReason: '計画どおり継続する。',
    });
    const amounts = REPORT_DATASET.columns.filter((column) => column.unit === '千円').map((column) => column.key);
    expect(amounts).toEqual(['budgetAmount', 'budgetGrantAmount', 'actualAmount', 'actualGrantAmount']);
  });

  it('keep text that a spreadsheet would run as a formula as text in the CSV (the JSON has it as written)', () => {
    expect(record.overview).toBe('=販路拡大の取組を進める。');
    expect(parseCsv(datasetCsv(REPORT_DATASET, [row]))[0]['全体概要']).toBe("'=販路拡大の取組を進める。");
  });
});

describe('Budget line rows', () => {
  const records = datasetRecords(BUDGET_LINE_DATASET, [row]);

  it('follow the identification columns with the wording of ④ 市予算事業, the line named apart from ① 事業名', () => {
    const names = BUDGET_LINE_DATASET.columns.map((column) => column.name);
    const identification = REPORT_DATASET.columns
      .slice(0, names.indexOf('市予算事業番号'))
      .map((column) => column.name);
    expect(names.slice(0, identification.length)).toEqual(identification);
    expect(identification).toContain('事業名');
    expect(names.slice(identification.length, identification.length + 8)).toEqual([
      '市予算事業番号',
      '市予算事業名',
      '概要',
      '主な事業実績',
      '予算額',
      '予算額のうち交付金見込',
      '実績額',
      '実績額のうち交付金',
    ]);
  });

  it("give one row per line, numbered by its place in ④, with the edition and the report's public page", () => {
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      localGovernmentCode: '012041',
      reportId: 'report-1',
      fiscalYear: 2022,
      projectName: 'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト',
      budgetLineNumber: 1,
      budgetLineName: '市場開拓',
      summary: '物産展への出展',
      results: '出展 12回、商談 124件',
      edition: 2,
      pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1',
      projectId: 'project-1',
    });
    expect(records[1]).toMatchObject({ budgetLineNumber: 2, budgetLineName: '調査' });
  });

  it('give the amounts as numbers in 千円 as entered per line, and an empty cell where there is none', () => {
    expect(
      records.map(({ budgetAmount, budgetGrantAmount, actualAmount, actualGrantAmount }) => [
        budgetAmount,
        budgetGrantAmount,
        actualAmount,
        actualGrantAmount,
      ]),
    ).toEqual([
      [9048, 4524, 5198, 2599],
      [1000, 500, 800, null],
    ]);
    const amounts = BUDGET_LINE_DATASET.columns.filter((column) => column.unit === '千円');
    expect(amounts.map((column) => [column.key, column.type])).toEqual([
      ['budgetAmount', '数値'],
      ['budgetGrantAmount', '数値'],
      ['actualAmount', '数値'],
      ['actualGrantAmount', '数値'],
    ]);
    expect(parseCsv(datasetCsv(BUDGET_LINE_DATASET, [row]))[1]).toMatchObject({
      予算額: '1000',
      予算額のうち交付金見込: '500',
      実績額: '800',
      実績額のうち交付金: '',
    });
  });

  it('give no row for a report without lines, and the header alone when no report has any', () => {
    const withoutLines: ReportRow = {
      ...row,
      report: { ...row.report, reportId: 'report-3', view: buildReportView({ ...report, budgetLines: [] }, project) },
    };
    expect(datasetRecords(BUDGET_LINE_DATASET, [withoutLines, row]).map((record) => record.reportId)).toEqual([
      'report-1',
      'report-1',
    ]);
    expect(datasetCsv(BUDGET_LINE_DATASET, [withoutLines]).toString('utf8').split('\r\n')).toEqual([
      expect.stringMatching(/^\uFEFF全国地方公共団体コード,/),
      '',
    ]);
  });
});

describe('The yearly actual rows', () => {
  it('give each year of a KPI that has a value, as the report gives it, and none for a year without one', () => {
    expect(datasetRecords(YEARLY_ACTUAL_DATASET, [row])).toEqual([
      expect.objectContaining({
        reportId: 'report-1',
        fiscalYear: 2022,
        kpiNumber: 1,
        kpiName: row.report.view.kpis[0].definition.name,
        actualFiscalYear: 2021,
        actualFiscalYearJapanese: '令和3年度',
        value: 58,
        unit: row.report.view.kpis[0].definition.unit,
        edition: 2,
        projectId: 'project-1',
      }),
    ]);
    expect(parseCsv(datasetCsv(YEARLY_ACTUAL_DATASET, [row]))[0]).toMatchObject({ 実績の年度: '2021', 実績値: '58' });
  });
});

describe('The edition dataset', () => {
  it('lists every edition of a corrected report, oldest first, each as its own snapshot gave it', () => {
    expect(datasetRecords(EDITION_DATASET, [row])).toEqual([
      expect.objectContaining({
        reportId: 'report-1',
        projectName: '地域の稼ぐ力向上プロジェクト(旧称)',
        edition: 1,
        publishedOn: '2023-05-31',
        publishedOnJapanese: '令和5年5月31日',
        correctionReason: null,
        isLatest: false,
        editionPageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1/editions/1',
        pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1',
        projectId: 'project-1',
      }),
      expect.objectContaining({
        reportId: 'report-1',
        projectName: project.name,
        edition: 2,
        publishedOn: '2023-07-01',
        correctionReason: '指標②の単位の誤りを訂正',
        isLatest: true,
        editionPageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1/editions/2',
        pageUrl: 'https://kpi.example.lg.jp/public/012041/reports/report-1',
      }),
    ]);
    expect(
      parseCsv(datasetCsv(EDITION_DATASET, [row])).map((record) => [
        record['版'],
        record['最新版か'],
        record['訂正理由'],
      ]),
    ).toEqual([
      ['1', 'false', ''],
      ['2', 'true', '指標②の単位の誤りを訂正'],
    ]);
  });

  it('has the columns that identify a report first, then the edition, then the pages', () => {
    expect(EDITION_DATASET.columns.map((column) => column.name)).toEqual([
      '全国地方公共団体コード',
      '団体名',
      '報告ID',
      '年度',
      '年度（和暦）',
      '事業番号',
      '事業名',
      '担当部署',
      '交付金の種類',
      '版',
      '公表日',
      '公表日（和暦）',
      '訂正理由',
      '最新版か',
      '版のページURL',
      '報告ページURL',
      '事業ID',
    ]);
  });
});

describe('The project ID', () => {
  /** The same project a year later, renumbered and renamed: only its id says it is the same. */
  const nextYear: ReportRow = {
    ...row,
    report: {
      ...row.report,
      reportId: 'report-2',
      view: buildReportView(
        { ...report, id: 'report-2', fiscalYear: 2023 },
        { ...project, projectNumber: '4', name: '地域の稼ぐ力向上プロジェクト' },
      ),
    },
  };

  it.each([
    ['KPI', KPI_DATASET],
    ['report', REPORT_DATASET],
    ['budget line', BUDGET_LINE_DATASET],
    ['yearly actual', YEARLY_ACTUAL_DATASET],
    ['edition', EDITION_DATASET],
  ] as [string, OpenDataset<unknown>][])(
    'is the last column of the %s dataset, after the columns a reader may take by position',
    (_name, dataset) => {
      expect(dataset.columns.slice(-2).map((column) => [column.name, column.key])).toEqual([
        ['報告ページURL', 'pageUrl'],
        ['事業ID', 'projectId'],
      ]);
    },
  );

  it('follows one project across years where its number and name changed, in the CSV and the JSON', () => {
    const records = datasetRecords(REPORT_DATASET, [row, nextYear]);
    expect(records.map(({ fiscalYear, projectNumber, projectId }) => [fiscalYear, projectNumber, projectId])).toEqual([
      [2022, '1', 'project-1'],
      [2023, '4', 'project-1'],
    ]);
    const kpiRows = parseCsv(datasetCsv(KPI_DATASET, [row, nextYear]));
    expect(new Set(kpiRows.map((kpi) => kpi['事業ID']))).toEqual(new Set(['project-1']));
    expect(openDataJson(organization, null, [row], null).datasets.kpis.records[0].projectId).toBe('project-1');
  });
});

describe('data.json', () => {
  it('holds every dataset with its columns, the licence and when the record last changed', () => {
    const changedAt = new Date('2023-07-01T00:00:00Z');
    const data = openDataJson(organization, 2022, [row], changedAt);
    expect(data).toMatchObject({
      organization: { localGovernmentCode: '012041', name: '旭川市' },
      fiscalYear: 2022,
      licence: organization.licence,
      updatedAt: '2023-07-01T00:00:00.000Z',
    });
    expect(data.datasets.kpis.records).toHaveLength(2);
    expect(data.datasets.reports.records).toHaveLength(1);
    expect(Object.keys(data.datasets)).toEqual(['kpis', 'reports', 'budgetLines', 'kpiYearlyActuals', 'editions']);
    expect(data.datasets.budgetLines.records).toEqual(datasetRecords(BUDGET_LINE_DATASET, [row]));
    expect(data.datasets.budgetLines.title).toBe(BUDGET_LINE_DATASET.title);
    expect(data.datasets.kpis.columns.map((column) => column.name)).toEqual(KPI_DATASET.columns.map((c) => c.name));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
