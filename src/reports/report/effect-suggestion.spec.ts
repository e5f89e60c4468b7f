import { KpiDirection } from '../../projects/kpi-direction';
import { EffectLevel } from './assessment';
import { suggestEffectLevel } from './effect-suggestion';
import { achievementRate } from './report-calculations';

const kpi = (position: number, rate: number | null, isReference = false) => ({ position, rate, isReference });

describe('suggestEffectLevel: ⑥ from the year’s KPI achievement', () => {
  it('is 非常に効果的 when every KPI reached its target', () => {
    expect(suggestEffectLevel([kpi(1, 1.033), kpi(2, 1)], 0.8)?.level).toBe(EffectLevel.VeryEffective);
  });

  it('is 相当程度 when not all reached, but the mean achievement is at or above the threshold', () => {
    expect(suggestEffectLevel([kpi(1, 1.2), kpi(2, 0.7)], 0.8)?.level).toBe(EffectLevel.ConsiderablyEffective);
    // An overachiever counts up to 100 %: 1.2 and 0.5 make 0.75, below 0.8.
    expect(suggestEffectLevel([kpi(1, 1.2), kpi(2, 0.5)], 0.8)?.level).toBe(EffectLevel.Effective);
  });

  it('follows the municipality’s threshold', () => {
    expect(suggestEffectLevel([kpi(1, 0.72)], 0.8)?.level).toBe(EffectLevel.Effective);
    expect(suggestEffectLevel([kpi(1, 0.72)], 0.7)?.level).toBe(EffectLevel.ConsiderablyEffective);
  });

  it('is 効果があった below target but better than the baseline, 効果がなかった at or below it', () => {
    expect(suggestEffectLevel([kpi(1, 0.188)], 0.8)?.level).toBe(EffectLevel.Effective);
    expect(suggestEffectLevel([kpi(1, 0)], 0.8)?.level).toBe(EffectLevel.NotEffective);
    expect(suggestEffectLevel([kpi(1, -0.3), kpi(2, 0.1)], 0.8)?.level).toBe(EffectLevel.NotEffective);
  });

  it('reads lower-is-better KPIs through the same achievement rate', () => {
    // 待機児童数: baseline 50, target 20; 30 now is two thirds of the way, 55 is worse than the baseline.
    const rate = (latest: number) =>
      achievementRate({ baseline: 50, target: 20, latest, direction: KpiDirection.LowerIsBetter });
    expect(suggestEffectLevel([kpi(1, rate(18))], 0.8)?.level).toBe(EffectLevel.VeryEffective);
    expect(suggestEffectLevel([kpi(1, rate(30))], 0.8)?.level).toBe(EffectLevel.Effective);
    expect(suggestEffectLevel([kpi(1, rate(55))], 0.8)?.level).toBe(EffectLevel.NotEffective);
  });

  it('leaves 【参考値】 out when there are confirmed values, and says so when there are only 参考値', () => {
    expect(suggestEffectLevel([kpi(1, 1.1), kpi(2, 0.1, true)], 0.8)).toMatchObject({
      level: EffectLevel.VeryEffective,
      provisional: false,
    });
    expect(suggestEffectLevel([kpi(1, 0.9, true)], 0.8)).toMatchObject({
      level: EffectLevel.ConsiderablyEffective,
      provisional: true,
    });
  });

  it('names the rates it used, and suggests nothing without a measurable KPI', () => {
    expect(suggestEffectLevel([kpi(1, 0.9), kpi(2, 0.5)], 0.8)?.basis).toBe(
      '指標① 90.0%、指標② 50.0%(平均 70.0%、相当程度の基準 80.0%)',
    );
    expect(suggestEffectLevel([kpi(1, null)], 0.8)).toBeNull();
    expect(suggestEffectLevel([], 0.8)).toBeNull();
  });

  it('shows each rate as achieved, and says where the mean counted one over 100 % as 100 %', () => {
    // 103.3 % and 50.0 % would average 76.7 %: the 75.0 % shown says why it is less.
    expect(suggestEffectLevel([kpi(1, 1.033), kpi(2, 0.5)], 0.8)?.basis).toBe(
      '指標① 103.3%、指標② 50.0%(100%を超える指標は100%として平均 75.0%、相当程度の基準 80.0%)',
    );
    expect(suggestEffectLevel([kpi(1, 1.583), kpi(2, 5.867)], 0.8)?.basis).toBe(
      '指標① 158.3%、指標② 586.7%(100%を超える指標は100%として平均 100.0%、相当程度の基準 80.0%)',
    );
    // Exactly 100 % is counted as it is.
    expect(suggestEffectLevel([kpi(1, 1), kpi(2, 0.5)], 0.8)?.basis).toBe(
      '指標① 100.0%、指標② 50.0%(平均 75.0%、相当程度の基準 80.0%)',
    );
  });

  it('counts a KPI far worse than its baseline as -100 %, so that one cannot outweigh the others', () => {
    // 待機児童数 up from 50 to 200 against a target of 20 is -500 %; with 指標② at 90 % the mean is -5 %, not -205 %.
    expect(suggestEffectLevel([kpi(1, -5), kpi(2, 0.9)], 0.8)).toMatchObject({
      level: EffectLevel.NotEffective,
      basis: '指標① -500.0%、指標② 90.0%(-100%を下回る指標は-100%として平均 -5.0%、相当程度の基準 80.0%)',
    });
    expect(suggestEffectLevel([kpi(1, -3), kpi(2, 1.5), kpi(3, 0.9)], 0.8)?.basis).toBe(
      '指標① -300.0%、指標② 150.0%、指標③ 90.0%(100%を超える指標は100%、-100%を下回る指標は-100%として平均 30.0%、相当程度の基準 80.0%)',
    );
  });
});
