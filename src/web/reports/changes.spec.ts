import { changedMiddle, displayValue } from './changes';

describe('version history values', () => {
  it('shows coded values by their labels and year-months in 和暦', () => {
    expect(displayValue('/status', 'decision_proposed')).toBe('方針案');
    expect(displayValue('/kpiResults/0/latestAsOf', '2023-06')).toBe('R5.6月');
    expect(displayValue('/budgetLines/0/budgetAmount', 9048)).toBe('9,048');
    expect(displayValue('/effectNarrative', null)).toBe('(なし)');
    // An expert's rating in an opinion's audit entry, like the report's ⑦.
    expect(displayValue('/rating', 'not_effective')).toBe(displayValue('/panelRating', 'not_effective'));
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
