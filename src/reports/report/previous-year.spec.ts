import { previousYearKpis } from './previous-year';
import { type KpiResultView } from './report-view';

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
