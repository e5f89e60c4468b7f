import { FormState } from '../forms';
import type { ReportPage } from './report-pages';
import { reportTab } from './report-tab';

const base = '/o/org/reports/report';

function pageWith(overrides: { warnings?: unknown[]; ownAssignment?: unknown } = {}): ReportPage {
  return {
    view: { warnings: overrides.warnings ?? [] },
    permissions: { can: { edit: true } },
    returns: [],
    experts: [],
    ownAssignment: overrides.ownAssignment,
  } as unknown as ReportPage;
}

describe('reportTab', () => {
  it('marks a section of the draft incomplete while a submission problem points into it', () => {
    const problems = [
      { text: '', href: '', path: '/budgetLines' },
      { text: '', href: '', path: '/effectNarrative' },
    ];
    const tab = reportTab(pageWith(), base, problems, () => new FormState());
    expect(tab.tasks.map((task) => [task.id, task.complete])).toEqual([
      ['overview', true],
      ['budget', false],
      ['kpis', true],
      ['effect', false],
    ]);
    expect(tab.tasks[1].href).toBe(`${base}/sections/budget`);
  });

  it('offers only the warnings not yet confirmed, named by their field', () => {
    const warnings = [
      {
        code: 'total_mismatch',
        path: '/typedTotals/actualAmount',
        key: 'open',
        typed: 5000,
        computed: 5198,
        acknowledged: false,
      },
      { code: 'kpi_wrong_side', path: '/project/kpis/0/target', key: 'confirmed', acknowledged: true },
    ];
    const tab = reportTab(pageWith({ warnings }), base, [], () => new FormState());
    expect(tab.warningsToConfirm).toEqual([
      { value: 'open', text: '④合計(実績額):入力された合計 5,000千円 が、各行の合計 5,198千円 と一致しません' },
    ]);
  });

  it('starts the expert’s opinion form from what they saved, unless they just typed something else', () => {
    const ownAssignment = { rating: 'effective', opinion: '保存した意見' };
    const saved = reportTab(pageWith({ ownAssignment }), base, [], () => new FormState()).forms.opinion;
    expect([saved.value('/rating'), saved.value('/opinion')]).toEqual(['effective', '保存した意見']);

    const refused = new FormState({ '/opinion': '書き直した意見' }, [
      { text: '評価を選んでください', href: '#', path: '/rating' },
    ]);
    const typed = reportTab(pageWith({ ownAssignment }), base, [], (name) =>
      name === 'opinion' ? refused : new FormState(),
    ).forms.opinion;
    expect([typed.value('/rating'), typed.value('/opinion'), typed.error('/rating')]).toEqual([
      'effective',
      '書き直した意見',
      '評価を選んでください',
    ]);
  });
});
