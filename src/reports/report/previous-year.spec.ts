import { LedgerValueSource } from './kpi-year-values';
import { previousYearAsPublished, previousYearKpis } from './previous-year';
import { type KpiResultView, type KpiYearValueView, type ReportView } from './report-view';

describe('previousYearKpis', () => {
  const listed = (fiscalYear: number, value: number) =>
    ({
      fiscalYear,
      value,
      asOfLabel: null,
      isReference: false,
      source: LedgerValueSource.YearlyActual,
    }) as KpiYearValueView;
  const kpi = (position: number, latestValue: number | null = null, earlierYears: KpiYearValueView[] = []) =>
    ({
      definition: { position },
      latestValue,
      latestAsOfLabel: 'R5.6月',
      isReference: false,
      earlierYears,
    }) as KpiResultView;
  const view = (kpis: KpiResultView[]) => ({ fiscalYear: 2023, kpis });
  const measured = (value: number) => ({ value, asOfLabel: 'R5.6月', isReference: false });

  it('gives each KPI the previous year’s published 最新値 of the same position, whatever the order', () => {
    expect(previousYearKpis(view([kpi(1), kpi(2)]), { kpis: [kpi(2, 22), kpi(1, 124)] })).toEqual([
      measured(124),
      measured(22),
    ]);
  });

  it('gives, where the previous year’s report has none, the actual this report lists for that year', () => {
    const r4 = listed(2022, 19);
    expect(previousYearKpis(view([kpi(1, null, [r4]), kpi(2, null, [r4])]), { kpis: [kpi(1, 124)] })).toEqual([
      measured(124),
      r4,
    ]);
    expect(previousYearKpis(view([kpi(1, null, [listed(2021, 7), r4])]), null)).toEqual([r4]);
  });

  it('gives none where neither has one', () => {
    expect(previousYearKpis(view([kpi(1, null, [listed(2021, 7)])]), { kpis: [kpi(1)] })).toEqual([null]);
    expect(previousYearKpis(view([kpi(1)]), null)).toEqual([null]);
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
