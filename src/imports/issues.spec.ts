import type { ImportIssue } from './import-model';
import { atPlannedKpis } from './issues';

const issue = (path: string): ImportIssue => ({ severity: 'warning', code: 'kpi_without_unit', path, message: '' });
const kpis = (...positions: number[]) => positions.map((position) => ({ position }));

describe('atPlannedKpis', () => {
  it('points an issue of a KPI row at the KPI of the same number in the planned list', () => {
    // The sheet has 指標① and ③ only; the stored project has ①②③, so ③ is the third KPI the result shows.
    const pointed = atPlannedKpis(
      [issue('/project/kpis/1/unit'), issue('/project/kpis/0/name'), issue('/project/kpis/1')],
      kpis(1, 3),
      kpis(1, 2, 3),
    );
    expect(pointed.map(({ path }) => path)).toEqual([
      '/project/kpis/2/unit',
      '/project/kpis/0/name',
      '/project/kpis/2',
    ]);
  });

  it('leaves every other path as it is', () => {
    const paths = ['/project/kpis', '/project/name', '/kpiResults/1/latestValue'];
    expect(atPlannedKpis(paths.map(issue), kpis(1, 3), kpis(1, 2, 3)).map(({ path }) => path)).toEqual(paths);
  });
});
