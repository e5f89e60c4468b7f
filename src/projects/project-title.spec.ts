import { byProjectNumber, planPeriodLabel, projectTitle } from './project-title';

describe('projectTitle', () => {
  it('puts the project number first when there is one', () => {
    expect(projectTitle({ projectNumber: '3', name: '移住促進事業' })).toBe('No.3 移住促進事業');
  });

  it('is the name alone without a number', () => {
    expect(projectTitle({ projectNumber: null, name: '移住促進事業' })).toBe('移住促進事業');
  });
});

describe('planPeriodLabel', () => {
  it('names the first and last fiscal years of the plan in 和暦', () => {
    expect(planPeriodLabel({ planStartFiscalYear: 2021, planEndFiscalYear: 2023 })).toBe('R3年度～R5年度');
  });
});

describe('byProjectNumber', () => {
  it('orders numbers as people count them, those without one last, then by name', () => {
    const projects = [
      { projectNumber: null, name: '観光振興事業' },
      { projectNumber: '10', name: '移住促進事業' },
      { projectNumber: null, name: 'IT人材育成事業' },
      { projectNumber: '2', name: '創業支援事業' },
    ];

    expect([...projects].sort(byProjectNumber).map(projectTitle)).toEqual([
      'No.2 創業支援事業',
      'No.10 移住促進事業',
      'IT人材育成事業',
      '観光振興事業',
    ]);
  });
});
