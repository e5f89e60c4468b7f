import type { ReportView } from '../../reports/report/report-view';
import { submissionProblemLinks } from './report-pages';

const base = '/o/org/reports/report';

describe('submissionProblemLinks', () => {
  it('names a KPI by its number, and links to its field by its place on the ⑤ form', () => {
    const view = {
      kpis: [{ definition: { position: 1 } }, { definition: { position: 3 } }],
      submission: {
        ready: false,
        problems: [{ path: '/kpiResults/1/latestValue', message: '指標③: 最新値 is required' }],
      },
    } as unknown as ReportView;

    expect(submissionProblemLinks(view, base)).toEqual([
      {
        text: '⑤指標③の最新値を入力してください',
        href: `${base}/sections/kpis#f-kpiResults-1-latestValue`,
        path: '/kpiResults/1/latestValue',
      },
    ]);
  });
});
