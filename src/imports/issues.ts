import {
  describeLocation,
  type ImportIssue,
  type IssueCode,
  type IssueSeverity,
  type SourceLocation,
} from './import-model';

/** Collects the issues of one report (paths relative to it) or of the whole file. */
export class IssueList {
  readonly items: ImportIssue[] = [];

  add(
    severity: IssueSeverity,
    code: IssueCode,
    path: string,
    message: string,
    at?: SourceLocation,
    raw?: string,
  ): void {
    this.items.push({
      severity,
      code,
      path,
      message,
      ...(at ? { location: describeLocation(at) } : {}),
      ...(raw !== undefined && raw.trim() !== '' ? { raw: raw.trim() } : {}),
    });
  }

  error(code: IssueCode, path: string, message: string, at?: SourceLocation, raw?: string): void {
    this.add('error', code, path, message, at, raw);
  }

  warning(code: IssueCode, path: string, message: string, at?: SourceLocation, raw?: string): void {
    this.add('warning', code, path, message, at, raw);
  }
}

/** Issues of report `index`, their paths made absolute in the dry-run result. */
export function underReport(index: number, issues: ImportIssue[]): ImportIssue[] {
  return issues.map((issue) => ({ ...issue, path: `/reports/${index}${issue.path}` }));
}

/**
 * Issues about the sheet's KPI rows (/project/kpis/i, i the row's place among those read) pointed at the same KPI, by
 * its number (指標①–④), in the planned project's KPIs the result shows: stored KPIs and gaps in the numbers move it.
 */
export function atPlannedKpis(
  issues: ImportIssue[],
  read: { position: number }[],
  planned: { position: number }[],
): ImportIssue[] {
  return issues.map((issue) => {
    const row = /^\/project\/kpis\/(\d+)(?=\/|$)/.exec(issue.path);
    const position = row ? read[Number(row[1])]?.position : undefined;
    const index = planned.findIndex((kpi) => kpi.position === position);
    return row && index >= 0 ? { ...issue, path: `/project/kpis/${index}${issue.path.slice(row[0].length)}` } : issue;
  });
}
