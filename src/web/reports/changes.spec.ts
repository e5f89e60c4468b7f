import { changedMiddle, reportDisplayValue } from './changes';

describe('version history values', () => {
  it('shows coded values by their labels and year-months in 和暦', () => {
    expect(reportDisplayValue('/status', 'decision_proposed')).toBe('方針案');
    expect(reportDisplayValue('/status', 'no_such_state')).toBe('no_such_state');
    expect(reportDisplayValue('/status', '')).toBe('(なし)');
    expect(reportDisplayValue('/kpiResults/0/latestAsOf', '2023-06')).toBe('R5.6月');
    expect(reportDisplayValue('/budgetLines/0/budgetAmount', 9048)).toBe('9,048');
    expect(reportDisplayValue('/effectNarrative', null)).toBe('(なし)');
    // An expert's rating in an opinion's audit entry, like the report's ⑦.
    expect(reportDisplayValue('/rating', 'not_effective')).toBe(reportDisplayValue('/panelRating', 'not_effective'));
  });

  it('isolates the edited middle of a long text', () => {
    expect(changedMiddle('R4年度は中間目標を達成した。', 'R4年度は最終目標を達成した。')).toEqual({
      prefix: 'R4年度は',
      removed: '中間',
      added: '最終',
      suffix: '目標を達成した。',
    });
    expect(changedMiddle('同じ', '同じ')).toEqual({ prefix: '同じ', removed: '', added: '', suffix: '' });
  });
});
