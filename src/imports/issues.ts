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
