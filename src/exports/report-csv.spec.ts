import { type ReportView } from '../reports/report/report-view';
import { reportsCsv } from './report-csv';

/** A report without KPIs whose last edition is a correction published at the instant given. */
const corrected = (publishedAt: string) =>
  ({
    fiscalYear: 2025,
    fiscalYearLabel: 'R7年度',
    project: { projectNumber: '1', name: '産業振興事業', grantTypeCode: 'promotion' },
    statusLabel: '公表済み',
    kpis: [],
    effect: {},
    evaluation: {},
    policy: {},
    analysis: { factors: '', measures: '' },
    followUp: { response: '' },
    editions: [
      { edition: 1, publishedAt: '2026-06-01T01:00:00.000Z', correctionReason: null },
      { edition: 2, publishedAt, correctionReason: '数値の誤り' },
    ],
  }) as unknown as ReportView;

function correctionDate(view: ReportView): string {
  const [header, row] = reportsCsv([view])
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  return row.split(',')[header.split(',').indexOf('訂正日')];
}

describe('reportsCsv: 訂正日', () => {
  it('is the day in Japan the correction was published, also before 09:00 there', () => {
    // 2026-07-01 01:00 in Japan.
    expect(correctionDate(corrected('2026-06-30T16:00:00.000Z'))).toBe('2026-07-01');
    // 2026-06-30 23:59 in Japan.
    expect(correctionDate(corrected('2026-06-30T14:59:00.000Z'))).toBe('2026-06-30');
  });
});

describe('reportsCsv: 指標', () => {
  it('names each KPI by its number, also when one before it was removed (指標① and ③)', () => {
    const kpi = (position: number, name: string) => ({
      definition: { position, name, baseline: null, target: null, unit: '件', targetYearMonth: null },
      latestValue: null,
      latestAsOf: null,
      isReference: false,
      achievementPercent: null,
      yearlyActuals: [],
    });
    const view = { ...corrected('2026-06-30T16:00:00.000Z'), kpis: [kpi(1, '商談件数'), kpi(3, '新規出店数')] };
    const [header, ...rows] = reportsCsv([view as unknown as ReportView])
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    const column = header.split(',').indexOf('指標');

    expect(rows.map((row) => row.split(',')[column])).toEqual(['指標①', '指標③']);
  });
});
