import { kpiLabel } from '../../projects/kpi-label';
import { EffectLevel } from './assessment';
import { percentOf } from '../../common/percent';

export interface MeasuredKpi {
  position: number;
  /** achievementRate: (latest − baseline) / (target − baseline), lower-is-better included; null when unknown. */
  rate: number | null;
  /** 【参考値】: a provisional value. */
  isReference: boolean;
}

export interface EffectSuggestion {
  level: EffectLevel;
  /** How the suggestion was reached, in the words shown beside it. */
  basis: string;
  /** Only 【参考値】 were available: the suggestion rests on provisional values. */
  provisional: boolean;
}

const percent = (rate: number) => `${percentOf(rate).toFixed(1)}%`;

/**
 * ⑥ on the Cabinet Office's scale, from the year's KPI achievement: 非常に効果的 when every KPI reached its target;
 * otherwise by the mean achievement (each KPI counted between −100 % and 100 %, so that neither one overachiever nor
 * one collapse hides the others):
 * 相当程度 from `closeThreshold`, 効果があった above the baseline, 効果がなかった at or below it. 【参考値】 count only
 * when there is nothing else. Null without any measurable KPI.
 */
export function suggestEffectLevel(kpis: MeasuredKpi[], closeThreshold: number): EffectSuggestion | null {
  const measured = kpis.filter((kpi): kpi is MeasuredKpi & { rate: number } => kpi.rate !== null);
  const confirmed = measured.filter((kpi) => !kpi.isReference);
  const counted = confirmed.length > 0 ? confirmed : measured;
  if (counted.length === 0) return null;
  const mean = counted.reduce((sum, kpi) => sum + Math.max(Math.min(kpi.rate, 1), -1), 0) / counted.length;
  const level = counted.every((kpi) => kpi.rate >= 1)
    ? EffectLevel.VeryEffective
    : mean >= closeThreshold
      ? EffectLevel.ConsiderablyEffective
      : mean > 0
        ? EffectLevel.Effective
        : EffectLevel.NotEffective;
  const rates = counted.map((kpi) => `${kpiLabel(kpi.position)} ${percent(kpi.rate)}`).join('、');
  // The rates are shown as achieved; where one is beyond ±100 %, the mean beside them would not add up unless it says so.
  const bounds = [
    counted.some((kpi) => kpi.rate > 1) ? '100%を超える指標は100%' : '',
    counted.some((kpi) => kpi.rate < -1) ? '-100%を下回る指標は-100%' : '',
  ].filter(Boolean);
  const capped = bounds.length > 0 ? `${bounds.join('、')}として` : '';
  return {
    level,
    basis: `${rates}(${capped}平均 ${percent(mean)}、相当程度の基準 ${percent(closeThreshold)})`,
    provisional: confirmed.length === 0,
  };
}
