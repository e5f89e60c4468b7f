import { type KpiResultView, type KpiYearValueView, type ReportView } from './report-view';

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

/**
 * 前年度実績 beside each of a report's KPIs, in their order: the KPI of the same position (指標①…) as the previous
 * year's published report gives it, its 最新値 then that year's actual; null where that report has no such KPI or
 * there is no such report.
 */
export function previousYearKpis(
  kpis: Pick<KpiResultView, 'definition'>[],
  previous: Pick<ReportView, 'kpis'> | null,
): (KpiResultView | null)[] {
  return kpis.map(
    (kpi) => previous?.kpis.find((candidate) => candidate.definition.position === kpi.definition.position) ?? null,
  );
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
