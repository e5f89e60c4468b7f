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
