import { ReportStatus, UNDER_CORRECTION } from '../rules/report-status';
import { type KpiResult } from './kpi-result.entity';

/** Where a year's actual comes from: its own report's 最新値, or the yearly actuals another report listed. */
export enum LedgerValueSource {
  LatestValue = 'latest_value',
  YearlyActual = 'yearly_actual',
}

/** The published record: reports published, or under a correction (訂正) and published again after it. */
export const PUBLISHED_STATUSES: readonly ReportStatus[] = [ReportStatus.Published, ...UNDER_CORRECTION];

/** What the rule reads of a report: its year, its state and its ⑤ results. */
export interface ReportedKpiValues {
  fiscalYear: number;
  status: ReportStatus;
  kpiResults?: Pick<KpiResult, 'position' | 'latestValue' | 'latestAsOf' | 'isReference' | 'yearlyActuals'>[];
}

/** One fiscal year's actual of one KPI, and where it was read. */
export interface KpiYearValue {
  fiscalYear: number;
  value: number;
  /** The month of a 最新値 ('2023-06'); yearly actuals have none. */
  asOf: string | null;
  isReference: boolean;
  source: LedgerValueSource;
  /** The year of the report whose record gave the value. */
  sourceFiscalYear: number;
  /** The value is the 最新値 of that year's published report. */
  published: boolean;
}

/**
 * Each fiscal year's actual of the KPI at `position`, oldest first: the one rule wherever earlier years are shown
 * (KPI ledger and its charts and exports, the report form, a new draft's yearly actuals). A year's value is the
 * 最新値 of that year's own report, as of its month: the published one once published. Only a year whose own report
 * has none (or that has no report among `reports`) takes the value the newest report lists for it among its yearly
 * actuals (釧路市's R1…R4 columns): a value typed later never overrides a year's own, published record.
 */
export function kpiYearValues(reports: ReportedKpiValues[], position: number): KpiYearValue[] {
  const byYear = new Map<number, KpiYearValue>();
  const newestFirst = [...reports].sort((a, b) => b.fiscalYear - a.fiscalYear);
  const resultOf = (report: ReportedKpiValues) => report.kpiResults?.find((result) => result.position === position);
  for (const report of newestFirst) {
    for (const actual of resultOf(report)?.yearlyActuals ?? []) {
      if (actual.value === null || byYear.has(actual.fiscalYear)) continue;
      byYear.set(actual.fiscalYear, {
        fiscalYear: actual.fiscalYear,
        value: actual.value,
        asOf: null,
        isReference: false,
        source: LedgerValueSource.YearlyActual,
        sourceFiscalYear: report.fiscalYear,
        published: false,
      });
    }
  }
  for (const report of reports) {
    const result = resultOf(report);
    if (result?.latestValue === null || result?.latestValue === undefined) continue;
    byYear.set(report.fiscalYear, {
      fiscalYear: report.fiscalYear,
      value: result.latestValue,
      asOf: result.latestAsOf,
      isReference: result.isReference,
      source: LedgerValueSource.LatestValue,
      sourceFiscalYear: report.fiscalYear,
      published: PUBLISHED_STATUSES.includes(report.status),
    });
  }
  return [...byYear.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
}

/** The latest published value of a year before `fiscalYear` (what the report form shows as last year's). */
export function lastPublishedBefore(values: KpiYearValue[], fiscalYear: number): KpiYearValue | null {
  return values.filter((value) => value.published && value.fiscalYear < fiscalYear).at(-1) ?? null;
}
