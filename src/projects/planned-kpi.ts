import type { KpiDirection } from './kpi-direction';

/** One KPI definition as a plan gives it (指標①–④): what a report's plan copy and a project's revisions keep of it. */
export interface PlannedKpi {
  position: number;
  name: string;
  baseline: number | null;
  target: number | null;
  unit: string;
  targetYearMonth: string | null;
  direction: KpiDirection;
}

/** A project's KPI definitions as its plan states them, in their order (指標① first). */
export function plannedKpisOf(kpis: readonly PlannedKpi[] | undefined): PlannedKpi[] {
  return [...(kpis ?? [])]
    .sort((a, b) => a.position - b.position)
    .map(({ position, name, baseline, target, unit, targetYearMonth, direction }) => ({
      position,
      name,
      baseline,
      target,
      unit,
      targetYearMonth,
      direction,
    }));
}
