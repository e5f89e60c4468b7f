import { LedgerValueSource } from './kpi-year-values';
import { previousYearAsPublished, previousYearKpis } from './previous-year';
import { type KpiResultView, type KpiYearValueView, type ReportView } from './report-view';

const kpi = (position: number, latestValue: number | null = null) =>
  ({ definition: { position }, latestValue }) as KpiResultView;

describe('previousYearKpis', () => {
  it('gives each KPI the previous year’s KPI of the same position, whatever the order', () => {
    expect(previousYearKpis([kpi(1), kpi(2)], { kpis: [kpi(2, 22), kpi(1, 124)] })).toEqual([kpi(1, 124), kpi(2, 22)]);
  });

  it('gives none where the previous year had no such KPI, or has no published report', () => {
    expect(previousYearKpis([kpi(1), kpi(4)], { kpis: [kpi(1, 124)] })).toEqual([kpi(1, 124), null]);
    expect(previousYearKpis([kpi(1)], null)).toEqual([null]);
  });
});

describe('previousYearAsPublished', () => {
  const year = (fiscalYear: number, value: number, source: LedgerValueSource, published: boolean) =>
    ({ fiscalYear, value, source, published }) as KpiYearValueView;
  const view = (earlierYears: KpiYearValueView[][]) =>
    ({ fiscalYear: 2022, kpis: earlierYears.map((years) => ({ earlierYears: years })) }) as ReportView;

  it('gives the year before’s published 最新値 as the edition holds it', () => {
    const published = year(2021, 124, LedgerValueSource.LatestValue, true);
    expect(previousYearAsPublished(view([[year(2020, 80, LedgerValueSource.LatestValue, true), published]]))).toEqual([
      published,
    ]);
  });

  it('gives the actual a report lists for a year without a report of its own, as the ledger beside it does', () => {
    const listed = year(2021, 66_267, LedgerValueSource.YearlyActual, false);
    expect(
      previousYearAsPublished(view([[year(2020, 80_717, LedgerValueSource.YearlyActual, false), listed], []])),
    ).toEqual([listed, null]);
  });
});
