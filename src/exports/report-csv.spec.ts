import { type ReportView } from '../reports/report/report-view';
import { ReportStatus } from '../reports/rules/report-status';
import { reportsCsv } from './report-csv';

/** A report without KPIs whose last edition is a correction published at the instant given. */
const corrected = (publishedAt: string) =>
  ({
    fiscalYear: 2025,
    fiscalYearLabel: 'R7年度',
    project: { projectNumber: '1', name: '産業振興事業', grantTypeCode: 'promotion' },
    status: ReportStatus.Published,
    statusLabel: '公表済み',
    correctionReason: null,
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

/** The cells of the report's row under these headers. */
function cells(view: ReportView, ...columns: string[]): string[] {
  const [header, row] = reportsCsv([view])
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  return columns.map((column) => row.split(',')[header.split(',').indexOf(column)]);
}

const correctionDate = (view: ReportView) => cells(view, '訂正日')[0];

describe('reportsCsv: 訂正日', () => {
  it('is the day in Japan the correction was published, also before 09:00 there', () => {
    // 2026-07-01 01:00 in Japan.
    expect(correctionDate(corrected('2026-06-30T16:00:00.000Z'))).toBe('2026-07-01');
    // 2026-06-30 23:59 in Japan.
    expect(correctionDate(corrected('2026-06-30T14:59:00.000Z'))).toBe('2026-06-30');
  });
});

describe('reportsCsv: 版', () => {
  it('names the edition whose values the row holds, with its correction', () => {
    expect(cells(corrected('2026-06-30T16:00:00.000Z'), '版', '訂正日', '訂正の理由')).toEqual([
      '2',
      '2026-07-01',
      '数値の誤り',
    ]);
  });

  it('names no edition while a correction is under way, whose draft the values are, and gives its reason', () => {
    const correcting = {
      ...corrected('2026-06-30T16:00:00.000Z'),
      status: ReportStatus.Correcting,
      statusLabel: '訂正中',
      correctionReason: '目標値の転記誤り',
    } as ReportView;
    expect(cells(correcting, '版', '訂正日', '訂正の理由')).toEqual(['', '', '目標値の転記誤り']);
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
