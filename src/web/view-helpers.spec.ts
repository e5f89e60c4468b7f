import { KpiDirection } from '../projects/kpi-direction';
import { achievementBar, asOfExample, departmentFilterChoices } from './view-helpers';

describe('asOfExample', () => {
  it("suggests a month of the report's own fiscal year: its last, March of the next calendar year", () => {
    expect(asOfExample(2023)).toBe('例: R6.3月 または 2024-03');
    // The era in effect that month: March 2019 was still 平成.
    expect(asOfExample(2018)).toBe('例: H31.3月 または 2019-03');
  });
});

describe('departmentFilterChoices', () => {
  it('keeps a retired department among the choices, marked, for the years it carried', () => {
    const retiredAt = new Date('2027-04-01T00:00:00+09:00');
    expect(
      departmentFilterChoices([
        { id: 'a', name: '観光課', retiredAt },
        { id: 'b', name: '観光振興課', retiredAt: null },
      ]),
    ).toEqual([
      { value: 'a', text: '観光課(廃止)' },
      { value: 'b', text: '観光振興課' },
    ]);
  });
});

describe('achievementBar', () => {
  const rising = { baseline: 0, target: 2000, direction: KpiDirection.HigherIsBetter };
  const falling = { baseline: 100, target: 50, direction: KpiDirection.LowerIsBetter };

  it('is met, full and green, when the value reaches the target in the KPI’s direction', () => {
    expect(achievementBar(100, rising, 2000)).toEqual({ percent: 100, met: true, step: 10 });
    expect(achievementBar(120, falling, 40)).toEqual({ percent: 120, met: true, step: 10 });
  });

  it('is not met, nor full, for 1,999 of 2,000 although the rounded percentage shows 100.0 %', () => {
    expect(achievementBar(100, rising, 1999)).toEqual({ percent: 100, met: false, step: 9 });
    expect(achievementBar(100, falling, 50.01)).toEqual({ percent: 100, met: false, step: 9 });
  });

  it('fills in tenths, from empty below the baseline', () => {
    expect(achievementBar(45, rising, 900)).toEqual({ percent: 45, met: false, step: 4 });
    expect(achievementBar(-20, rising, -400)).toEqual({ percent: -20, met: false, step: 0 });
  });

  it('shows no bar without a percentage, nor a met one without the KPI of that year', () => {
    expect(achievementBar(null, rising, null)).toBeNull();
    expect(achievementBar(100, null, 2000)).toEqual({ percent: 100, met: false, step: 9 });
  });
});
