import { sectionOf, sectionsToEnter } from './report-sections';

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
});
