import { foldedName } from '../common/text';
import { fiscalYearLabel, yearMonthLabel } from '../common/era-input';
import { thisMonthInJapan } from '../common/dates';
import { fiscalYearOf } from '../common/japanese-era';
import { formatNumber } from '../common/number-format';
import { kpiLabel, MAX_KPIS } from '../projects/kpi-label';
import { KpiDirection } from '../projects/kpi-direction';
import { type AssessmentChoice, type AssessmentScale } from '../reports/report/assessment-choices';
import {
  AMOUNT_LABELS,
  type BudgetLineAmounts,
  computeBudgetTotals,
  planYearIndex,
  planYearLabel,
  type ReportWarning,
  totalWarnings,
} from '../reports/report/report-calculations';
import {
  findFiscalYear,
  plainText,
  readAmountWithGrant,
  readLatestValue,
  readNumber,
  readPlanPeriod,
  readYearMonth,
} from './cell-values';
import {
  type IssueSeverity,
  ImportMode,
  type ParsedBudgetLine,
  type ParsedKpi,
  type ParsedKpiResult,
  type ParsedReport,
  type ImportWording,
  type ParseOptions,
  type SourceRow,
  type SourceSheet,
  describeLocation,
  emptyParsedReport,
} from './import-model';
import { IssueList } from './issues';
import {
  filledCells,
  firstFilled,
  isBlank,
  matchPolicy,
  matchRating,
  labelsOf,
  NATIONAL_WORDING,
  splitEffect,
  wordingOf,
  trimmed,
} from './layout-text';

/** Limits of the report form (see reports.dto.ts and projects.dto.ts). */
const MAX_BUDGET_LINES = 100;

type Section = 'identity' | 'overview' | 'budget' | 'kpi' | 'evaluation' | 'policy' | 'corrections';

/**
 * Section headings are short cells that start with their circled number; our exports of a corrected report add
 * 訂正履歴 after ⑧, which is the record's, not the report's, and is read as no part of it.
 */
const SECTION_MARKERS: [Section, RegExp][] = [
  ['overview', /^③/],
  ['budget', /^④/],
  ['kpi', /^[⑤⑥]/],
  ['evaluation', /^⑦/],
  ['policy', /^⑧/],
  ['corrections', /^訂正履歴$/],
];
const MAX_HEADING_LENGTH = 80;
/** Column headers ("事業の評価", "今後の方針の理由") are shorter than any value worth reading. */
const MAX_COLUMN_HEADER_LENGTH = 30;

function sectionOf(row: SourceRow): Section | null {
  const first = firstFilled(row);
  if (first.length > MAX_HEADING_LENGTH) return null;
  return SECTION_MARKERS.find(([, marker]) => marker.test(first))?.[0] ?? null;
}

/** The row that opens a report: "No | ①国提出事業名 | ②実施計画期間 (R4年度の実施年数)". */
export function isReportStart(row: SourceRow): boolean {
  return trimmed(row).some((cell) => cell.length <= MAX_HEADING_LENGTH && /^①/.test(cell) && /事業(の)?名/.test(cell));
}

/**
 * The document title between reports, 「…に係る事業実施結果報告(案)」; "(案)" marks what follows as a draft. A short
 * cell that ends so, unlike a text (③) that names such a report.
 */
function isTitle(row: SourceRow): boolean {
  const cells = filledCells(row);
  return (
    cells.length === 1 &&
    cells[0].length <= MAX_HEADING_LENGTH &&
    /事業実施結果報告書?\s*(?:[(（]\s*案\s*[)）])?$/.test(cells[0])
  );
}

/** ④'s 合計 row: 「合計」 alone or with its note (「合計 (うち交付金対象)」), not a line named 「合計特殊出生率…」. */
function isTotalRow(row: SourceRow): boolean {
  return /^合計(?:[(（][^)）]*[)）])?$/.test(firstFilled(row).replace(/\s+/g, ''));
}

const hasDraftMark = (text: string) => /[(（]\s*案\s*[)）]/.test(text);

interface Block {
  start: SourceRow;
  rows: SourceRow[];
  titledDraft: boolean;
}

/** Every report of every sheet, found by its ① heading rather than by line numbers. */
export function parseResultReports(sheets: SourceSheet[], options: ParseOptions): ParsedReport[] {
  return sheets.flatMap((sheet) =>
    splitIntoBlocks(sheet.rows).map((block) => new ResultReportReader(block, options).read()),
  );
}

function splitIntoBlocks(rows: SourceRow[]): Block[] {
  const blocks: Block[] = [];
  let titledDraft = false;
  for (const row of rows) {
    if (isReportStart(row)) {
      blocks.push({ start: row, rows: [], titledDraft });
      titledDraft = false;
    } else if (isTitle(row)) {
      titledDraft = hasDraftMark(firstFilled(row));
    } else if (blocks.length > 0) {
      blocks[blocks.length - 1].rows.push(row);
    }
  }
  return blocks;
}

/** Which field each column of the KPI table holds, from its header ("基準値 | 目標値 | 単位 | 目標年月 | 最新値 | 事業効果"). */
type KpiColumn = 'baseline' | 'target' | 'unit' | 'targetYearMonth' | 'latest' | 'effect' | 'other';
const KPI_HEADERS: [KpiColumn, RegExp][] = [
  ['baseline', /基準/],
  ['target', /目標値|指標値/],
  ['unit', /単位/],
  ['targetYearMonth', /年月|達成時期/],
  ['latest', /最新|実績/],
  ['effect', /効果/],
];
const DEFAULT_KPI_COLUMNS: KpiColumn[] = ['baseline', 'target', 'unit', 'targetYearMonth', 'latest', 'effect'];
const KPI_ROW = /^指標\s*([①②③④⑤⑥⑦⑧⑨⑩]|\d+)\s*([\s\S]*)$/;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';

interface BudgetColumns {
  name: number;
  summary: number;
  results: number;
  budget: number;
  actual: number;
}

/** ⑦ and ⑧ read alike: a choice column (評価, 方針) and a text column (意見, 理由) beside it. */
interface ChoiceAndTextSection<S extends AssessmentScale> {
  section: Section;
  choiceHeader: RegExp;
  textHeader: RegExp;
  choicePointer: string;
  textPointer: string;
  choices: (wording: ImportWording) => AssessmentChoice<S>[];
  match: (text: string, own: AssessmentChoice<S>[]) => AssessmentChoice<S> | null;
  store: (report: ParsedReport, choice: AssessmentChoice<S> | null, text: string) => void;
  messages: {
    missingSection: string;
    missingChoice: (labels: string) => string;
    unknownChoice: (value: string, labels: string) => string;
    missingText: string;
  };
}

const PANEL_EVALUATION: ChoiceAndTextSection<AssessmentScale.PanelRating> = {
  section: 'evaluation',
  choiceHeader: /評価/,
  textHeader: /意見/,
  choicePointer: '/panelRating',
  textPointer: '/panelOpinion',
  choices: (wording) => wording.panelRating,
  match: matchRating,
  store: (report, rating, opinion) => {
    report.panelOpinion = opinion;
    report.panelRating = rating?.kind ?? null;
    report.wording.panelRating = rating && wordingOf(rating);
  },
  messages: {
    missingSection:
      '⑦外部有識者からの評価の見出しが見つかりません。公表済みの報告として取り込むには⑦が必要です。「⑦外部有識者からの評価」の見出しの行と、その下に事業の評価と意見を入力してください。',
    missingChoice: (labels) => `⑦事業の評価が空欄です。${labels}のいずれかを入力してください。`,
    unknownChoice: (value, labels) =>
      `⑦事業の評価「${value}」は、評価の選択肢(${labels})のどれにも当たりません。いずれかの文言で入力してください。`,
    missingText: '⑦外部有識者からの意見が空欄です。意見を入力してください。',
  },
};

const FUTURE_POLICY: ChoiceAndTextSection<AssessmentScale.PolicyDecision> = {
  section: 'policy',
  choiceHeader: /方針/,
  textHeader: /理由/,
  choicePointer: '/policyDecision',
  textPointer: '/policyReason',
  choices: (wording) => wording.policyDecision,
  match: matchPolicy,
  store: (report, decision, reason) => {
    report.policyReason = reason;
    report.policyDecision = decision?.kind ?? null;
    report.wording.policyDecision = decision && wordingOf(decision);
  },
  messages: {
    missingSection:
      '⑧今後の方針の見出しが見つかりません。公表済みの報告として取り込むには⑧が必要です。「⑧今後の方針」の見出しの行と、その下に今後の方針とその理由を入力してください。',
    missingChoice: (labels) => `⑧今後の方針が空欄です。${labels}のいずれかを入力してください。`,
    unknownChoice: (value, labels) =>
      `⑧今後の方針「${value}」は、方針の選択肢(${labels})のどれにも当たりません。いずれかの文言で入力してください。`,
    missingText: '⑧今後の方針の理由が空欄です。理由を入力してください。',
  },
};

/** Reads one report block, section by section, noting what it could not read. */
class ResultReportReader {
  private readonly issues = new IssueList();
  private readonly required: IssueSeverity;
  private readonly report: ParsedReport;
  private headerFiscalYear: number | null = null;
  private budgetFiscalYear: number | null = null;
  private readonly seen = new Set<Section>();
  private effectTexts: string[] = [];
  private readonly wording: ImportWording;

  constructor(
    private readonly block: Block,
    private readonly options: ParseOptions,
  ) {
    // Published history must be complete; a draft may leave ⑥–⑧ for later.
    this.required = options.mode === ImportMode.Published ? 'error' : 'warning';
    this.wording = options.wording ?? NATIONAL_WORDING;
    this.report = emptyParsedReport({
      location: describeLocation(block.start.location),
      fiscalYear: null,
      markedDraft: block.titledDraft,
      section: null,
      project: {
        projectNumber: null,
        name: '',
        grantTypeCode: options.defaultGrantTypeCode,
        planStartFiscalYear: null,
        planEndFiscalYear: null,
        planPeriodInferred: false,
        overview: '',
        jointApplicationNote: null,
        departmentName: null,
        kpis: [],
      },
      issues: this.issues.items,
    });
  }

  read(): ParsedReport {
    const sections = this.sections();
    this.readIdentity(sections.get('identity') ?? []);
    this.readOverview(sections.get('overview') ?? []);
    this.readBudget(sections.get('budget') ?? []);
    this.readKpis(sections.get('kpi') ?? []);
    this.readChoiceAndText(sections, PANEL_EVALUATION);
    this.readChoiceAndText(sections, FUTURE_POLICY);
    this.settleFiscalYear();
    return this.report;
  }

  /** Rows of each section, headings included; a section heading repeated (⑤ then ⑥) continues the same section. */
  private sections(): Map<Section, SourceRow[]> {
    const sections = new Map<Section, SourceRow[]>([['identity', []]]);
    let current: Section = 'identity';
    for (const row of this.block.rows) {
      const section = sectionOf(row);
      if (section) {
        current = section;
        this.seen.add(section);
      }
      if (!sections.has(current)) sections.set(current, []);
      sections.get(current)!.push(row);
    }
    return sections;
  }

  private readIdentity(rows: SourceRow[]): void {
    const header = trimmed(this.block.start);
    const column = (pattern: RegExp) => header.findIndex((cell) => pattern.test(cell));
    const numberColumn = column(/^(No|番号)/i);
    const nameColumn = column(/^①/);
    const periodColumn = column(/^②/);
    const departmentColumn = column(/^(事業)?担当(課|部署|部局)/);
    this.headerFiscalYear = periodColumn >= 0 ? findFiscalYear(header[periodColumn]) : null;
    const values = rows.find((row) => !isBlank(row));
    if (!values) {
      this.issues.error(
        'missing_value',
        '/project/name',
        '①国提出事業名と②実施計画期間がありません。①の見出しのすぐ下の行に、事業名と実施計画期間を入力してください。',
        this.block.start.location,
      );
      return;
    }
    const cells = trimmed(values);
    const between = (from: number, to: number) =>
      cells.slice(Math.max(from, 0), to < 0 ? undefined : to).find((cell) => cell !== '') ?? '';
    const number = numberColumn >= 0 ? (cells[numberColumn] ?? '') : '';
    this.report.project.projectNumber = foldedName(plainText(number)) || null;
    const name = plainText(between(nameColumn, periodColumn)).replace(/\n/g, ' ');
    this.report.project.name = name;
    this.report.project.jointApplicationNote = /【[^】]*共同申請】/.exec(name)?.[0] ?? null;
    if (name === '')
      this.issues.error(
        'missing_value',
        '/project/name',
        '①国提出事業名が空欄です。事業名を入力してください。',
        values.location,
      );
    this.report.project.departmentName =
      departmentColumn >= 0 ? plainText(cells[departmentColumn] ?? '').replace(/\n/g, ' ') || null : null;
    const periodText =
      periodColumn >= 0 ? between(periodColumn, departmentColumn > periodColumn ? departmentColumn : -1) : '';
    const period = readPlanPeriod(periodText);
    if (!period.ok) {
      this.issues.error(
        periodText === '' ? 'missing_value' : 'unreadable_value',
        '/project/planStartFiscalYear',
        periodText === ''
          ? '②実施計画期間が空欄です。「R2年度～R6年度」のように入力してください。'
          : `②実施計画期間${period.problem}`,
        values.location,
        periodText,
      );
      return;
    }
    Object.assign(this.report.project, {
      planStartFiscalYear: period.value.start,
      planEndFiscalYear: period.value.end,
    });
    this.report.statedPlanYear = period.value.planYear;
  }

  private readOverview(rows: SourceRow[]): void {
    if (!this.seen.has('overview'))
      this.issues.warning(
        'missing_section',
        '/project/overview',
        '③全体概要の見出しが見つかりません。概要は空欄のまま取り込みます。「③全体概要」の見出しの行と、その下に概要を入力してください。',
      );
    this.report.project.overview = rows
      .slice(1)
      .flatMap(filledCells)
      .map(plainText)
      .filter((text) => text !== '')
      .join('\n');
  }

  private readBudget(rows: SourceRow[]): void {
    if (!this.seen.has('budget')) {
      this.issues.warning(
        'missing_section',
        '/budgetLines',
        '④市予算事業の見出しが見つかりません。予算事業なしで取り込みます。「④市予算事業(令和4年度)」のような見出しの行と、その下に予算事業の表を入力してください。',
      );
      return;
    }
    this.budgetFiscalYear = findFiscalYear(firstFilled(rows[0]));
    const headerIndex = rows.findIndex(
      (row) => trimmed(row).some((cell) => /事業名/.test(cell)) && trimmed(row).some((cell) => /予算/.test(cell)),
    );
    const columns = this.budgetColumns(headerIndex >= 0 ? rows[headerIndex] : null);
    const body = rows.slice(headerIndex >= 0 ? headerIndex + 1 : 1).filter((row) => !isBlank(row));
    const width = Math.max(columns.budget, columns.actual) + 1;
    for (let index = 0; index < body.length; index++) {
      const row = body[index];
      if (isTotalRow(row)) {
        this.readTypedTotals(row, columns);
        continue;
      }
      // A cell broken across lines without quotes leaves two short rows; join them back, when the next row's cells
      // fit in the columns left (a line with no 実績額 yet is short too, and the next line does not fit).
      let cells = [...row.cells];
      while (
        lastFilledIndex(cells) + 1 < width &&
        index + 1 < body.length &&
        lastFilledIndex(cells) + lastFilledIndex(body[index + 1].cells) < width &&
        !isTotalRow(body[index + 1])
      ) {
        const next = body[++index].cells;
        const joinAt = lastFilledIndex(cells);
        cells = [...cells.slice(0, joinAt), `${cells[joinAt]}\n${next[0] ?? ''}`, ...next.slice(1)];
      }
      this.readBudgetLine(cells, row, columns);
    }
    if (this.report.budgetLines.length > MAX_BUDGET_LINES) {
      this.issues.error(
        'too_many',
        '/budgetLines',
        `④市予算事業が${this.report.budgetLines.length}行あります。取り込めるのは${MAX_BUDGET_LINES}行までです。行をまとめて${MAX_BUDGET_LINES}行以内にしてください。`,
      );
    }
    const computed = computeBudgetTotals(this.report.budgetLines);
    for (const warning of totalWarnings(this.report.typedTotals, computed))
      this.issues.warning('total_mismatch', warning.path, totalMismatch(warning));
  }

  private budgetColumns(header: SourceRow | null): BudgetColumns {
    const cells = header ? trimmed(header) : [];
    const find = (pattern: RegExp, fallback: number) => {
      const index = cells.findIndex((cell) => pattern.test(cell));
      return index >= 0 ? index : fallback;
    };
    const actual = find(/実績額/, 4);
    if (header) {
      const asOfText = /[(（]([^)）]*)[)）]/.exec(cells[actual] ?? '')?.[1]?.replace(/実績/g, '') ?? '';
      const asOf = readYearMonth(asOfText);
      if (asOf.ok) this.report.actualAsOf = asOf.value;
      else
        this.issues.warning(
          'unreadable_value',
          '/actualAsOf',
          `④市予算事業の実績額の時点${asOf.problem}`,
          header.location,
          asOfText,
        );
    }
    return {
      name: find(/事業名/, 0),
      summary: find(/概要/, 1),
      results: find(/事業実績|主な/, 2),
      budget: find(/予算額/, 3),
      actual,
    };
  }

  private readBudgetLine(cells: string[], row: SourceRow, columns: BudgetColumns): void {
    const index = this.report.budgetLines.length;
    const path = `/budgetLines/${index}`;
    const cell = (column: number) => cells[column] ?? '';
    const line: ParsedBudgetLine = {
      name: plainText(cell(columns.name)).replace(/\n/g, ' '),
      summary: plainText(cell(columns.summary)),
      results: plainText(cell(columns.results)),
      budgetAmount: null,
      budgetGrantAmount: null,
      actualAmount: null,
      actualGrantAmount: null,
    };
    // The line as the sheet shows it: by its 事業名, else by its place in ④.
    const where = line.name === '' ? `④市予算事業の${index + 1}行目` : `④市予算事業「${line.name}」`;
    for (const [column, amountField, grantField, label, grantLabel] of [
      [columns.budget, 'budgetAmount', 'budgetGrantAmount', '予算額', 'うち交付金見込'],
      [columns.actual, 'actualAmount', 'actualGrantAmount', '実績額', 'うち交付金'],
    ] as const) {
      const amounts = readAmountWithGrant(cell(column));
      if (!amounts.ok) {
        this.issues.error(
          'unreadable_value',
          `${path}/${amountField}`,
          `${where}の${label}${amounts.problem}`,
          row.location,
          cell(column),
        );
        continue;
      }
      line[amountField] = amounts.value.amount;
      line[grantField] = amounts.value.grant;
      if (amounts.value.amount === null)
        this.issues.warning(
          'missing_value',
          `${path}/${amountField}`,
          `${where}の${label}が空欄です。「9,048 (4,524)」のように千円単位で入力してください。`,
          row.location,
        );
      else if (amounts.value.grant === null)
        this.issues.warning(
          'missing_value',
          `${path}/${grantField}`,
          `${where}の${label}に、かっこ内の「${grantLabel}」の額がありません。「9,048 (4,524)」のように入力してください。`,
          row.location,
          cell(column),
        );
      if (amounts.value.amount !== null && amounts.value.grant !== null && amounts.value.grant > amounts.value.amount) {
        this.issues.error(
          'grant_exceeds_amount',
          `${path}/${grantField}`,
          `${where}の${label}で、かっこ内の「${grantLabel}」${thousandYen(amounts.value.grant)}が${label}${thousandYen(amounts.value.amount)}を超えています。金額を確かめてください。`,
          row.location,
          cell(column),
        );
      }
    }
    if (line.name === '')
      this.issues.warning(
        'missing_value',
        `${path}/name`,
        `④市予算事業の${index + 1}行目の事業名が空欄です。事業名を入力してください。`,
        row.location,
      );
    this.report.budgetLines.push(line);
  }

  private readTypedTotals(row: SourceRow, columns: BudgetColumns): void {
    for (const [column, amountField, grantField, label] of [
      [columns.budget, 'budgetAmount', 'budgetGrantAmount', '予算額'],
      [columns.actual, 'actualAmount', 'actualGrantAmount', '実績額'],
    ] as const) {
      const text = row.cells[column] ?? '';
      const amounts = readAmountWithGrant(text);
      if (!amounts.ok) {
        this.issues.error(
          'unreadable_value',
          `/typedTotals/${amountField}`,
          `④市予算事業の合計(${label})${amounts.problem}`,
          row.location,
          text,
        );
        continue;
      }
      this.report.typedTotals[amountField] = amounts.value.amount;
      this.report.typedTotals[grantField] = amounts.value.grant;
    }
  }

  private readKpis(rows: SourceRow[]): void {
    if (!this.seen.has('kpi')) {
      this.issues.warning(
        'missing_section',
        '/project/kpis',
        '⑤重要業績評価指標(KPI)の見出しが見つかりません。指標なしで取り込みます。「⑤重要業績評価指標(KPI)」の見出しの行と、その下に指標の表を入力してください。',
      );
      return;
    }
    let columns = DEFAULT_KPI_COLUMNS;
    let continuing = false;
    for (const row of rows) {
      const cells = trimmed(row);
      const kpiRow = KPI_ROW.exec(cells[0] ?? '');
      if (kpiRow) {
        this.readKpiRow(row, kpiRow, columns);
        continuing = true;
      } else if (cells.some((cell) => /基準値|指標名/.test(cell))) {
        columns = kpiColumns(cells);
      } else if (isBlank(row)) {
        continuing = false;
      } else if (continuing && !sectionOf(row)) {
        // The 事業効果 text broken onto the following lines.
        this.effectTexts.push(...filledCells(row));
      }
    }
    const positions = this.report.project.kpis.map((kpi) => kpi.position);
    const last = Math.max(0, ...positions);
    for (let position = 1; position < last; position++) {
      if (!positions.includes(position))
        this.issues.warning(
          'kpi_missing',
          '/project/kpis',
          `⑤${kpiLabel(position)}の行がありません(⑤${kpiLabel(last)}はあります)。指標の番号を確かめてください。`,
        );
    }
    this.readEffect();
  }

  private readKpiRow(row: SourceRow, match: RegExpExecArray, columns: KpiColumn[]): void {
    const position = CIRCLED.includes(match[1]) ? CIRCLED.indexOf(match[1]) + 1 : Number(match[1]);
    const ownName = plainText(match[2]);
    const values = row.cells.slice(ownName === '' ? 2 : 1).map((cell) => cell.trim());
    const name = ownName !== '' ? ownName : plainText(row.cells[1] ?? '');
    const cellOf = (column: KpiColumn) => {
      const index = columns.indexOf(column);
      return index >= 0 ? (values[index] ?? '') : '';
    };
    // Cells beyond the known columns belong to the effect text as well.
    this.effectTexts.push(cellOf('effect'), ...values.slice(columns.length));
    // A row with nothing but ⑥'s text (an export of a project without KPIs writes it so) is no KPI.
    if (name === '' && columns.every((column) => column === 'effect' || cellOf(column) === '')) return;
    const index = this.report.project.kpis.length;
    const path = `/project/kpis/${index}`;
    if (position > MAX_KPIS) {
      this.issues.error(
        'too_many',
        '/project/kpis',
        `⑤${kpiLabel(position)}は取り込めません。指標は1つの事業に指標①～指標④の${MAX_KPIS}つまでです。`,
        row.location,
      );
      return;
    }
    const kept = this.report.project.kpis.findIndex((kpi) => kpi.position === position);
    if (kept >= 0) {
      // This row is not read, so the issue points at the row of the same number that is.
      this.issues.error(
        'duplicate_in_file',
        `/project/kpis/${kept}/position`,
        `⑤${kpiLabel(position)}の行が2つあります。指標の番号を確かめてください。`,
        row.location,
      );
      return;
    }
    const label = `⑤${kpiLabel(position)}`;
    const number = (column: 'baseline' | 'target', field: string, text: string) => {
      const reading = readNumber(text);
      if (!reading.ok)
        this.issues.error(
          'unreadable_value',
          `${path}/${column}`,
          `${label}の${field}${reading.problem}`,
          row.location,
          text,
        );
      else if (reading.value === null)
        this.issues.warning(
          'missing_value',
          `${path}/${column}`,
          `${label}の${field}が空欄です。数値を入力してください。`,
          row.location,
        );
      return reading.ok ? reading.value : null;
    };
    const baseline = number('baseline', '基準値', cellOf('baseline'));
    const target = number('target', '目標値', cellOf('target'));
    const targetYearMonth = readYearMonth(cellOf('targetYearMonth'));
    if (!targetYearMonth.ok)
      this.issues.error(
        'unreadable_value',
        `${path}/targetYearMonth`,
        `${label}の目標年月${targetYearMonth.problem}`,
        row.location,
        cellOf('targetYearMonth'),
      );
    else if (targetYearMonth.value === null && columns.includes('targetYearMonth'))
      this.issues.warning(
        'missing_value',
        `${path}/targetYearMonth`,
        `${label}${name === '' ? '' : `「${name}」`}の目標年月が空欄です。「R7.3」のように目標の年月を入力してください。`,
        row.location,
      );
    const unit = plainText(cellOf('unit'));
    if (unit === '')
      this.issues.warning(
        'kpi_without_unit',
        `${path}/unit`,
        `${label}${name === '' ? '' : `「${name}」`}の単位が空欄です。「件」や「人」のように単位を入力してください。`,
        row.location,
      );
    if (name === '')
      this.issues.error(
        'missing_value',
        `${path}/name`,
        `${label}の指標名が空欄です。指標名を入力してください。`,
        row.location,
      );
    const kpi: ParsedKpi = {
      position,
      name,
      baseline,
      target,
      unit,
      targetYearMonth: targetYearMonth.ok ? targetYearMonth.value : null,
      // A target below the baseline only makes sense for a KPI that should fall (e.g. 待機児童数).
      direction:
        baseline !== null && target !== null && target < baseline
          ? KpiDirection.LowerIsBetter
          : KpiDirection.HigherIsBetter,
    };
    const latest = readLatestValue(cellOf('latest'));
    const result: ParsedKpiResult = {
      position,
      latestValue: null,
      latestAsOf: null,
      isReference: false,
      yearlyActuals: [],
    };
    if (!latest.ok)
      this.issues.error(
        'unreadable_value',
        `/kpiResults/${index}/latestValue`,
        `${label}の最新値${latest.problem}`,
        row.location,
        cellOf('latest'),
      );
    else {
      Object.assign(result, {
        latestValue: latest.value.value,
        latestAsOf: latest.value.asOf,
        isReference: latest.value.isReference,
      });
      // As the report form refuses it: a value measured in a month still to come is a slip of the year.
      if (latest.value.asOf !== null && latest.value.asOf > thisMonthInJapan())
        this.issues.error(
          'unreadable_value',
          `/kpiResults/${index}/latestAsOf`,
          `${label}の最新値の時点(${yearMonthLabel(latest.value.asOf)})が今月より後になっています。値を測った年月にしてください。`,
          row.location,
          cellOf('latest'),
        );
      if (latest.value.value === null)
        this.issues.warning(
          'missing_value',
          `/kpiResults/${index}/latestValue`,
          `${label}の最新値が空欄です。「124 (R5.6月)」のように、数値とその時点を入力してください。`,
          row.location,
        );
    }
    this.report.project.kpis.push(kpi);
    this.report.kpiResults.push(result);
  }

  private readEffect(): void {
    const text = this.effectTexts
      .map(plainText)
      .filter((part) => part !== '')
      .join('\n');
    const { level, narrative } = splitEffect(text, this.wording.effectLevel);
    this.report.effectLevel = level?.kind ?? null;
    this.report.wording.effectLevel = level && wordingOf(level);
    this.report.effectNarrative = narrative;
    if (text === '')
      this.issues.add(
        this.required,
        'missing_value',
        '/effectLevel',
        `⑥事業効果が空欄です。評価(${labelsOf(this.wording.effectLevel)}のいずれか)と、続けてその説明を入力してください。`,
      );
    else if (!level)
      this.issues.add(
        this.required,
        'unknown_wording',
        '/effectLevel',
        `⑥事業効果が、評価(${labelsOf(this.wording.effectLevel)})のどれでも始まっていません。書かれた内容はすべて説明として取り込みます。評価を取り込むには、いずれかの評価で書き始めてください。`,
        undefined,
        text.slice(0, 80),
      );
  }

  /** ⑦ and ⑧ share a shape: a heading, a header naming the two columns, the values, and text that may run on. */
  private readTwoColumnSection(
    rows: SourceRow[],
    firstHeader: RegExp,
    secondHeader: RegExp,
  ): { first: string; second: string; at?: SourceRow } {
    const body = rows.slice(1);
    const isHeader = (row: SourceRow) =>
      filledCells(row).every((cell) => cell.length <= MAX_COLUMN_HEADER_LENGTH) &&
      filledCells(row).some((cell) => firstHeader.test(cell) || secondHeader.test(cell));
    const headerIndex = body.findIndex(isHeader);
    const header = headerIndex >= 0 ? trimmed(body[headerIndex]) : [];
    if (rows.slice(0, headerIndex + 2).some((row) => row.cells.some(hasDraftMark))) this.report.markedDraft = true;
    const valueIndex = body.findIndex((row, index) => index > headerIndex && !isBlank(row));
    if (valueIndex < 0) return { first: '', second: '' };
    const cells = trimmed(body[valueIndex]);
    const firstColumn = Math.max(
      header.findIndex((cell) => firstHeader.test(cell) && !secondHeader.test(cell)),
      0,
    );
    const secondColumn = header.findIndex((cell) => secondHeader.test(cell));
    const first =
      secondColumn > firstColumn
        ? (cells.slice(firstColumn, secondColumn).find((cell) => cell !== '') ?? '')
        : (filledCells(body[valueIndex])[0] ?? '');
    const rest = secondColumn > firstColumn ? cells.slice(secondColumn) : filledCells(body[valueIndex]).slice(1);
    const continuation: string[] = [];
    for (const row of body.slice(valueIndex + 1)) {
      if (isBlank(row)) break;
      continuation.push(...filledCells(row));
    }
    const second = [...rest, ...continuation]
      .map(plainText)
      .filter((text) => text !== '')
      .join('\n');
    return { first: plainText(first), second, at: body[valueIndex] };
  }

  /** ⑦ or ⑧: the choice read against the organization's options, the text beside it, and what is missing. */
  private readChoiceAndText<S extends AssessmentScale>(
    sections: Map<Section, SourceRow[]>,
    spec: ChoiceAndTextSection<S>,
  ): void {
    if (!this.seen.has(spec.section)) {
      if (this.options.mode === ImportMode.Published)
        this.issues.error('missing_section', spec.choicePointer, spec.messages.missingSection);
      return;
    }
    const rows = sections.get(spec.section) ?? [];
    const { first, second, at } = this.readTwoColumnSection(rows, spec.choiceHeader, spec.textHeader);
    const own = spec.choices(this.wording);
    const choice = first === '' ? null : spec.match(first, own);
    spec.store(this.report, choice, second);
    // A draft takes no ⑦⑧ (planning writes them in the review): nothing of them to ask for, only that they are left out.
    if (this.options.mode === ImportMode.Draft) return;
    if (first === '')
      this.issues.add(
        this.required,
        'missing_value',
        spec.choicePointer,
        spec.messages.missingChoice(labelsOf(own)),
        at?.location,
      );
    else if (!choice) {
      this.issues.add(
        this.required,
        'unknown_wording',
        spec.choicePointer,
        spec.messages.unknownChoice(first, labelsOf(own)),
        at?.location,
        first,
      );
    }
    if (second === '')
      this.issues.add(this.required, 'missing_value', spec.textPointer, spec.messages.missingText, at?.location);
  }

  /** ④'s heading names the budget year; ②'s heading and the 実績額 month should agree with it. */
  private settleFiscalYear(): void {
    const asOf = this.report.actualAsOf;
    const asOfFiscalYear = asOf ? fiscalYearOf({ year: Number(asOf.slice(0, 4)), month: Number(asOf.slice(5)) }) : null;
    const fiscalYear = this.budgetFiscalYear ?? this.headerFiscalYear ?? asOfFiscalYear;
    this.report.fiscalYear = fiscalYear;
    if (fiscalYear === null) {
      this.issues.error(
        'missing_value',
        '/fiscalYear',
        'この報告の年度がどこにも書かれていません。④の見出しを「④市予算事業(令和4年度)」のように、または②の見出しを「②実施計画期間 (R4年度の実施年数)」のように、年度を入れて入力してください。',
        this.block.start.location,
      );
      return;
    }
    if (this.headerFiscalYear !== null && this.headerFiscalYear !== fiscalYear) {
      this.issues.warning(
        'fiscal_year_mismatch',
        '/fiscalYear',
        `②の見出しの年度(${fiscalYearLabel(this.headerFiscalYear)})と④市予算事業の見出しの年度(${fiscalYearLabel(fiscalYear)})が違います。${fiscalYearLabel(fiscalYear)}の報告として読み取りました。年度を確かめてください。`,
        this.block.start.location,
      );
    }
    const { planStartFiscalYear: start, planEndFiscalYear: end } = this.report.project;
    if (start === null || end === null) return;
    const planYear = planYearIndex(start, end, fiscalYear);
    if (planYear === null)
      this.issues.error(
        'outside_plan_period',
        '/fiscalYear',
        `${fiscalYearLabel(fiscalYear)}は②実施計画期間(${fiscalYearLabel(start)}～${fiscalYearLabel(end)})の外です。報告の年度と実施計画期間を確かめてください。`,
      );
    else if (this.report.statedPlanYear !== null && this.report.statedPlanYear !== planYear) {
      this.issues.warning(
        'plan_year_mismatch',
        '/statedPlanYear',
        `②には計画の${planYearLabel(this.report.statedPlanYear)}とありますが、${fiscalYearLabel(fiscalYear)}は${fiscalYearLabel(start)}～${fiscalYearLabel(end)}の${planYearLabel(planYear)}です。実施年数と実施計画期間を確かめてください。`,
      );
    }
  }
}

/** 千円 amounts as the sheet prints them: 9,048千円. */
const thousandYen = (amount: number) => `${formatNumber(amount)}千円`;

/** A typed 合計 that differs from the sum of the lines, in the sheet's words. */
function totalMismatch({ path, typed, computed }: ReportWarning): string {
  const field = path.slice(path.lastIndexOf('/') + 1) as keyof BudgetLineAmounts;
  return `④市予算事業の合計(${AMOUNT_LABELS[field]})${thousandYen(typed ?? 0)}が、各行を足した${thousandYen(computed ?? 0)}と一致しません。報告の合計は各行から計算します。合計と各行の金額を確かめてください。`;
}

function kpiColumns(header: string[]): KpiColumn[] {
  const nameIndex = header.findIndex((cell) => /指標名/.test(cell));
  return header
    .slice(nameIndex + 1)
    .filter((cell) => cell !== '')
    .map((cell) => KPI_HEADERS.find(([, pattern]) => pattern.test(cell))?.[0] ?? 'other');
}

function lastFilledIndex(cells: string[]): number {
  for (let index = cells.length - 1; index >= 0; index--) if (cells[index].trim() !== '') return index;
  return -1;
}
