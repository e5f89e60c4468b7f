/** Whether a KPI improves by going up (商談成立数) or down (e.g. 待機児童数). */
export enum KpiDirection {
  HigherIsBetter = 'higher_is_better',
  LowerIsBetter = 'lower_is_better',
}

export const KPI_DIRECTION_LABELS: Record<KpiDirection, string> = {
  [KpiDirection.HigherIsBetter]: '増加を目指す',
  [KpiDirection.LowerIsBetter]: '減少を目指す',
};
