import fc from 'fast-check';
import { percentOf } from '../../common/percent';
import { KpiDirection } from '../../projects/kpi-direction';
import { type KpiYearValue, LedgerValueSource } from './kpi-year-values';
import {
  achievementRate,
  amountScaleWarnings,
  computeBudgetTotals,
  kpiWarnings,
  listedYearWarnings,
  planYearIndex,
  publishedValueWarnings,
  targetCounts,
  targetMet,
  totalWarnings,
} from './report-calculations';

describe('computeBudgetTotals', () => {
  it('adds every amount column and treats blanks in a draft as zero', () => {
    expect(
      computeBudgetTotals([
        { budgetAmount: 12_920, budgetGrantAmount: 6_460, actualAmount: 12_920, actualGrantAmount: 6_460 },
        { budgetAmount: 485, budgetGrantAmount: 242, actualAmount: 95, actualGrantAmount: 47 },
        { budgetAmount: null, budgetGrantAmount: null, actualAmount: null, actualGrantAmount: null },
      ]),
    ).toEqual({ budgetAmount: 13_405, budgetGrantAmount: 6_702, actualAmount: 13_015, actualGrantAmount: 6_507 });
  });

  it('is zero for no lines', () => {
    expect(computeBudgetTotals([])).toEqual({
      budgetAmount: 0,
      budgetGrantAmount: 0,
      actualAmount: 0,
      actualGrantAmount: 0,
    });
  });
});

describe('achievementRate', () => {
  const higher = KpiDirection.HigherIsBetter;
  const lower = KpiDirection.LowerIsBetter;

  it.each([
    ['above target', { baseline: 0, target: 120, latest: 124, direction: higher }, 124 / 120],
    ['partway', { baseline: 530, target: 1400, latest: 1027, direction: higher }, (1027 - 530) / (1400 - 530)],
    [
      'below the baseline',
      { baseline: 1083, target: 1300, latest: 673, direction: higher },
      (673 - 1083) / (1300 - 1083),
    ],
    ['decimal values', { baseline: 33, target: 75, latest: 51.9, direction: higher }, (51.9 - 33) / (75 - 33)],
    ['lower is better, improved', { baseline: 100, target: 50, latest: 70, direction: lower }, 0.6],
    ['lower is better, worsened', { baseline: 100, target: 50, latest: 120, direction: lower }, -0.4],
    ['keep the level, met', { baseline: 10, target: 10, latest: 12, direction: higher }, 1.2],
    ['keep the level, lower is better', { baseline: 10, target: 10, latest: 8, direction: lower }, 1.25],
    ['keep zero, lower is better, met', { baseline: 0, target: 0, latest: 0, direction: lower }, 1],
    ['keep zero, lower is better, below it', { baseline: 0, target: 0, latest: -3, direction: lower }, 1],
    ['keep a decrease, met', { baseline: -5, target: -5, latest: -4, direction: higher }, 1.25],
    ['keep a decrease, not met', { baseline: -5, target: -5, latest: -10, direction: higher }, 0.5],
    ['keep a decrease, lower is better, met', { baseline: -5, target: -5, latest: -6, direction: lower }, 1.2],
    ['keep a decrease, lower is better, not met', { baseline: -5, target: -5, latest: -4, direction: lower }, 0.8],
  ])('%s', (_name, measure, expected) => {
    expect(achievementRate(measure)).toBeCloseTo(expected, 10);
  });

  // Differences of decimals in binary floating point are off (1.301 − 1.1 is 0.20099999999999985), enough to show
  // 50.2 % for what is 50.25 %, and 50.0 % for 50 %.
  it.each([
    ['1.1 → 1.5, at 1.301', { baseline: 1.1, target: 1.5, latest: 1.301, direction: higher }, 0.5025, 50.3],
    ['0.1 → 0.3, at 0.2', { baseline: 0.1, target: 0.3, latest: 0.2, direction: higher }, 0.5, 50],
    ['0.5 → 0.1, at 0.299', { baseline: 0.5, target: 0.1, latest: 0.299, direction: lower }, 0.5025, 50.3],
  ])('is exact for decimal values: %s', (_name, measure, rate, percent) => {
    expect(achievementRate(measure)).toBe(rate);
    expect(percentOf(achievementRate(measure))).toBe(percent);
  });

  it('reaches 100 % exactly when the target is met, whatever the signs and the direction', () => {
    const value = fc.integer({ min: -1000, max: 1000 });
    // Half of them keep the level (target = baseline), which random values would hardly ever draw.
    const measures = fc
      .tuple(value, value, value, fc.boolean(), fc.constantFrom(higher, lower))
      .map(([baseline, target, latest, keep, direction]) => ({
        baseline,
        target: keep ? baseline : target,
        latest,
        direction,
      }));
    fc.assert(
      fc.property(measures, (measure) => {
        const rate = achievementRate(measure);
        expect({ measure, reached: rate !== null && rate >= 1 }).toEqual({ measure, reached: targetMet(measure) });
      }),
    );
  });

  it.each([
    { baseline: null, target: 10, latest: 5, direction: higher },
    { baseline: 0, target: null, latest: 5, direction: higher },
    { baseline: 0, target: 10, latest: null, direction: higher },
  ])('is null when a value is missing (%o)', (measure) => {
    expect(achievementRate(measure)).toBeNull();
  });
});

describe('targetCounts', () => {
  const higher = KpiDirection.HigherIsBetter;
  const lower = KpiDirection.LowerIsBetter;
  const kpi = (baseline: number | null, target: number | null, latest: number | null, direction = higher) => ({
    baseline,
    target,
    latest,
    direction,
  });

  it('counts a KPI met by its achievement rate where it has one', () => {
    expect(targetCounts([kpi(0, 120, 124), kpi(530, 1400, 1027), kpi(100, 50, 40, lower)])).toEqual({
      measured: 3,
      achieved: 2,
    });
  });

  it('counts a KPI without a 基準値 (釧路市’s) by its latest value against the target, in its direction', () => {
    expect(
      targetCounts([
        kpi(null, 12_000, 33_633),
        kpi(null, 60_000, 0),
        kpi(null, 10, 8, lower),
        kpi(null, 10, 12, lower),
      ]),
    ).toEqual({ measured: 4, achieved: 2 });
  });

  // 1999 of 2000 and 999.5 of 1000 show as 100.0 %, but fall short of the target.
  it('counts a KPI met only when its latest value reached the target, not when its rate rounds to 100 %', () => {
    expect(
      targetCounts([kpi(0, 2000, 1999), kpi(0, 1000, 999.5), kpi(100, 50, 50.02, lower), kpi(0, 2000, 2000)]),
    ).toEqual({ measured: 4, achieved: 1 });
  });

  it('counts a KPI whose target lies against its direction by the way from the baseline to the target', () => {
    // The rate measures the way from 100 to 80 (kpi_target_against_direction warns of it): 80 reaches it, 90 not.
    expect(targetCounts([kpi(100, 80, 80), kpi(100, 80, 90)])).toEqual({ measured: 2, achieved: 1 });
  });

  it('leaves out a KPI without a target or a latest value', () => {
    expect(targetCounts([kpi(null, null, 5), kpi(0, 10, null), kpi(null, 10, null)])).toEqual({
      measured: 0,
      achieved: 0,
    });
  });
});

describe('totalWarnings', () => {
  const computed = { budgetAmount: 54_554, budgetGrantAmount: 27_272, actualAmount: 52_569, actualGrantAmount: 26_284 };

  it('names the section, the typed value and the computed one', () => {
    const warnings = totalWarnings(
      { budgetAmount: 54_554, budgetGrantAmount: 27_000, actualAmount: null, actualGrantAmount: 26_284 },
      computed,
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'total_mismatch',
        path: '/typedTotals/budgetGrantAmount',
        typed: 27_000,
        computed: 27_272,
        key: 'total_mismatch:budgetGrantAmount:27000:27272',
      }),
    ]);
    expect(warnings[0].message).toContain('④市予算事業 合計');
    expect(warnings[0].message).toContain('27,000');
    expect(warnings[0].message).toContain('27,272');
  });

  it('is silent when totals match or none was typed', () => {
    expect(totalWarnings({ ...computed }, computed)).toEqual([]);
    expect(
      totalWarnings(
        { budgetAmount: null, budgetGrantAmount: null, actualAmount: null, actualGrantAmount: null },
        computed,
      ),
    ).toEqual([]);
  });
});

describe('kpiWarnings', () => {
  it('flags a target on the wrong side of the baseline', () => {
    expect(kpiWarnings([{ position: 2, baseline: 100, target: 50, direction: KpiDirection.HigherIsBetter }])).toEqual([
      expect.objectContaining({ code: 'kpi_target_against_direction', path: '/project/kpis/0/target' }),
    ]);
    expect(kpiWarnings([{ position: 1, baseline: 100, target: 50, direction: KpiDirection.LowerIsBetter }])).toEqual(
      [],
    );
  });
});

describe('publishedValueWarnings', () => {
  const published = (fiscalYear: number, value: number, asOf: string): KpiYearValue => ({
    fiscalYear,
    value,
    asOf,
    isReference: false,
    source: LedgerValueSource.LatestValue,
    sourceFiscalYear: fiscalYear,
    published: true,
  });
  const r4 = published(2022, 124, '2023-06');
  const entry = (latest: number | null, latestAsOf: string | null, direction = KpiDirection.HigherIsBetter) => ({
    position: 1,
    direction,
    baseline: 60,
    latest,
    latestAsOf,
    earlier: [published(2021, 90, '2022-03'), r4],
  });

  it('flags a 最新値 that moved against the direction since last year’s published value', () => {
    expect(publishedValueWarnings([entry(100, '2024-03')], 2023)).toEqual([
      {
        code: 'kpi_against_last_year',
        path: '/kpiResults/0/latestValue',
        message: expect.stringContaining('from 124 (R5.6月) published for R4年度') as string,
        typed: 100,
        published: { fiscalYear: 2022, value: 124, asOf: '2023-06' },
        key: 'kpi_against_last_year:1:2022:124:100:higher_is_better',
      },
    ]);
    expect(publishedValueWarnings([entry(130, '2024-03', KpiDirection.LowerIsBetter)], 2023)).toEqual([
      expect.objectContaining({ code: 'kpi_against_last_year', typed: 130 }),
    ]);
  });

  it('is silent for a move in the KPI’s direction, an unchanged value, or no value yet', () => {
    expect(publishedValueWarnings([entry(130, '2024-03'), entry(124, '2024-03')], 2023)).toEqual([]);
    expect(publishedValueWarnings([entry(100, '2024-03', KpiDirection.LowerIsBetter)], 2023)).toEqual([]);
    expect(publishedValueWarnings([entry(null, null)], 2023)).toEqual([]);
  });

  it('flags a 最新値 over ten times or under a tenth of last year’s published value: a unit slip', () => {
    expect(publishedValueWarnings([entry(1_300, '2024-03')], 2023)).toEqual([
      {
        code: 'kpi_out_of_scale',
        path: '/kpiResults/0/latestValue',
        message: expect.stringContaining('over 10 times or under a 10th of 124 published for R4年度') as string,
        typed: 1_300,
        published: { fiscalYear: 2022, value: 124, asOf: '2023-06' },
        key: 'kpi_out_of_scale:1:2022:124:1300',
      },
    ]);
    expect(publishedValueWarnings([entry(12, '2024-03', KpiDirection.LowerIsBetter)], 2023)).toEqual([
      expect.objectContaining({ code: 'kpi_out_of_scale', typed: 12 }),
    ]);
    // Against the direction, the move is flagged as that alone, whatever its size.
    expect(publishedValueWarnings([entry(12, '2024-03')], 2023)).toEqual([
      expect.objectContaining({ code: 'kpi_against_last_year', typed: 12 }),
    ]);
    expect(
      publishedValueWarnings([entry(1_240, '2024-03'), entry(0, '2024-03', KpiDirection.LowerIsBetter)], 2023),
    ).toEqual([]);
  });

  it('compares the scale with the baseline before any value is published', () => {
    const first = (latest: number) => ({ ...entry(latest, '2022-03'), earlier: [] });
    expect(publishedValueWarnings([first(6_100)], 2021)).toEqual([
      expect.objectContaining({
        code: 'kpi_out_of_scale',
        typed: 6_100,
        computed: 60,
        key: 'kpi_out_of_scale:1:baseline:60:6100',
      }),
    ]);
    expect(publishedValueWarnings([first(5)], 2021)).toEqual([expect.objectContaining({ code: 'kpi_out_of_scale' })]);
    expect(publishedValueWarnings([first(600), { ...first(6_100), baseline: null }], 2021)).toEqual([]);
  });

  it('flags a 最新値 that differs from a value published for the same month', () => {
    expect(publishedValueWarnings([entry(131, '2023-06')], 2023)).toEqual([
      expect.objectContaining({
        code: 'kpi_differs_from_published',
        typed: 131,
        published: { fiscalYear: 2022, value: 124, asOf: '2023-06' },
        key: 'kpi_differs_from_published:1:2023-06:2022:124:131',
      }),
    ]);
    expect(publishedValueWarnings([entry(124, '2023-06')], 2023)).toEqual([]);
  });

  it('compares only with published values of earlier years', () => {
    const unpublished = { ...r4, published: false };
    expect(publishedValueWarnings([{ ...entry(100, '2023-06'), earlier: [unpublished] }], 2023)).toEqual([]);
    expect(publishedValueWarnings([entry(80, '2023-06')], 2022)).toEqual([
      expect.objectContaining({
        code: 'kpi_against_last_year',
        published: { fiscalYear: 2021, value: 90, asOf: '2022-03' },
      }),
    ]);
  });
});

describe('listedYearWarnings', () => {
  const value = (fiscalYear: number, amount: number, published: boolean): KpiYearValue => ({
    fiscalYear,
    value: amount,
    asOf: published ? `${fiscalYear + 1}-03` : null,
    isReference: false,
    source: published ? LedgerValueSource.LatestValue : LedgerValueSource.YearlyActual,
    sourceFiscalYear: published ? fiscalYear : 2023,
    published,
  });

  it("flags a year's actual listed otherwise than its own report published it, and no year without one", () => {
    const warnings = listedYearWarnings([
      {
        position: 1,
        yearlyActuals: [
          { fiscalYear: 2020, value: 80 },
          { fiscalYear: 2021, value: 90 },
          { fiscalYear: 2022, value: 124 },
        ],
        // R4 was corrected to 125 after this report copied 124; R2 has no report of its own.
        earlier: [value(2020, 80, false), value(2021, 90, true), value(2022, 125, true)],
      },
    ]);

    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'kpi_year_differs_from_published',
        path: '/kpiResults/0/yearlyActuals/2/value',
        typed: 124,
        published: { fiscalYear: 2022, value: 125, asOf: '2023-03' },
      }),
    ]);
  });
});

describe('planYearIndex', () => {
  it('counts the plan years from 1 (初年度)', () => {
    expect(planYearIndex(2021, 2023, 2021)).toBe(1);
    expect(planYearIndex(2021, 2023, 2022)).toBe(2);
    expect(planYearIndex(2020, 2022, 2022)).toBe(3);
    expect(planYearIndex(2021, 2023, 2024)).toBeNull();
    expect(planYearIndex(2021, 2023, 2020)).toBeNull();
  });
});

describe('amountScaleWarnings', () => {
  const line = { budgetAmount: 9_048, budgetGrantAmount: 4_524, actualAmount: 5_198, actualGrantAmount: 2_599 };

  it('says nothing of a line spent within ten times its budget, nor of one without a budget yet', () => {
    expect(amountScaleWarnings([line, { ...line, actualAmount: 90_480 }])).toEqual([]);
    expect(amountScaleWarnings([{ ...line, budgetAmount: null, actualAmount: 5_198_000 }])).toEqual([]);
    expect(amountScaleWarnings([{ ...line, budgetAmount: 0, actualAmount: 5_198_000 }])).toEqual([]);
  });

  it('flags a 実績額 or its 交付金 typed in 円 where 千円 is asked, at its line', () => {
    expect(amountScaleWarnings([line, { ...line, actualAmount: 5_198_000, actualGrantAmount: 2_599_000 }])).toEqual([
      expect.objectContaining({
        code: 'amount_out_of_scale',
        path: '/budgetLines/1/actualAmount',
        typed: 5_198_000,
        computed: 9_048,
        key: 'amount_out_of_scale:1:actualAmount:5198000:9048',
      }),
      expect.objectContaining({ path: '/budgetLines/1/actualGrantAmount', typed: 2_599_000, computed: 4_524 }),
    ]);
  });
});
