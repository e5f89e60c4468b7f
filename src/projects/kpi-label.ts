/** A project's KPIs are 指標① to 指標④ on the national form. */
export const MAX_KPIS = 4;

/** 指標① … 指標④ */
export function kpiLabel(position: number): string {
  return `指標${'①②③④'[position - 1] ?? position}`;
}

/** The fields of a KPI definition (⑤) as the national form names them. */
export const KPI_DEFINITION_LABELS = {
  name: '指標名',
  baseline: '基準値',
  target: '目標値',
  unit: '単位',
  targetYearMonth: '目標年月',
  direction: '目指す方向',
} as const;

/**
 * A plan's KPIs keyed by their slot (指標① at "0" … 指標④ at "3"), as its changes name them: a KPI is its position, so
 * removing 指標② of three is 指標② removed, not 指標② renamed to what 指標③ was and 指標③ removed, as a list's indexes
 * would say. Without gaps the keys are the list's indexes, so changes recorded either way read the same.
 */
export function kpisBySlot<Kpi extends { position: number }>(kpis: readonly Kpi[]): Record<string, Kpi> {
  return Object.fromEntries(kpis.map((kpi) => [String(kpi.position - 1), kpi]));
}
