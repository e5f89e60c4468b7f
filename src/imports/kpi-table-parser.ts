import { fiscalYearLabel } from '../common/era-input';
import { kpiLabel, MAX_KPIS } from '../projects/kpi-label';
import { fiscalYearOf, parseFiscalYear } from '../common/japanese-era';
import { KpiDirection } from '../projects/kpi-direction';
import { foldForMatching } from '../common/text';
import { findFiscalYear, plainText, readNumber, readYearMonth } from './cell-values';
import {
  describeLocation,
  emptyParsedReport,
  type GrantTypeRef,
  ImportMode,
  type ParsedReport,
  type ParseOptions,
  type SourceRow,
  type SourceSheet,
} from './import-model';
import { IssueList } from './issues';
import { filledCells, isBlank, trimmed } from './layout-text';

/** Header cells of the table (釧路市「地方創生推進交付金事業の実績」): two or more of them make a row a header row. */
const HEADER_WORDS = [/名称$/, /^事業の概要$/, /^K\s*P\s*I/, /^指標$/, /^指標値$/, /^実績値$/, /^単位$/, /^年月$/];
const FISCAL_YEAR_CELL = /^(令和|平成|R|H)\s*(元|\d{1,2})\s*年度$/;

interface TableColumns {
  name: number;
  overview: number;
  kpiName: number;
  target: number;
  unit: number;
  targetYearMonth: number;
  years: { column: number; fiscalYear: number }[];
}

/** A row of fiscal-year columns (R1年度 … R4年度) marks the table. */
export function hasFiscalYearColumns(row: SourceRow): boolean {
  return trimmed(row).filter((cell) => FISCAL_YEAR_CELL.test(cell.normalize('NFKC'))).length >= 2;
}

function isHeaderRow(row: SourceRow): boolean {
  const cells = trimmed(row);
  return hasFiscalYearColumns(row) || cells.filter((cell) => HEADER_WORDS.some((word) => word.test(cell))).length >= 2;
}

/**
 * The multi-year KPI table: one project per row group, one KPI per row, one actual per fiscal year
 * ('-' = none). Each project becomes a report of the table's fiscal year with its yearly actuals.
 */
export function parseKpiTables(sheets: SourceSheet[], options: ParseOptions): ParsedReport[] {
  return sheets.flatMap((sheet) => readSheet(sheet, options));
}

function readSheet(sheet: SourceSheet, options: ParseOptions): ParsedReport[] {
  const reports: ParsedReport[] = [];
  let titleYear: number | null = null;
  let section: string | null = null;
  let headerRows: SourceRow[] = [];
  let columns: TableColumns | null = null;
  let current: { report: ParsedReport; issues: IssueList } | null = null;
  const finish = () => {
    if (current) reports.push(completeProject(current.report, current.issues, options));
    current = null;
  };
  for (const row of sheet.rows) {
    if (isBlank(row)) continue;
    const cells = filledCells(row);
    if (isHeaderRow(row)) {
      finish();
      headerRows = columns ? [row] : [...headerRows, row];
      columns = hasFiscalYearColumns(row) ? tableColumns(headerRows) : null;
      if (columns) headerRows = [];
      continue;
    }
    if (cells.length === 1 && /^【.+】$/.test(cells[0])) {
      finish();
      section = cells[0].slice(1, -1).trim();
      continue;
    }
    if (!columns) {
      titleYear ??= findFiscalYear(cells.join(' '));
      continue;
    }
    const text = trimmed(row);
    const name = text[columns.name] ?? '';
    if (name !== '') {
      finish();
      current = startProject(row, columns, section, titleYear, options);
    }
    if (current && (text[columns.kpiName] ?? '') !== '') readKpi(current.report, current.issues, row, columns);
  }
  finish();
  return reports;
}

function tableColumns(headerRows: SourceRow[]): TableColumns {
  const rows = headerRows.map(trimmed);
  const find = (pattern: RegExp, fallback: number) => {
    for (const cells of [...rows].reverse()) {
      const index = cells.findIndex((cell) => pattern.test(cell));
      if (index >= 0) return index;
    }
    return fallback;
  };
  const yearRow = rows[rows.length - 1];
  const years = yearRow.flatMap((cell, column) => {
    const fiscalYear = FISCAL_YEAR_CELL.test(cell.normalize('NFKC')) ? parseFiscalYear(cell) : null;
    return fiscalYear === null ? [] : [{ column, fiscalYear }];
  });
  const target = find(/^指標値$/, 3);
  return {
    name: find(/名称$/, 0),
    overview: find(/概要/, 1),
    kpiName: find(/^指標$/, target - 1),
    target,
    unit: find(/^単位$/, target + 1),
    targetYearMonth: find(/^年月$/, target + 2),
    years,
  };
}

function startProject(
  row: SourceRow,
  columns: TableColumns,
  section: string | null,
  titleYear: number | null,
  options: ParseOptions,
): { report: ParsedReport; issues: IssueList } {
  const issues = new IssueList();
  const cells = trimmed(row);
  const fullName = plainText(cells[columns.name]).replace(/\n/g, ' ');
  // "【地方創生拠点整備交付金】 音別地域交流拠点施設整備事業": the grant, then the name.
  const prefix = /^【([^】]+)】\s*/.exec(fullName);
  const name = prefix ? fullName.slice(prefix[0].length) : fullName;
  const named = prefix ? grantTypeNamed(options.grantTypes, prefix[1]) : undefined;
  const grantType = named ?? (section ? grantTypeNamed(options.grantTypes, section) : undefined);
  if (prefix && !named) {
    issues.warning(
      'unknown_wording',
      '/project/grantTypeCode',
      `「【${prefix[1]}】」は登録されている交付金の種類ではないため、この事業は「${grantTypeLabel(options)}」として取り込みます。違う場合は、取り込んだ後に事業の画面で交付金の種類を直してください。`,
      row.location,
      prefix[1],
    );
  }
  const fiscalYear =
    titleYear ?? (columns.years.length > 0 ? Math.max(...columns.years.map((year) => year.fiscalYear)) : null);
  if (fiscalYear === null)
    issues.error(
      'missing_value',
      '/fiscalYear',
      'この表の年度がどこにも書かれていません。表の上に「令和4年度 …」のような表題を入れるか、「R1年度」「R2年度」のような年度の列を入れてください。',
      row.location,
    );
  const report = emptyParsedReport({
    location: describeLocation(row.location),
    fiscalYear,
    markedDraft: false,
    section,
    project: {
      projectNumber: null,
      name,
      grantTypeCode: grantType?.code ?? options.defaultGrantTypeCode,
      planStartFiscalYear: null,
      planEndFiscalYear: null,
      planPeriodInferred: true,
      overview: plainText(cells[columns.overview] ?? ''),
      jointApplicationNote: null,
      departmentName: null,
      kpis: [],
    },
    issues: issues.items,
  });
  return { report, issues };
}

/** The grant type chosen for the import, by its name. */
function grantTypeLabel(options: ParseOptions): string {
  return (
    options.grantTypes.find((type) => type.code === options.defaultGrantTypeCode)?.label ?? options.defaultGrantTypeCode
  );
}

function grantTypeNamed(grantTypes: GrantTypeRef[], text: string): GrantTypeRef | undefined {
  const folded = foldForMatching(text);
  return grantTypes.find((type) => folded.includes(foldForMatching(type.label)));
}

function readKpi(report: ParsedReport, issues: IssueList, row: SourceRow, columns: TableColumns): void {
  const cells = trimmed(row);
  const index = report.project.kpis.length;
  const position = index + 1;
  const path = `/project/kpis/${index}`;
  const name = plainText(cells[columns.kpiName]).replace(/\n/g, ' ');
  // The table does not number its KPIs: a row is named by its place and its 指標.
  const label = `${kpiLabel(position)}「${name}」`;
  if (position > MAX_KPIS) {
    issues.error(
      'too_many',
      '/project/kpis',
      `「${report.project.name}」の指標「${name}」は取り込めません。指標は1つの事業に${MAX_KPIS}つまでです。`,
      row.location,
    );
    return;
  }
  const target = readNumber(cells[columns.target] ?? '');
  if (!target.ok)
    issues.error(
      'unreadable_value',
      `${path}/target`,
      `${label}の指標値${target.problem}`,
      row.location,
      cells[columns.target],
    );
  else if (target.value === null)
    issues.warning(
      'missing_value',
      `${path}/target`,
      `${label}の指標値が空欄です。数値を入力してください。`,
      row.location,
    );
  const unit = plainText(cells[columns.unit] ?? '');
  if (unit === '')
    issues.warning(
      'kpi_without_unit',
      `${path}/unit`,
      `${label}の単位が空欄です。「件」や「人」のように単位を入力してください。`,
      row.location,
    );
  const targetYearMonth = readYearMonth(cells[columns.targetYearMonth] ?? '');
  if (!targetYearMonth.ok)
    issues.error(
      'unreadable_value',
      `${path}/targetYearMonth`,
      `${label}の年月${targetYearMonth.problem}`,
      row.location,
      cells[columns.targetYearMonth],
    );
  else if (targetYearMonth.value === null)
    issues.warning(
      'missing_value',
      `${path}/targetYearMonth`,
      `${label}の年月が空欄です。「R7.3」のように目標の年月を入力してください。`,
      row.location,
    );
  const yearlyActuals = columns.years.map(({ column, fiscalYear }, yearIndex) => {
    const reading = readNumber(cells[column] ?? '');
    if (!reading.ok)
      issues.error(
        'unreadable_value',
        `/kpiResults/${index}/yearlyActuals/${yearIndex}/value`,
        `${label}の${fiscalYearLabel(fiscalYear)}の実績値${reading.problem}`,
        row.location,
        cells[column],
      );
    return { fiscalYear, value: reading.ok ? reading.value : null };
  });
  report.project.kpis.push({
    position,
    name,
    baseline: null,
    target: target.ok ? target.value : null,
    unit,
    targetYearMonth: targetYearMonth.ok ? targetYearMonth.value : null,
    direction: KpiDirection.HigherIsBetter,
  });
  const latest = yearlyActuals.find((actual) => actual.fiscalYear === report.fiscalYear)?.value ?? null;
  report.kpiResults.push({ position, latestValue: latest, latestAsOf: null, isReference: false, yearlyActuals });
}

/** The table states no plan period: it is taken from the years with actuals and the target months, and said so. */
function completeProject(report: ParsedReport, issues: IssueList, options: ParseOptions): ParsedReport {
  const { fiscalYear, project } = report;
  if (project.kpis.length === 0)
    issues.warning(
      'missing_value',
      '/project/kpis',
      `「${project.name}」に指標の行がありません。指標なしで取り込みます。指標、指標値、単位、年月と年度ごとの実績値を入力してください。`,
    );
  if (fiscalYear !== null) {
    const actualYears = report.kpiResults.flatMap((result) =>
      result.yearlyActuals.filter((actual) => actual.value !== null).map((actual) => actual.fiscalYear),
    );
    const targetYears = project.kpis.flatMap((kpi) =>
      kpi.targetYearMonth
        ? [fiscalYearOf({ year: Number(kpi.targetYearMonth.slice(0, 4)), month: Number(kpi.targetYearMonth.slice(5)) })]
        : [],
    );
    project.planStartFiscalYear = Math.min(fiscalYear, ...actualYears);
    project.planEndFiscalYear = Math.max(fiscalYear, ...targetYears);
    issues.warning(
      'plan_period_derived',
      '/project/planStartFiscalYear',
      `この表には実施計画期間がないため、実績のある年度と指標の目標の年月から、実施計画期間を${fiscalYearLabel(project.planStartFiscalYear)}～${fiscalYearLabel(project.planEndFiscalYear)}としました。違う場合は、取り込んだ後に事業の画面で直してください。`,
    );
  }
  if (options.mode === ImportMode.Published) {
    issues.error(
      'missing_section',
      '/effectLevel',
      'この表には⑥事業効果、⑦外部有識者からの評価、⑧今後の方針がないため、公表済みの報告としては取り込めません。作成中の報告として取り込み、⑥は報告の画面で入力してください(⑦⑧は外部有識者の意見照会と企画政策課の決定で記録されます)。',
    );
  }
  return report;
}
