import { ReportStatus } from '../rules/report-status';
import { type BudgetLine } from './budget-line.entity';

/** What a budget item keeps from one year to the next: the item itself, not that year's results or money. */
export type BudgetItem = Pick<BudgetLine, 'name' | 'summary'>;

/** The ④ of a project's latest earlier report, as a new year's draft may take it over. */
export interface EarlierYearBudget {
  reportId: string;
  fiscalYear: number;
  /** The published edition the lines were read from; null for a report never published, read as it stands. */
  edition: number | null;
  lines: BudgetItem[];
}

/**
 * Why ④ may not take over an earlier year's lines now, or null when it may: only an empty ④ of a draft, so that
 * nothing typed this year is overwritten and a correction (訂正) of a published report stays a correction.
 */
export function budgetCarryOverRefusal(report: { status: ReportStatus; budgetLines: unknown[] }): string | null {
  if (report.status !== ReportStatus.Draft)
    return `Carrying over budget lines is not possible while the report is ${report.status}.`;
  if (report.budgetLines.length > 0)
    return 'The draft already has budget lines: carrying over an earlier year’s would overwrite them.';
  return null;
}

/**
 * The budget items worth carrying over: a line with neither 事業名 nor 概要 (a blank row of an old draft) names no item.
 */
export function budgetItemsOf(lines: readonly BudgetItem[]): BudgetItem[] {
  return lines
    .filter((line) => line.name.trim() !== '' || line.summary.trim() !== '')
    .map(({ name, summary }) => ({ name, summary }));
}

/**
 * The new year's ④ from an earlier year's items: the same 事業名 and 概要; 主な事業実績, 予算額 and 実績額 are the
 * new year's to enter, so they start empty.
 */
export function carriedOverBudgetLines(
  items: readonly BudgetItem[],
): Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[] {
  return items.map(({ name, summary }) => ({
    name,
    summary,
    results: '',
    budgetAmount: null,
    budgetGrantAmount: null,
    actualAmount: null,
    actualGrantAmount: null,
  }));
}
