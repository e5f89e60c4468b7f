import { type KpiLedgerView } from '../../reports/ledger/kpi-ledger';
import { kpiChart, ledgerSeries } from './kpi-chart';

function ledger(values: [number, number | null][]): KpiLedgerView {
  return {
    kpis: [{ position: 1, years: values.map(([fiscalYear, value]) => ({ fiscalYear, value })) }],
  } as unknown as KpiLedgerView;
}

describe('ledgerSeries', () => {
  it('takes the ledger’s value of each year, leaving out years without one', () => {
    expect(
      ledgerSeries(
        ledger([
          [2019, 21],
          [2020, 6],
          [2021, null],
          [2022, 18],
        ]),
        1,
        2022,
      ),
    ).toEqual([
      { fiscalYear: 2019, value: 21 },
      { fiscalYear: 2020, value: 6 },
      { fiscalYear: 2022, value: 18 },
    ]);
  });

  it('leaves out years after the one summarized, and KPIs the ledger does not have', () => {
    expect(
      ledgerSeries(
        ledger([
          [2021, 25],
          [2022, 18],
        ]),
        1,
        2021,
      ),
    ).toEqual([{ fiscalYear: 2021, value: 25 }]);
    expect(ledgerSeries(ledger([[2021, 25]]), 2, 2021)).toEqual([]);
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
