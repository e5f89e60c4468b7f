import { ImportLayout, type ParseOptions, type ParseResult, type SourceSheet } from './import-model';
import { IssueList } from './issues';
import { hasFiscalYearColumns, parseKpiTables } from './kpi-table-parser';
import { warnOfOtherMunicipalities } from './other-municipality';
import { beyondLimits } from './report-limits';
import { isReportStart, parseResultReports } from './result-report-parser';

/** Which layout the rows are in, by their markers: ① headings, or a header of fiscal-year columns. */
export function detectLayout(sheets: SourceSheet[]): ParseResult['layout'] {
  const rows = sheets.flatMap((sheet) => sheet.rows);
  if (rows.some(isReportStart)) return ImportLayout.ResultReport;
  if (rows.some(hasFiscalYearColumns)) return ImportLayout.KpiTable;
  return null;
}

/**
 * Text whose lines are single cells with commas in them: a CSV, which is not read (its quoting and line breaks inside
 * cells differ from what Excel copies); saying so beats saying the headings are missing when they are there.
 */
function looksCommaSeparated(sheets: SourceSheet[]): boolean {
  const rows = sheets.flatMap((sheet) => sheet.rows).filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const commaRows = rows.filter((row) => row.cells.length === 1 && row.cells[0].includes(','));
  return rows.length > 0 && commaRows.length * 2 >= rows.length;
}

/** Rows (pasted text or worksheets) → the reports they hold, each with what could not be read. Never throws on content. */
export function parseImport(sheets: SourceSheet[], options: ParseOptions): ParseResult {
  const issues = new IssueList();
  const layout = options.layout === ImportLayout.Auto ? detectLayout(sheets) : options.layout;
  if (!layout && looksCommaSeparated(sheets)) {
    issues.error(
      'comma_separated',
      '',
      'カンマ区切り(CSV)の内容は読み取れません。Excelで開いて「Excel ブック (*.xlsx)」として保存したファイルを取り込むか、Excelでセルを選んでコピーし、そのまま貼り付けてください。',
    );
    return { layout: null, reports: [], issues: issues.items };
  }
  if (!layout) {
    issues.error(
      'unrecognized_layout',
      '',
      '表の形式を読み取れませんでした。「①国提出事業名」～「⑧今後の方針」の見出しがある事業実施結果報告か、「R1年度」「R2年度」のような年度の列があるKPIの表を、見出しの行も含めて取り込んでください。',
    );
    return { layout: null, reports: [], issues: issues.items };
  }
  const reports =
    layout === ImportLayout.ResultReport ? parseResultReports(sheets, options) : parseKpiTables(sheets, options);
  for (const report of reports) report.issues.push(...beyondLimits(report));
  if (reports.length === 0)
    issues.error(
      'no_reports',
      '/reports',
      layout === ImportLayout.ResultReport
        ? '報告が1件も見つかりませんでした。「①国提出事業名」の見出しの行から、報告の表を取り込んでください。'
        : '報告が1件も見つかりませんでした。年度の列の見出しの行から、その下の事業の行まで含めて取り込んでください。',
    );
  if (options.organizationName !== undefined) warnOfOtherMunicipalities(sheets, options.organizationName, issues);
  return { layout, reports, issues: issues.items };
}
