import { type GrantProject } from '../../projects/grant-project.entity';
import { KpiDirection } from '../../projects/kpi-direction';
import { buildKpiLedger } from '../../reports/ledger/kpi-ledger';
import { ReportStatus } from '../../reports/rules/report-status';
import { kpiChart, kpiSeries } from './kpi-chart';

const project = {
  id: 'project-1',
  name: '地域の稼ぐ力向上プロジェクト',
  planStartFiscalYear: 2019,
  planEndFiscalYear: 2023,
  partnerMunicipalities: [],
  kpis: [1, 2].map((position) => ({
    position,
    name: `指標${position}`,
    baseline: 0,
    target: 100,
    unit: '件',
    targetYearMonth: '2024-03',
    direction: KpiDirection.HigherIsBetter,
  })),
} as unknown as GrantProject;

/** A year's report of the project with the latest value of KPI 1 and, for earlier years, its yearly actuals. */
function report(fiscalYear: number, latestValue: number | null, yearlyActuals: [number, number | null][] = []) {
  return {
    id: `report-${fiscalYear}`,
    fiscalYear,
    status: ReportStatus.Published,
    version: 1,
    project,
    kpiResults: [
      {
        id: `result-${fiscalYear}`,
        reportId: `report-${fiscalYear}`,
        position: 1,
        latestValue,
        latestAsOf: latestValue === null ? null : `${fiscalYear + 1}-03`,
        isReference: false,
        yearlyActuals: yearlyActuals.map(([year, value]) => ({ fiscalYear: year, value })),
      },
    ],
  };
}

// 2019 and 2020 only as the 2021 report lists them (釧路市's columns), 2022 without a value, 2023 after the year.
const reports = [
  report(2021, 18, [
    [2019, 21],
    [2020, 6],
  ]),
  report(2022, null),
  report(2023, 25),
];

describe('kpiSeries', () => {
  it('takes each year’s value by the ledger’s rule up to the year summarized, leaving out years without one', () => {
    expect(kpiSeries(reports, 1, 2022)).toEqual([
      { fiscalYear: 2019, value: 21 },
      { fiscalYear: 2020, value: 6 },
      { fiscalYear: 2021, value: 18 },
    ]);
    expect(kpiSeries(reports, 2, 2023)).toEqual([]);
  });

  it('charts the values the project’s KPI ledger shows, year by year', () => {
    const ledger = buildKpiLedger(project, reports);
    for (const position of [1, 2]) {
      const years = ledger.kpis.find((kpi) => kpi.position === position)?.years ?? [];
      expect(kpiSeries(reports, position, 2023)).toEqual(
        years.flatMap(({ fiscalYear, value }) => (value === null ? [] : [{ fiscalYear, value }])),
      );
    }
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
