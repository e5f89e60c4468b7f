import { conflictingChanges, sectionOf, sectionsToEnter, sectionsWritten } from './report-sections';

describe('the owning department’s sections (③–⑥)', () => {
  it.each([
    ['/project/overview', 'overview'],
    ['/budgetLines/2/actualAmount', 'budget'],
    ['/typedTotals/budgetAmount', 'budget'],
    ['/kpiResults/0/latestValue', 'kpis'],
    ['/project/kpis/1/target', 'kpis'],
    ['/effectLevelReason', 'effect'],
    ['/previousPolicyFollowUp', 'effect'],
    ['/fiscalYear', null],
  ])('finds %s on the section %s', (path, section) => {
    expect(sectionOf(path)).toBe(section);
  });

  it('leaves a section to enter while any submission problem points into it, in the report’s order', () => {
    expect(
      sectionsToEnter([
        { path: '/effectNarrative' },
        { path: '/budgetLines/0/name' },
        { path: '/budgetLines' },
        { path: '/fiscalYear' },
        {},
      ]),
    ).toEqual(['budget', 'effect']);
    expect(sectionsToEnter([])).toEqual([]);
  });

  describe('a save from a version older than the report’s', () => {
    const change = (path: string, before: unknown = '前', after: unknown = '後') => ({ path, before, after });

    it('conflicts with nothing saved since in other sections: ④ and ③ saved in one tab, ⑥ in another', () => {
      const since = [change('/budgetLines/0/actualAmount', 100, 120), change('/project/overview')];

      expect(conflictingChanges(since, ['effect'])).toEqual([]);
    });

    it('conflicts with what was saved since in its own sections, the plan’s KPI definitions with ⑤ too', () => {
      const since = [
        change('/effectNarrative'),
        change('/budgetLines/1/name'),
        change('/project/kpis/0/target', 100, 120),
        change('/kpiResults/0/latestValue', 5, 6),
      ];

      expect(conflictingChanges(since, ['effect', 'kpis'])).toEqual([since[0], since[2], since[3]]);
    });

    it('conflicts in ⑤ with a change of the plan period (②), whose years ⑤’s yearly results are entered for', () => {
      const since = [
        change('/project/planStartFiscalYear', 2020, 2021),
        change('/project/planEndFiscalYear', 2024, 2026),
      ];

      expect(conflictingChanges(since, ['kpis'])).toEqual(since);
      expect(conflictingChanges(since, ['overview', 'budget', 'effect'])).toEqual([]);
    });

    it('conflicts with a change of the report’s state, whichever section it saves', () => {
      const since = [change('/status', 'returned', 'draft')];

      expect(conflictingChanges(since, ['budget'])).toEqual(since);
    });

    it('does not conflict with other changes outside the sections: the project’s name, confirmed warnings', () => {
      const since = [change('/project/name'), change('/acknowledgedWarningKeys/0', null, 'total_mismatch')];

      expect(conflictingChanges(since, ['budget', 'kpis', 'effect', 'overview'])).toEqual([]);
    });
  });

  it('finds the sections an update writes by the fields it sets, leaving out those not set', () => {
    expect(
      sectionsWritten({
        actualAsOf: null,
        budgetLines: [],
        typedTotals: {},
        effectNarrative: '',
        effectLevel: undefined,
        kpiResults: undefined,
      }),
    ).toEqual(['budget', 'effect']);
    expect(sectionsWritten({})).toEqual([]);
    expect(sectionsWritten({ effectNarrative: '', panelOpinion: '' })).toBeUndefined();
  });
});
