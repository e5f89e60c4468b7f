/** Whether a KPI improves by going up (商談成立数) or down (e.g. 待機児童数). */
export enum KpiDirection {
  HigherIsBetter = 'higher_is_better',
  LowerIsBetter = 'lower_is_better',
}

export const KPI_DIRECTION_LABELS: Record<KpiDirection, string> = {
  [KpiDirection.HigherIsBetter]: '増加を目指す',
  [KpiDirection.LowerIsBetter]: '減少を目指す',
};

/**
 * Whether a KPI's target lies on the side of its baseline that its direction moves away from (増加を目指す with a
 * target below the baseline): allowed, as some published plans have it, but worth a second look where it is typed.
 */
export function targetAgainstDirection(kpi: {
  baseline: number | null;
  target: number | null;
  direction: KpiDirection;
}): boolean {
  if (kpi.baseline === null || kpi.target === null) return false;
  return kpi.direction === KpiDirection.HigherIsBetter ? kpi.target < kpi.baseline : kpi.target > kpi.baseline;
}
