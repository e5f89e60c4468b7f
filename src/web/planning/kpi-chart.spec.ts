import { type ReportView } from '../../reports/report/report-view';
import { kpiChart, kpiSeries } from './kpi-chart';

function view(
  fiscalYear: number,
  latestValue: number | null,
  yearlyActuals: { fiscalYear: number; value: number | null }[] = [],
): ReportView {
  return { fiscalYear, kpis: [{ definition: { position: 1 }, latestValue, yearlyActuals }] } as unknown as ReportView;
}

describe('kpiSeries', () => {
  it('takes each report’s latest value for its year and lets yearly actuals of newer reports fill and correct years', () => {
    const series = kpiSeries(
      [
        view(2022, 18, [
          { fiscalYear: 2019, value: 21 },
          { fiscalYear: 2020, value: 6 },
          { fiscalYear: 2021, value: null },
        ]),
        view(2021, 25),
      ],
      1,
      2022,
    );
    expect(series).toEqual([
      { fiscalYear: 2019, value: 21 },
      { fiscalYear: 2020, value: 6 },
      { fiscalYear: 2021, value: 25 },
      { fiscalYear: 2022, value: 18 },
    ]);
  });

  it('leaves out years after the one summarized', () => {
    expect(kpiSeries([view(2021, 25), view(2022, 18)], 1, 2021)).toEqual([{ fiscalYear: 2021, value: 25 }]);
  });
});

describe('kpiChart', () => {
  it('draws nothing for a single year', () => {
    expect(kpiChart([{ fiscalYear: 2022, value: 1 }], 2, '件')).toBeNull();
  });

  it('spreads the years over the width, puts higher values higher and describes the series in words', () => {
    const chart = kpiChart(
      [
        { fiscalYear: 2019, value: 0 },
        { fiscalYear: 2022, value: 150 },
      ],
      100,
      '件',
    )!;
    expect(chart.dots[0].x).toBeLessThan(chart.dots[1].x);
    expect(chart.dots[1].y).toBeLessThan(chart.dots[0].y);
    expect(chart.targetY).toBeGreaterThan(chart.dots[1].y);
    expect(chart.targetY).toBeLessThan(chart.dots[0].y);
    expect(chart.description).toBe('R元年度 0件、R4年度 150件(目標 100件)');
  });
});
