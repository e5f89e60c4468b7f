import { formatFiscalYear } from '../../common/japanese-era';
import { formatNumber } from '../../common/number-format';
import { type KpiLedgerView } from '../../reports/ledger/kpi-ledger';
import { kpiYearValues, type ReportedKpiValues } from '../../reports/report/kpi-year-values';

export interface ChartPoint {
  fiscalYear: number;
  value: number;
}

/**
 * A KPI's values across fiscal years as the project's KPI ledger records them (by its rule, kpiYearValues, from the
 * project's reports), up to the year summarized.
 */
export function kpiSeries(reports: ReportedKpiValues[], position: number, upToFiscalYear: number): ChartPoint[] {
  return kpiYearValues(reports, position)
    .filter((year) => year.fiscalYear <= upToFiscalYear)
    .map(({ fiscalYear, value }) => ({ fiscalYear, value }));
}

export interface KpiChart {
  width: number;
  height: number;
  line: string;
  dots: { x: number; y: number; fiscalYear: number; value: number }[];
  yearLabels: { x: number; label: string }[];
  targetY: number | null;
  /** The same facts in words, for screen readers and as the chart's title. */
  description: string;
}

const WIDTH = 240;
const HEIGHT = 96;
const PAD = { left: 12, right: 12, top: 10, bottom: 22 };

/** Geometry of a small line chart of the series with the target as a dashed line; null with fewer than two years. */
export function kpiChart(points: ChartPoint[], target: number | null, unit: string): KpiChart | null {
  if (points.length < 2) return null;
  const values = [...points.map((point) => point.value), ...(target === null ? [] : [target])];
  const low = Math.min(...values, 0);
  const high = Math.max(...values);
  const span = high - low || 1;
  const first = points[0].fiscalYear;
  const years = points[points.length - 1].fiscalYear - first || 1;
  const x = (fiscalYear: number) => PAD.left + ((fiscalYear - first) / years) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const round = (value: number) => Math.round(value * 10) / 10;
  const dots = points.map((point) => ({
    x: round(x(point.fiscalYear)),
    y: round(y(point.value)),
    fiscalYear: point.fiscalYear,
    value: point.value,
  }));
  const describe = (value: number) => `${formatNumber(value)}${unit}`;
  return {
    width: WIDTH,
    height: HEIGHT,
    line: dots.map((dot) => `${dot.x},${dot.y}`).join(' '),
    dots,
    yearLabels: dots.map((dot) => ({ x: dot.x, label: formatFiscalYear(dot.fiscalYear).replace('年度', '') })),
    targetY: target === null ? null : round(y(target)),
    description: `${points.map((point) => `${formatFiscalYear(point.fiscalYear)} ${describe(point.value)}`).join('、')}${target === null ? '' : `(目標 ${describe(target)})`}`,
  };
}

/** Each KPI of a ledger with the chart of every year it records, against its final target. */
export function ledgerKpisWithCharts(ledger: KpiLedgerView) {
  return ledger.kpis.map((kpi) => ({
    ...kpi,
    chart: kpiChart(
      kpi.years.flatMap((year) => (year.value === null ? [] : [{ fiscalYear: year.fiscalYear, value: year.value }])),
      kpi.final.target,
      kpi.final.unit,
    ),
  }));
}
