import { spreadsheetCsv } from '../common/csv';
import { dateInJapan, japaneseDate } from '../common/dates';
import { formatFiscalYear, formatYearMonth } from '../common/japanese-era';
import { type BudgetLineView, type KpiResultView } from '../reports/report/report-view';
import { type OpenDatasetId } from './public-paths';
import { type PublicOrganization, type PublishedReport } from './public-record.service';

/**
 * Open data of the public record, in the manner of 自治体標準オープンデータセット: per dataset ONE list of columns, from
 * which the CSV header, every row, the JSON records and the column-definition file are all made, so they cannot
 * disagree. CSV headers are the Japanese 項目名; JSON keys are English camelCase (code-friendly), and the column file
 * and the JSON's `columns` give both. Numbers are numbers (amounts in 千円, as the column file says), dates ISO 8601
 * with 和暦 in the next column. Only what the published editions hold is read: never people, opinions or drafts.
 */

/** 型 of the column file. */
export type ColumnType = '文字列' | '数値' | '日付' | '年月' | '真偽値';

export type Cell = string | number | boolean | null;

export interface OpenDataColumn<R> {
  /** 項目名: the CSV header. */
  name: string;
  /** The JSON key. */
  key: string;
  type: ColumnType;
  /** 説明 */
  description: string;
  /** 単位 ('' where none). */
  unit: string;
  // A method, not a function property: methods take their parameter bivariantly, so datasets of different rows can
  // share one list (OPEN_DATASETS) while each still reads only its own rows.
  value(row: R): Cell;
}

/** One edition of a report and the address of its own page. */
export interface EditionPage {
  report: PublishedReport;
  pageUrl: string;
}

/** One report as the open data reads it: its published edition and where its public page is. */
export interface ReportRow {
  organization: PublicOrganization;
  report: PublishedReport;
  pageUrl: string;
  /** Every edition of the report on the public record, oldest first: the last is `report`. */
  editions: EditionPage[];
}

export interface EditionRow extends ReportRow {
  editionPageUrl: string;
  isLatest: boolean;
}

export interface KpiRow extends ReportRow {
  kpi: KpiResultView;
}

export interface YearlyActualRow extends KpiRow {
  actual: { fiscalYear: number; value: number };
}

export interface BudgetLineRow extends ReportRow {
  line: BudgetLineView;
  /** The line's place in ④, from 1. */
  lineNumber: number;
}

export interface OpenDataset<R> {
  /** The file name without `.csv`. */
  id: OpenDatasetId;
  /** Its key among the datasets of data.json. */
  jsonKey: string;
  title: string;
  /** What the index page calls its file, as in 「KPIのファイル」. */
  label: string;
  /** What one row of its file is, as in 「報告のKPIごとに1行」. */
  rowPer: string;
  columns: readonly OpenDataColumn<R>[];
  rows: (reports: ReportRow[]) => R[];
}

const AMOUNT_UNIT = '千円';
const KPI_UNIT = '「単位」列のとおり';

function column<R>(
  name: string,
  key: string,
  type: ColumnType,
  description: string,
  value: (row: R) => Cell,
  unit = '',
): OpenDataColumn<R> {
  return { name, key, type, description, unit, value };
}

/** 'YYYY-MM' → 令和6年3月. */
function yearMonthInJapanese(isoYearMonth: string | null): string | null {
  if (!isoYearMonth) return null;
  const [year, month] = isoYearMonth.split('-').map(Number);
  return formatYearMonth({ year, month }, 'long');
}

/** The columns that say whose report of which project and year a row belongs to: the first of every dataset. */
function identificationColumns<R extends ReportRow>(): OpenDataColumn<R>[] {
  return [
    column(
      '全国地方公共団体コード',
      'localGovernmentCode',
      '文字列',
      '総務省の全国地方公共団体コード(検査数字を含む6桁)',
      (row) => row.organization.code,
    ),
    column('団体名', 'organizationName', '文字列', '地方公共団体名', (row) => row.organization.name),
    column(
      '報告ID',
      'reportId',
      '文字列',
      '事業実施結果報告を識別するID。KPIのデータと報告のデータはこの値で結び付く',
      (row) => row.report.reportId,
    ),
    column(
      '年度',
      'fiscalYear',
      '数値',
      '報告の対象年度(西暦。4月から翌年3月まで)',
      (row) => row.report.view.fiscalYear,
    ),
    column('年度（和暦）', 'fiscalYearJapanese', '文字列', '年度の和暦表記(例: 令和4年度)', (row) =>
      formatFiscalYear(row.report.view.fiscalYear, 'long'),
    ),
    column(
      '事業番号',
      'projectNumber',
      '文字列',
      '報告書の事業番号(No)',
      (row) => row.report.view.project.projectNumber,
    ),
    column('事業名', 'projectName', '文字列', '① 国提出事業名', (row) => row.report.view.project.name),
    column('担当部署', 'department', '文字列', '事業を担当する部署', (row) => row.report.view.project.departmentName),
    column(
      '交付金の種類',
      'grantType',
      '文字列',
      '事業に充てた交付金等の種類(例: 地方創生推進交付金)',
      (row) => row.report.view.project.grantTypeLabel ?? row.report.view.project.grantTypeCode,
    ),
  ];
}

/* ⑥–⑧ as decided: the municipality's own wording, and the national kind it counts as (to add up across them). */

function effectColumns<R extends ReportRow>(): OpenDataColumn<R>[] {
  return [
    column(
      '事業効果',
      'effectLevel',
      '文字列',
      '⑥ 事業効果(担当部署による評価。団体の表記)',
      (row) => row.report.view.effect.levelLabel,
    ),
    column(
      '事業効果区分',
      'effectLevelKind',
      '文字列',
      '⑥ の全国共通の区分: very_effective(非常に効果的)、considerably_effective(相当程度)、effective(効果があった)、not_effective(効果がなかった)',
      (row) => row.report.view.effect.level,
    ),
  ];
}

function ratingColumns<R extends ReportRow>(): OpenDataColumn<R>[] {
  return [
    column(
      '評価',
      'panelRating',
      '文字列',
      '⑦ 外部有識者による事業の評価(団体の表記)',
      (row) => row.report.view.evaluation.ratingLabel,
    ),
    column(
      '評価区分',
      'panelRatingKind',
      '文字列',
      '⑦ の全国共通の区分: very_effective(非常に有効)、considerably_effective(相当程度有効)、effective(有効)、not_effective(有効とはいえない)',
      (row) => row.report.view.evaluation.rating,
    ),
  ];
}

function policyColumns<R extends ReportRow>(): OpenDataColumn<R>[] {
  return [
    column('今後の方針', 'policyDecision', '文字列', '⑧ 今後の方針(団体の表記)', (row) => row.report.view.policy.label),
    column(
      '方針区分',
      'policyDecisionKind',
      '文字列',
      '⑧ の全国共通の区分: continue(継続)、expand(発展)、revise(見直し)、end(終了)、stop(中止)',
      (row) => row.report.view.policy.decision,
    ),
  ];
}

/** Which edition a row comes from and where to read it. */
function publicationColumns<R extends ReportRow>(): OpenDataColumn<R>[] {
  return [
    column('版', 'edition', '数値', '公表の版(第1版が最初の公表。訂正のたびに増える)', (row) => row.report.edition),
    column('公表日', 'publishedOn', '日付', 'この版の公表日(YYYY-MM-DD、日本時間)', (row) =>
      dateInJapan(row.report.publishedAt),
    ),
    column('公表日（和暦）', 'publishedOnJapanese', '文字列', '公表日の和暦表記(例: 令和5年6月30日)', (row) =>
      japaneseDate(row.report.publishedAt),
    ),
  ];
}

const correctionReasonColumn = <R extends ReportRow>(): OpenDataColumn<R> =>
  column(
    '訂正理由',
    'correctionReason',
    '文字列',
    'この版が訂正である場合、その理由(第1版は空欄)',
    (row) => row.report.correctionReason,
  );

const pageUrlColumn = <R extends ReportRow>(): OpenDataColumn<R> =>
  column('報告ページURL', 'pageUrl', '文字列', '公表している報告のページのURL', (row) => row.pageUrl);

/*
 * Last in every dataset, after the columns readers already take by position: the one value that follows a project
 * from year to year, where its number and name may change.
 */
const projectIdColumn = <R extends ReportRow>(): OpenDataColumn<R> =>
  column(
    '事業ID',
    'projectId',
    '文字列',
    '事業を識別するID。年度が変わっても同じ値で、事業番号や事業名が変わった年度の報告も、この値で同じ事業として結び付く',
    (row) => row.report.view.project.id,
  );

/** Which KPI of its report a row is about (指標①–④). */
const kpiColumns = <R extends KpiRow>(): OpenDataColumn<R>[] => [
  column('指標番号', 'kpiNumber', '数値', '⑤ の指標の番号(指標①なら1)', (row) => row.kpi.definition.position),
  column('指標名', 'kpiName', '文字列', '⑤ 指標名', (row) => row.kpi.definition.name),
];

/** One row per KPI of each published report (指標①–④). */
export const KPI_DATASET: OpenDataset<KpiRow> = {
  id: 'kpis',
  jsonKey: 'kpis',
  title: 'KPI(重要業績評価指標)の実績',
  label: 'KPI',
  rowPer: '報告のKPI',
  rows: (reports) => reports.flatMap((row) => row.report.view.kpis.map((kpi) => ({ ...row, kpi }))),
  columns: [
    ...identificationColumns<KpiRow>(),
    ...kpiColumns<KpiRow>(),
    column('基準値', 'baseline', '数値', '事業開始前の値', (row) => row.kpi.definition.baseline, KPI_UNIT),
    column('目標値', 'target', '数値', '目標年月までの目標', (row) => row.kpi.definition.target, KPI_UNIT),
    column(
      '単位',
      'unit',
      '文字列',
      '基準値・目標値・最新値の単位(例: 件、人、千円/人)',
      (row) => row.kpi.definition.unit,
    ),
    column(
      '目標年月',
      'targetYearMonth',
      '年月',
      '目標を達成する年月(YYYY-MM)',
      (row) => row.kpi.definition.targetYearMonth,
    ),
    column('目標年月（和暦）', 'targetYearMonthJapanese', '文字列', '目標年月の和暦表記(例: 令和6年3月)', (row) =>
      yearMonthInJapanese(row.kpi.definition.targetYearMonth),
    ),
    column(
      '目指す方向',
      'direction',
      '文字列',
      '増加を目指す、または減少を目指す(達成率の計算に使う)',
      (row) => row.kpi.definition.directionLabel,
    ),
    column('最新値', 'latestValue', '数値', '報告時点の実績値', (row) => row.kpi.latestValue, KPI_UNIT),
    column('最新値の時点', 'latestAsOf', '年月', '最新値がいつの値か(YYYY-MM)', (row) => row.kpi.latestAsOf),
    column('最新値の時点（和暦）', 'latestAsOfJapanese', '文字列', '最新値の時点の和暦表記', (row) =>
      yearMonthInJapanese(row.kpi.latestAsOf),
    ),
    column(
      '参考値か',
      'isReference',
      '真偽値',
      'true: 最新値は【参考値】(確定前の暫定値など)。false: 確定値',
      (row) => row.kpi.isReference,
    ),
    column(
      '達成率',
      'achievementPercent',
      '数値',
      '(最新値 − 基準値) ÷ (目標値 − 基準値) × 100、小数第1位まで。減少を目指す指標は減った分で計算する。目標値が基準値と同じ指標(水準の維持)は目標値と最新値の比で、目標を達成したとき100以上',
      (row) => row.kpi.achievementPercent,
      '%',
    ),
    ...effectColumns<KpiRow>(),
    ...ratingColumns<KpiRow>(),
    ...policyColumns<KpiRow>(),
    ...publicationColumns<KpiRow>(),
    pageUrlColumn<KpiRow>(),
    projectIdColumn<KpiRow>(),
  ],
};

/** One row per published report: the plan period, ④ totals and ⑥–⑧ with their texts. */
export const REPORT_DATASET: OpenDataset<ReportRow> = {
  id: 'reports',
  jsonKey: 'reports',
  title: '事業実施結果報告',
  label: '報告',
  rowPer: '報告',
  rows: (reports) => reports,
  columns: [
    ...identificationColumns<ReportRow>(),
    column(
      '実施計画期間（開始年度）',
      'planStartFiscalYear',
      '数値',
      '② 実施計画期間の最初の年度(西暦)',
      (row) => row.report.view.project.planStartFiscalYear,
    ),
    column(
      '実施計画期間（終了年度）',
      'planEndFiscalYear',
      '数値',
      '② 実施計画期間の最後の年度(西暦)',
      (row) => row.report.view.project.planEndFiscalYear,
    ),
    column(
      '実施計画期間（和暦）',
      'planPeriodJapanese',
      '文字列',
      '② 実施計画期間の和暦表記(例: 令和3年度～令和5年度)',
      (row) =>
        `${formatFiscalYear(row.report.view.project.planStartFiscalYear, 'long')}～${formatFiscalYear(row.report.view.project.planEndFiscalYear, 'long')}`,
    ),
    column(
      '計画の年次',
      'planYear',
      '数値',
      '報告の年度が実施計画期間の何年度目か',
      (row) => row.report.view.planYearIndex,
    ),
    column('全体概要', 'overview', '文字列', '③ 全体概要', (row) => row.report.view.project.overview),
    column(
      '予算額',
      'budgetAmount',
      '数値',
      '④ 市予算事業の予算額の合計(各事業の額の和)',
      (row) => row.report.view.totals.computed.budgetAmount,
      AMOUNT_UNIT,
    ),
    column(
      '予算額のうち交付金見込',
      'budgetGrantAmount',
      '数値',
      '④ 予算額のうち交付金見込の合計',
      (row) => row.report.view.totals.computed.budgetGrantAmount,
      AMOUNT_UNIT,
    ),
    column(
      '実績額',
      'actualAmount',
      '数値',
      '④ 市予算事業の実績額の合計(各事業の額の和)',
      (row) => row.report.view.totals.computed.actualAmount,
      AMOUNT_UNIT,
    ),
    column(
      '実績額のうち交付金',
      'actualGrantAmount',
      '数値',
      '④ 実績額のうち交付金の合計',
      (row) => row.report.view.totals.computed.actualGrantAmount,
      AMOUNT_UNIT,
    ),
    ...effectColumns<ReportRow>(),
    column(
      '事業効果の説明',
      'effectNarrative',
      '文字列',
      '⑥ 事業効果の説明',
      (row) => row.report.view.effect.narrative,
    ),
    column(
      '要因分析（結果の要因）',
      'resultFactors',
      '文字列',
      'KPIの結果の要因',
      (row) => row.report.view.analysis.factors,
    ),
    column(
      '要因分析（今後の取組）',
      'improvementMeasures',
      '文字列',
      '結果を踏まえて講じる措置',
      (row) => row.report.view.analysis.measures,
    ),
    column(
      '前年度の方針への対応',
      'previousPolicyFollowUp',
      '文字列',
      '前年度に決めた今後の方針に対して行ったこと',
      (row) => row.report.view.followUp.response,
    ),
    ...ratingColumns<ReportRow>(),
    column(
      '外部有識者からの意見',
      'panelOpinion',
      '文字列',
      '⑦ 外部有識者の意見をまとめたもの(個々の委員の意見ではない)',
      (row) => row.report.view.evaluation.opinion,
    ),
    ...policyColumns<ReportRow>(),
    column('今後の方針の理由', 'policyReason', '文字列', '⑧ 今後の方針の理由', (row) => row.report.view.policy.reason),
    ...publicationColumns<ReportRow>(),
    correctionReasonColumn<ReportRow>(),
    pageUrlColumn<ReportRow>(),
    projectIdColumn<ReportRow>(),
  ],
};

/**
 * One row per line of ④ 市予算事業 of each published report, in the wording of the report's columns; a report without
 * lines has no row.
 */
export const BUDGET_LINE_DATASET: OpenDataset<BudgetLineRow> = {
  id: 'budget-lines',
  jsonKey: 'budgetLines',
  title: '市予算事業の予算額と実績額',
  label: '市予算事業',
  rowPer: '報告の④市予算事業の行',
  rows: (reports) =>
    reports.flatMap((row) =>
      row.report.view.budgetLines.map((line, index) => ({ ...row, line, lineNumber: index + 1 })),
    ),
  columns: [
    ...identificationColumns<BudgetLineRow>(),
    column('市予算事業番号', 'budgetLineNumber', '数値', '④ 市予算事業の中で何行目か(1から)', (row) => row.lineNumber),
    // 「事業名」 is already ① (the project): the line's own name takes the section's name before it.
    column('市予算事業名', 'budgetLineName', '文字列', '④ 市予算事業の事業名', (row) => row.line.name),
    column('概要', 'summary', '文字列', '④ 市予算事業の概要', (row) => row.line.summary),
    column('主な事業実績', 'results', '文字列', '④ 市予算事業の主な事業実績', (row) => row.line.results),
    column('予算額', 'budgetAmount', '数値', '④ 市予算事業の予算額', (row) => row.line.budgetAmount, AMOUNT_UNIT),
    column(
      '予算額のうち交付金見込',
      'budgetGrantAmount',
      '数値',
      '④ 予算額のうち交付金見込',
      (row) => row.line.budgetGrantAmount,
      AMOUNT_UNIT,
    ),
    column('実績額', 'actualAmount', '数値', '④ 市予算事業の実績額', (row) => row.line.actualAmount, AMOUNT_UNIT),
    column(
      '実績額のうち交付金',
      'actualGrantAmount',
      '数値',
      '④ 実績額のうち交付金',
      (row) => row.line.actualGrantAmount,
      AMOUNT_UNIT,
    ),
    ...publicationColumns<BudgetLineRow>(),
    pageUrlColumn<BudgetLineRow>(),
    projectIdColumn<BudgetLineRow>(),
  ],
};

/**
 * One row per yearly actual of each KPI of each published report (⑤ 年度ごとの実績値, from the start of ② up to the
 * report's year), as that report gave it; a year without a value has no row. The same year appears again in a later
 * year's report, as that report gave it: 報告ID and 年度 tell which report says it.
 */
export const YEARLY_ACTUAL_DATASET: OpenDataset<YearlyActualRow> = {
  id: 'kpi-yearly-actuals',
  jsonKey: 'kpiYearlyActuals',
  title: 'KPIの年度ごとの実績値',
  label: 'KPIの年度ごとの実績値',
  rowPer: '報告のKPIの実績のある年度',
  rows: (reports) =>
    reports.flatMap((row) =>
      row.report.view.kpis.flatMap((kpi) =>
        kpi.yearlyActuals.flatMap(({ fiscalYear, value }) =>
          value === null ? [] : [{ ...row, kpi, actual: { fiscalYear, value } }],
        ),
      ),
    ),
  columns: [
    ...identificationColumns<YearlyActualRow>(),
    ...kpiColumns<YearlyActualRow>(),
    column(
      '実績の年度',
      'actualFiscalYear',
      '数値',
      '実績値がどの年度の値か(西暦)。報告の年度またはそれ以前',
      (row) => row.actual.fiscalYear,
    ),
    column('実績の年度（和暦）', 'actualFiscalYearJapanese', '文字列', '実績の年度の和暦表記(例: 令和3年度)', (row) =>
      formatFiscalYear(row.actual.fiscalYear, 'long'),
    ),
    column('実績値', 'value', '数値', 'その年度の実績値', (row) => row.actual.value, KPI_UNIT),
    column('単位', 'unit', '文字列', '実績値の単位(例: 件、人、千円/人)', (row) => row.kpi.definition.unit),
    ...publicationColumns<YearlyActualRow>(),
    pageUrlColumn<YearlyActualRow>(),
    projectIdColumn<YearlyActualRow>(),
  ],
};

/**
 * One row per edition of each public report, earlier editions included, oldest first per report: the corrections of
 * the public record as data. Each row's columns read that edition's own snapshot. A withdrawn report has no row, as in
 * the other datasets: its editions left the public record with it.
 */
export const EDITION_DATASET: OpenDataset<EditionRow> = {
  id: 'editions',
  jsonKey: 'editions',
  title: '公表の履歴',
  label: '公表の履歴',
  rowPer: '公表した報告の版',
  rows: (reports) =>
    reports.flatMap((row) =>
      row.editions.map(({ report, pageUrl }) => ({
        ...row,
        report,
        editionPageUrl: pageUrl,
        isLatest: report.edition === row.report.edition,
      })),
    ),
  columns: [
    ...identificationColumns<EditionRow>(),
    ...publicationColumns<EditionRow>(),
    correctionReasonColumn<EditionRow>(),
    column(
      '最新版か',
      'isLatest',
      '真偽値',
      'true: いま公表している版。false: 訂正される前の版',
      (row) => row.isLatest,
    ),
    column(
      '版のページURL',
      'editionPageUrl',
      '文字列',
      'この版の内容を公表しているページのURL',
      (row) => row.editionPageUrl,
    ),
    pageUrlColumn<EditionRow>(),
    projectIdColumn<EditionRow>(),
  ],
};

/** Every dataset, in the order the index page lists them and data.json holds them. */
export const OPEN_DATASETS: readonly OpenDataset<unknown>[] = [
  KPI_DATASET,
  REPORT_DATASET,
  BUDGET_LINE_DATASET,
  YEARLY_ACTUAL_DATASET,
  EDITION_DATASET,
];

/** The file name of a dataset's CSV (and of its column file). */
export function datasetFile(dataset: OpenDataset<unknown>): `${OpenDatasetId}.csv` {
  return `${dataset.id}.csv`;
}

/** The dataset whose CSV has this file name, if any. */
export function datasetOfFile(file: string): OpenDataset<unknown> | undefined {
  return OPEN_DATASETS.find((dataset) => datasetFile(dataset) === file);
}

/** Cells as they go into the CSV: a boolean as true/false (the CSV library would write 1 and nothing). */
function csvCell(cell: Cell): Cell {
  return typeof cell === 'boolean' ? String(cell) : cell;
}

/** The CSV of a dataset: UTF-8 with BOM and CRLF; an empty cell where a value is null. */
export function datasetCsv<R>(dataset: OpenDataset<R>, reports: ReportRow[]): Buffer {
  const rows = dataset.rows(reports).map((row) => dataset.columns.map((col) => csvCell(col.value(row))));
  return spreadsheetCsv(
    dataset.columns.map((col) => col.name),
    rows,
    'crlf',
  );
}

/** The JSON records of a dataset, keyed by each column's key. */
export function datasetRecords<R>(dataset: OpenDataset<R>, reports: ReportRow[]): Record<string, Cell>[] {
  return dataset
    .rows(reports)
    .map((row) => Object.fromEntries(dataset.columns.map((col) => [col.key, col.value(row)])));
}

export interface ColumnDefinition {
  name: string;
  key: string;
  type: ColumnType;
  description: string;
  unit: string;
}

export function columnDefinitions<R>(dataset: OpenDataset<R>): ColumnDefinition[] {
  return dataset.columns.map(({ name, key, type, description, unit }) => ({ name, key, type, description, unit }));
}

/** The column-definition file (項目名, 型, 説明, 単位), with the JSON key of each column last. */
export function columnDefinitionCsv<R>(dataset: OpenDataset<R>): Buffer {
  return spreadsheetCsv(
    ['項目名', '型', '説明', '単位', 'JSONのキー'],
    columnDefinitions(dataset).map(({ name, type, description, unit, key }) => [name, type, description, unit, key]),
    'crlf',
  );
}

/** data.json: every dataset with its column definitions, the licence, and when the public record last changed. */
export function openDataJson(
  organization: PublicOrganization,
  fiscalYear: number | null,
  reports: ReportRow[],
  updatedAt: Date | null,
) {
  const dataset = <R>(definition: OpenDataset<R>) => ({
    title: definition.title,
    columns: columnDefinitions(definition),
    records: datasetRecords(definition, reports),
  });
  return {
    organization: { localGovernmentCode: organization.code, name: organization.name },
    fiscalYear,
    licence: organization.licence,
    // When the public record last changed, not when this file was made: the same data gives the same file (ETag).
    updatedAt: updatedAt?.toISOString() ?? null,
    datasets: Object.fromEntries(OPEN_DATASETS.map((definition) => [definition.jsonKey, dataset(definition)])),
  };
}
