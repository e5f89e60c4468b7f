import { KpiDirection, targetAgainstDirection } from './kpi-direction';

describe('targetAgainstDirection', () => {
  const kpi = (baseline: number | null, target: number | null, direction: KpiDirection) => ({
    baseline,
    target,
    direction,
  });

  it('holds for a KPI that should rise with a target below its baseline, and for one that should fall above it', () => {
    expect(targetAgainstDirection(kpi(100, 80, KpiDirection.HigherIsBetter))).toBe(true);
    expect(targetAgainstDirection(kpi(1500, 1600, KpiDirection.LowerIsBetter))).toBe(true);
  });

  it('does not hold for a target on the way, at the baseline, or where either value is blank', () => {
    expect(targetAgainstDirection(kpi(0, 120, KpiDirection.HigherIsBetter))).toBe(false);
    expect(targetAgainstDirection(kpi(1500, 1200, KpiDirection.LowerIsBetter))).toBe(false);
    expect(targetAgainstDirection(kpi(100, 100, KpiDirection.HigherIsBetter))).toBe(false);
    expect(targetAgainstDirection(kpi(null, 80, KpiDirection.HigherIsBetter))).toBe(false);
    expect(targetAgainstDirection(kpi(100, null, KpiDirection.LowerIsBetter))).toBe(false);
  });
});
