import { ImportLayout, type ParseOptions, type ParseResult, type SourceSheet } from './import-model';
import { IssueList } from './issues';
import { hasFiscalYearColumns, parseKpiTables } from './kpi-table-parser';
import { isReportStart, parseResultReports } from './result-report-parser';

/** Which layout the rows are in, by their markers: ① headings, or a header of fiscal-year columns. */
export function detectLayout(sheets: SourceSheet[]): ParseResult['layout'] {
  const rows = sheets.flatMap((sheet) => sheet.rows);
  if (rows.some(isReportStart)) return ImportLayout.ResultReport;
  if (rows.some(hasFiscalYearColumns)) return ImportLayout.KpiTable;
  return null;
}

/** Rows (pasted text or worksheets) → the reports they hold, each with what could not be read. Never throws on content. */
export function parseImport(sheets: SourceSheet[], options: ParseOptions): ParseResult {
  const issues = new IssueList();
  const layout = options.layout === ImportLayout.Auto ? detectLayout(sheets) : options.layout;
  if (!layout) {
    issues.error(
      'unrecognized_layout',
      '',
      'The layout was not recognized: expected a 事業実施結果報告 with headings ①国提出事業名 … ⑧今後の方針, or a KPI table with fiscal-year columns (R1年度, R2年度 …).',
    );
    return { layout: null, reports: [], issues: issues.items };
  }
  const reports =
    layout === ImportLayout.ResultReport ? parseResultReports(sheets, options) : parseKpiTables(sheets, options);
  if (reports.length === 0) issues.error('no_reports', '/reports', 'No report was found in the file.');
  return { layout, reports, issues: issues.items };
}
