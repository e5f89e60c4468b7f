/** Whether a KPI improves by going up (商談成立数) or down (e.g. 待機児童数). */
export enum KpiDirection {
  HigherIsBetter = 'higher_is_better',
  LowerIsBetter = 'lower_is_better',
}
