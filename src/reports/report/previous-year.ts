import { type KpiYearValueView, type ReportView } from './report-view';

/**
 * The project's report of the fiscal year before a report's, as the public record holds it: its current (latest)
 * published edition, never a draft or a correction under way.
 */
export interface PreviousYearReport {
  reportId: string;
  fiscalYear: number;
  /** The current edition's content. */
  view: ReportView;
  /** Whether the reader may also open the report itself (its page inside); otherwise only its public page. */
  readable: boolean;
}

/** A value measured of a KPI, as ⑤ shows it: 最新値 or a year's actual, its month, whether 【参考値】. */
export type MeasuredValue = Pick<KpiYearValueView, 'value' | 'asOfLabel' | 'isReference'>;

/**
 * 前年度実績 beside each of a report's KPIs inside, in their order: the KPI of the same position (指標①…) as the
 * previous year's published report gives it now, its 最新値; where that report has none, the actual this report lists
 * for that year (釧路市's R1…R4 columns), as its public page and the KPI ledger do. Null where neither has one.
 */
export function previousYearKpis(
  view: Pick<ReportView, 'fiscalYear' | 'kpis'>,
  previous: Pick<ReportView, 'kpis'> | null,
): (MeasuredValue | null)[] {
  const listed = previousYearAsPublished(view);
  return view.kpis.map((kpi, index) => {
    const published = previous?.kpis.find((candidate) => candidate.definition.position === kpi.definition.position);
    if (published?.latestValue == null) return listed[index];
    return { value: published.latestValue, asOfLabel: published.latestAsOfLabel, isReference: published.isReference };
  });
}

/**
 * 前年度実績 beside each KPI of a published edition, as the public record held it when the edition was published (its
 * own earlierYears), so that the edition reads the same whenever it is read: the year before's published 最新値, or
 * where that year has no report, the actual this or an earlier report lists for it (釧路市's R1…R4 columns), as the
 * KPI ledger on the same page does. The year before published, corrected or withdrawn since shows on its own page.
 * Null where the record then had none.
 */
export function previousYearAsPublished(view: Pick<ReportView, 'fiscalYear' | 'kpis'>): (KpiYearValueView | null)[] {
  return view.kpis.map((kpi) => kpi.earlierYears.find((year) => year.fiscalYear === view.fiscalYear - 1) ?? null);
}
