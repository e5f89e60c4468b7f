import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { formatNumber } from '../../common/number-format';
import { scaledDecimals } from '../../common/number-input';
import { kpiLabel } from '../../projects/kpi-label';
import { KpiDirection, targetAgainstDirection } from '../../projects/kpi-direction';
import { type YearlyActual } from './kpi-result.entity';
import { type KpiYearValue, lastPublishedBefore, LedgerValueSource } from './kpi-year-values';

/** Amounts of one ④ budget line in 千円; null while a draft is incomplete. */
export interface BudgetLineAmounts {
  budgetAmount: number | null;
  budgetGrantAmount: number | null;
  actualAmount: number | null;
  actualGrantAmount: number | null;
}

export type BudgetTotals = { [K in keyof BudgetLineAmounts]: number };
export type TypedTotals = { [K in keyof BudgetLineAmounts]: number | null };

export const AMOUNT_FIELDS = ['budgetAmount', 'budgetGrantAmount', 'actualAmount', 'actualGrantAmount'] as const;

export const AMOUNT_LABELS: Record<keyof BudgetLineAmounts, string> = {
  budgetAmount: '予算額',
  budgetGrantAmount: '予算額のうち交付金見込',
  actualAmount: '実績額',
  actualGrantAmount: '実績額のうち交付金',
};

/** Totals are always computed from the lines; a typed total is only ever compared against them. */
export function computeBudgetTotals(lines: BudgetLineAmounts[]): BudgetTotals {
  const totals: BudgetTotals = { budgetAmount: 0, budgetGrantAmount: 0, actualAmount: 0, actualGrantAmount: 0 };
  for (const line of lines) for (const field of AMOUNT_FIELDS) totals[field] += line[field] ?? 0;
  return totals;
}

export interface KpiMeasure {
  baseline: number | null;
  target: number | null;
  latest: number | null;
  direction: KpiDirection;
}

/**
 * (latest − baseline) / (target − baseline). The same formula serves lower-is-better KPIs (both differences
 * are negative). A KPI whose target equals its baseline ("keep the level") has no distance to cover, so it is
 * measured against the target itself. Null when a value is missing or the rate is undefined. Reaches 1 exactly when
 * targetMet says the target is met.
 */
export function achievementRate({ baseline, target, latest, direction }: KpiMeasure): number | null {
  if (baseline === null || target === null || latest === null) return null;
  if (target !== baseline) {
    // The differences of the values as written, so that 1.1 → 1.5 at 1.301 is 0.5025 and shows as 50.3 %.
    const {
      scaled: [from, to, reached],
    } = scaledDecimals([baseline, target, latest]);
    return Number(reached - from) / Number(to - from);
  }
  // Kept against the target itself: the ratio that reaches 1 exactly where targetMet says met, also below zero (a
  // decrease of −5 kept at −4 is 1.25); past zero on the good side there is no ratio, only the target met (1).
  if (direction === KpiDirection.HigherIsBetter) {
    if (target > 0) return latest / target;
    if (target === 0) return latest >= 0 ? 1 : null;
    return latest < 0 ? target / latest : 1;
  }
  if (target < 0) return latest / target;
  return latest <= 0 ? 1 : target / latest;
}

/** How many KPIs could be told met or not, and how many met their target: a year's 目標を達成したKPI. */
export interface TargetCounts {
  measured: number;
  achieved: number;
}

/**
 * Whether a KPI's latest value reached its target: past it on the way from the baseline, as the achievement rate
 * measures (also for a target set against the KPI's direction); in the KPI's direction without a 基準値 (釧路市's KPIs
 * have none) or when the target keeps the baseline. From the values, never from the rounded percentage, which shows
 * 1999 of 2000 as 100.0 %. Null without a target or a latest value.
 */
export function targetMet({ baseline, target, latest, direction }: KpiMeasure): boolean | null {
  if (target === null || latest === null) return null;
  const rising =
    baseline !== null && baseline !== target ? target > baseline : direction === KpiDirection.HigherIsBetter;
  return rising ? latest >= target : latest <= target;
}

export function targetCounts(kpis: KpiMeasure[]): TargetCounts {
  const met = kpis.map(targetMet);
  return { measured: met.filter((value) => value !== null).length, achieved: met.filter((value) => value).length };
}

/** A published value a warning compares the entered one with. */
export interface PublishedValue {
  fiscalYear: number;
  value: number;
  asOf: string | null;
}

export interface ReportWarning {
  code:
    | 'total_mismatch'
    | 'amount_out_of_scale'
    | 'kpi_target_against_direction'
    | 'kpi_against_last_year'
    | 'kpi_out_of_scale'
    | 'kpi_differs_from_published'
    | 'kpi_year_differs_from_published';
  /** JSON-pointer-like path of the field the warning is about. */
  path: string;
  message: string;
  typed?: number;
  computed?: number;
  published?: PublishedValue;
  /** Identifies this warning with these values: an acknowledgement stops counting once the values change. */
  key: string;
}

/** A typed-in total that differs from the computed sum is kept, but flagged (one published report has exactly this error). */
export function totalWarnings(typed: TypedTotals, computed: BudgetTotals): ReportWarning[] {
  return AMOUNT_FIELDS.flatMap((field) => {
    const value = typed[field];
    if (value === null || value === computed[field]) return [];
    return [
      {
        code: 'total_mismatch' as const,
        path: `/typedTotals/${field}`,
        message: `④市予算事業 合計(${AMOUNT_LABELS[field]}): entered ${formatNumber(value)} 千円 but the lines add up to ${formatNumber(computed[field])} 千円.`,
        typed: value,
        computed: computed[field],
        key: `total_mismatch:${field}:${value}:${computed[field]}`,
      },
    ];
  });
}

/**
 * A value over ten times (or under a tenth of) what it is compared with is rarely a year's reality but a unit slip:
 * 円 typed where 千円 is asked, 人 where 千人.
 */
const OUT_OF_SCALE = 10;
const SPENT_AGAINST_BUDGETED = [
  ['actualAmount', 'budgetAmount'],
  ['actualGrantAmount', 'budgetGrantAmount'],
] as const;

/** A ④ line's 実績額 (or its 交付金) far above its 予算額 (or its 交付金見込) is kept, but flagged. */
export function amountScaleWarnings(lines: BudgetLineAmounts[]): ReportWarning[] {
  return lines.flatMap((line, index) =>
    SPENT_AGAINST_BUDGETED.flatMap(([field, budgeted]) => {
      const spent = line[field];
      const planned = line[budgeted];
      if (spent === null || planned === null || planned <= 0 || spent <= planned * OUT_OF_SCALE) return [];
      return [
        {
          code: 'amount_out_of_scale' as const,
          path: `/budgetLines/${index}/${field}`,
          message: `④市予算事業 line ${index + 1} (${AMOUNT_LABELS[field]}): ${formatNumber(spent)} 千円 is over ${OUT_OF_SCALE} times its ${AMOUNT_LABELS[budgeted]} of ${formatNumber(planned)} 千円; was it typed in 円?`,
          typed: spent,
          computed: planned,
          key: `amount_out_of_scale:${index}:${field}:${spent}:${planned}`,
        },
      ];
    }),
  );
}

export interface KpiTarget {
  position: number;
  baseline: number | null;
  target: number | null;
  direction: KpiDirection;
}

export function kpiWarnings(kpis: KpiTarget[]): ReportWarning[] {
  return kpis.flatMap((kpi, index) => {
    if (!targetAgainstDirection(kpi)) return [];
    return [
      {
        code: 'kpi_target_against_direction' as const,
        path: `/project/kpis/${index}/target`,
        message: `${kpiLabel(kpi.position)}: the target ${kpi.target} lies on the wrong side of the baseline ${kpi.baseline} for a KPI that should ${kpi.direction === KpiDirection.HigherIsBetter ? 'rise' : 'fall'}.`,
        key: `kpi_target_against_direction:${kpi.position}:${kpi.baseline}:${kpi.target}:${kpi.direction}`,
      },
    ];
  });
}

/** A KPI's entered 最新値 with the KPI's baseline and values of earlier years (kpiYearValues). */
export interface KpiEntry {
  position: number;
  direction: KpiDirection;
  baseline: number | null;
  latest: number | null;
  latestAsOf: string | null;
  earlier: KpiYearValue[];
}

/**
 * A 最新値 that moved against the KPI's direction since last year's published value, that is out of scale with it (or,
 * before any, with the baseline), or that differs from a value published for the same month, is kept but flagged: a
 * typing slip, a unit slip or a changed way of counting, to be confirmed. A move against the direction is flagged as
 * that alone, whatever its size. `index` in the path is the KPI's place in the list, as in the update request.
 */
export function publishedValueWarnings(kpis: KpiEntry[], fiscalYear: number): ReportWarning[] {
  return kpis.flatMap((kpi, index) => {
    const { latest } = kpi;
    if (latest === null) return [];
    const path = `/kpiResults/${index}/latestValue`;
    const label = kpiLabel(kpi.position);
    const warnings: ReportWarning[] = [];
    const last = lastPublishedBefore(kpi.earlier, fiscalYear);
    const rises = kpi.direction === KpiDirection.HigherIsBetter;
    if (last && (rises ? latest < last.value : latest > last.value)) {
      warnings.push({
        code: 'kpi_against_last_year',
        path,
        message: `${label}: the latest value ${latest} moves against the direction of a KPI that should ${rises ? 'rise' : 'fall'}, from ${last.value}${last.asOf ? ` (${yearMonthLabel(last.asOf)})` : ''} published for ${fiscalYearLabel(last.fiscalYear)}.`,
        typed: latest,
        published: { fiscalYear: last.fiscalYear, value: last.value, asOf: last.asOf },
        key: `kpi_against_last_year:${kpi.position}:${last.fiscalYear}:${last.value}:${latest}:${kpi.direction}`,
      });
    } else if (outOfScale(latest, last?.value ?? kpi.baseline)) {
      const compared = last ? { published: { fiscalYear: last.fiscalYear, value: last.value, asOf: last.asOf } } : {};
      const against = last
        ? `${last.value} published for ${fiscalYearLabel(last.fiscalYear)}`
        : `the baseline ${kpi.baseline}`;
      warnings.push({
        code: 'kpi_out_of_scale',
        path,
        message: `${label}: the latest value ${latest} is over ${OUT_OF_SCALE} times or under a ${OUT_OF_SCALE}th of ${against}; was it typed in another unit?`,
        typed: latest,
        computed: last ? undefined : (kpi.baseline ?? undefined),
        ...compared,
        key: `kpi_out_of_scale:${kpi.position}:${last?.fiscalYear ?? 'baseline'}:${last?.value ?? kpi.baseline}:${latest}`,
      });
    }
    for (const same of kpi.latestAsOf === null ? [] : kpi.earlier) {
      if (!same.published || same.fiscalYear >= fiscalYear || same.asOf !== kpi.latestAsOf || same.value === latest)
        continue;
      warnings.push({
        code: 'kpi_differs_from_published',
        path,
        message: `${label}: the latest value ${latest} for ${yearMonthLabel(same.asOf)} differs from ${same.value} published for the same month in the ${fiscalYearLabel(same.fiscalYear)} report.`,
        typed: latest,
        published: { fiscalYear: same.fiscalYear, value: same.value, asOf: same.asOf },
        key: `kpi_differs_from_published:${kpi.position}:${same.asOf}:${same.fiscalYear}:${same.value}:${latest}`,
      });
    }
    return warnings;
  });
}

/** Both positive and one over OUT_OF_SCALE times the other: a zero or a sign change says nothing of units. */
function outOfScale(value: number, reference: number | null): boolean {
  if (reference === null || value <= 0 || reference <= 0) return false;
  return value > reference * OUT_OF_SCALE || value * OUT_OF_SCALE < reference;
}

/** A KPI's actuals of earlier years as this report lists them, with the KPI's values of those years (kpiYearValues). */
export interface KpiListedYears {
  position: number;
  yearlyActuals: YearlyActual[];
  earlier: KpiYearValue[];
}

/**
 * An actual this report lists for a year whose own report published another 最新値 (copied before that report was
 * corrected, say) is kept but flagged: published as it is, one year would have two values on the record.
 */
export function listedYearWarnings(kpis: KpiListedYears[]): ReportWarning[] {
  return kpis.flatMap((kpi, index) =>
    kpi.yearlyActuals.flatMap((actual, row) => {
      const own = kpi.earlier.find(
        (year) =>
          year.fiscalYear === actual.fiscalYear && year.published && year.source === LedgerValueSource.LatestValue,
      );
      if (actual.value === null || !own || own.value === actual.value) return [];
      return [
        {
          code: 'kpi_year_differs_from_published' as const,
          path: `/kpiResults/${index}/yearlyActuals/${row}/value`,
          message: `${kpiLabel(kpi.position)}: the actual ${actual.value} listed for ${fiscalYearLabel(actual.fiscalYear)} differs from ${own.value} published in that year's own report.`,
          typed: actual.value,
          published: { fiscalYear: own.fiscalYear, value: own.value, asOf: own.asOf },
          key: `kpi_year_differs_from_published:${kpi.position}:${actual.fiscalYear}:${own.value}:${actual.value}`,
        },
      ];
    }),
  );
}

/** Which year of its plan period a fiscal year is (1 = 初年度); null when outside the period. */
export function planYearIndex(
  planStartFiscalYear: number,
  planEndFiscalYear: number,
  fiscalYear: number,
): number | null {
  if (fiscalYear < planStartFiscalYear || fiscalYear > planEndFiscalYear) return null;
  return fiscalYear - planStartFiscalYear + 1;
}

/** 実施計画期間 の何年度目: the first year is called 初年度. */
export function planYearLabel(planYearIndex: number): string {
  return planYearIndex === 1 ? '初年度' : `${planYearIndex}年度目`;
}
