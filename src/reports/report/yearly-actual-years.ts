import { type YearlyActual } from './kpi-result.entity';

/** Fiscal years from `first` to `last`, both included. */
export interface FiscalYearSpan {
  first: number;
  last: number;
}

/**
 * The fiscal years a report's yearly actuals may be of: from the start of ②実施計画期間 as the report's own year's plan
 * has it, up to the report's own year. A year before it precedes the project, and a later year is not over yet when
 * the report is written (its actual is its own report's 最新値). A report of a year past the plan's end, the project
 * continued by its ⑧, still runs up to its own year.
 */
export function yearlyActualSpan(report: { fiscalYear: number; planStartFiscalYear: number }): FiscalYearSpan {
  return { first: report.planStartFiscalYear, last: report.fiscalYear };
}

/**
 * True when the report's year lies before the plan's start (the plan period moved on past a draft's year): the span
 * is empty and no year may take an actual. Said apart, as 「R8年度～R6年度」 would read backwards.
 */
export function precedesPlan(span: FiscalYearSpan): boolean {
  return span.first > span.last;
}

export function isWithin(span: FiscalYearSpan, fiscalYear: number): boolean {
  return fiscalYear >= span.first && fiscalYear <= span.last;
}

/**
 * The first of the actuals sent for a KPI (its row) whose year lies outside `span` and that the report does not hold
 * already as it is; null when there is none. An actual stored before, out of the span since (a plan period changed, an
 * imported sheet, an earlier rule), stays while it is sent back unchanged, so a stored report remains as savable as it
 * was; entering or changing one is refused, and leaving it out removes it.
 */
export function actualOutsideSpan(
  sent: { fiscalYear: number; value?: number | null }[],
  stored: YearlyActual[],
  span: FiscalYearSpan,
): { row: number; fiscalYear: number } | null {
  const row = sent.findIndex(
    ({ fiscalYear, value }) =>
      !isWithin(span, fiscalYear) &&
      !stored.some((kept) => kept.fiscalYear === fiscalYear && kept.value === (value ?? null)),
  );
  return row < 0 ? null : { row, fiscalYear: sent[row].fiscalYear };
}
