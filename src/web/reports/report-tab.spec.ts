import { FormState } from '../forms';
import type { ReportPage } from './report-page-types';
import { reportTab } from './report-tab';

const base = '/o/org/reports/report';

function pageWith(
  overrides: {
    warnings?: unknown[];
    kpiPositions?: number[];
    ownAssignment?: unknown;
    can?: Record<string, boolean>;
    resubmission?: unknown;
    decisions?: unknown[];
    experts?: unknown[];
    assignments?: unknown[];
    alternates?: unknown[];
  } = {},
): ReportPage {
  return {
    view: {
      warnings: overrides.warnings ?? [],
      kpis: (overrides.kpiPositions ?? []).map((position) => ({ definition: { position } })),
      version: 7,
      evaluation: { option: 'effective', opinion: '公表した意見' },
      policy: { option: 'continue', reason: '公表した理由' },
    },
    permissions: { can: overrides.can ?? { edit: true } },
    returns: [],
    resubmission: overrides.resubmission ?? null,
    experts: overrides.experts ?? [],
    assignments: overrides.assignments ?? [],
    alternates: overrides.alternates ?? [],
    nameOf: (userId: string) => `name of ${userId}`,
    ownAssignment: overrides.ownAssignment,
    assessment: { ratings: [], decisions: overrides.decisions ?? [] },
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

  it('names a warning about a KPI by its number, also after a gap (指標① and ③)', () => {
    const warnings = [
      { code: 'kpi_target_against_direction', path: '/project/kpis/1/target', key: 'target', acknowledged: false },
      {
        code: 'kpi_against_last_year',
        path: '/kpiResults/1/latestValue',
        key: 'latest',
        typed: 80,
        published: { fiscalYear: 2023, value: 95, asOf: null },
        acknowledged: false,
      },
    ];
    const tab = reportTab(pageWith({ warnings, kpiPositions: [1, 3] }), base, [], () => new FormState());
    expect(tab.warningsToConfirm.map((choice) => choice.text.split(':')[0])).toEqual([
      '⑤指標③の目標値',
      '⑤指標③の最新値',
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

  it('starts ⑦⑧の訂正 from the values the correction has, unless planning just typed something else', () => {
    const fields = ['/rating', '/opinion', '/decision', '/reason'];
    const fresh = reportTab(pageWith(), base, [], () => new FormState()).forms.correctAssessment;
    expect(fields.map((field) => fresh.value(field))).toEqual([
      'effective',
      '公表した意見',
      'continue',
      '公表した理由',
    ]);

    const refused = new FormState({ '/reason': '書き直した理由', '/opinion': ' ' }, [
      { text: '意見を入力してください', href: '#', path: '/opinion' },
    ]);
    const typed = reportTab(pageWith(), base, [], (name) => (name === 'correct-assessment' ? refused : new FormState()))
      .forms.correctAssessment;
    expect(fields.map((field) => typed.value(field))).toEqual(['effective', ' ', 'continue', '書き直した理由']);
    expect(typed.error('/opinion')).toBe('意見を入力してください');
  });

  it('shows a resubmission with the return’s reason and a link from the version returned to the latest saved one', () => {
    const lastReturn = {
      body: '指標の最新値の時点を確認してください。',
      authorName: 'planner',
      createdAt: '2026-11-20T01:00:00Z',
    };
    const tab = reportTab(
      pageWith({
        can: { accept: true, return: true },
        resubmission: { lastReturn, returnedVersion: 4, savedVersion: 7 },
      }),
      base,
      [],
      () => new FormState(),
    );
    expect(tab.resubmission).toEqual({
      reason: '指標の最新値の時点を確認してください。',
      returnedBy: 'planner',
      returnedAt: '2026-11-20T01:00:00Z',
      returnedVersion: 4,
      changesHref: `${base}/history?from=4&to=7`,
    });
  });

  it('links to the latest saved version when the report moved on without a revision (an expert’s opinion)', () => {
    const lastReturn = { body: '理由', authorName: 'planner', createdAt: '2026-11-20T01:00:00Z' };
    const tab = reportTab(
      pageWith({ resubmission: { lastReturn, returnedVersion: 4, savedVersion: 6 } }),
      base,
      [],
      () => new FormState(),
    );
    expect(tab.resubmission?.changesHref).toBe(`${base}/history?from=4&to=6`);
  });

  it('links to no changes when no submitted version precedes the return (e.g. imported reports)', () => {
    const lastReturn = { body: '理由', authorName: 'planner', createdAt: '2026-11-20T01:00:00Z' };
    const tab = reportTab(
      pageWith({ resubmission: { lastReturn, returnedVersion: null, savedVersion: 7 } }),
      base,
      [],
      () => new FormState(),
    );
    expect(tab.resubmission?.changesHref).toBeNull();
  });

  it('offers the municipality’s ⑧ options by key, worded as the form’s long text', () => {
    const decisions = [
      { key: 'continue', kind: 'continue', label: '現状通り事業継続', formText: '現状通り事業継続', retired: false },
      { key: 'custom_1a2b', kind: 'revise', label: '改善し事業継続', formText: '改善し事業継続(内容を改善する)' },
    ];
    expect(reportTab(pageWith({ decisions }), base, [], () => new FormState()).decisionChoices).toEqual([
      { value: 'continue', text: '現状通り事業継続' },
      { value: 'custom_1a2b', text: '改善し事業継続(内容を改善する)' },
    ]);
  });

  it('points to the decisions after the report only when one of them is offered to the reader', () => {
    const offered = (can: Record<string, boolean>) =>
      reportTab(pageWith({ can }), base, [], () => new FormState()).decisionsBelow;
    expect(offered({ edit: true, submit: true })).toBe(false);
    expect(offered({ enter_opinion: true })).toBe(false);
    expect(offered({ accept: true, return: true })).toBe(true);
    expect(offered({ send_back_proposal: true })).toBe(true);
    expect(offered({ publish: true })).toBe(true);
    expect(offered({ correct_assessment: true })).toBe(true);
  });

  it('offers as alternates the experts not yet asked, and shows the list waiting in order', () => {
    const expert = (id: string) => ({ id, displayName: id, email: `${id}@example.jp` });
    const tab = reportTab(
      pageWith({
        experts: ['a', 'b', 'c', 'd', 'e'].map(expert),
        assignments: [
          { expertUserId: 'a', status: 'declined' },
          { expertUserId: 'e', status: 'removed' },
        ],
        alternates: [
          { expertUserId: 'b', invitedAssignmentId: 'assignment-b', causeEventId: 'event-1' },
          { expertUserId: 'd', invitedAssignmentId: null, causeEventId: null },
          { expertUserId: 'c', invitedAssignmentId: null, causeEventId: null },
        ],
      }),
      base,
      [],
      () => new FormState(),
    );
    expect(tab.askedAlternates).toEqual([{ name: 'name of b' }]);
    // Read as shown, so that a list saved meanwhile by someone else is not overwritten unseen.
    expect(tab.alternatesRead).toBe('d,c');
    expect(tab.waitingAlternates).toEqual([{ name: 'name of d' }, { name: 'name of c' }]);
    expect(tab.alternateChoices.map((choice) => choice.value)).toEqual(['c', 'd', 'e']);
    expect(tab.forms.alternates.values).toEqual({ '/experts/0': 'd', '/experts/1': 'c' });
    expect(tab.alternateSlots).toEqual([0, 1, 2]);
  });
});
