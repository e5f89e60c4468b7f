import { BadRequestException, ConflictException } from '@nestjs/common';
import { changedMeanwhile, changedMiddle, reportChangeRows, reportDisplayValue } from './changes';

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

describe("a report's changed fields as rows", () => {
  it("shows a choice of ⑥–⑧ changed with its wording as one row, in the municipality's words", () => {
    const rows = reportChangeRows([
      { path: '/effectLevel', before: 'effective', after: 'very_effective' },
      { path: '/effectLevelLabel', before: '効果があった', after: '非常に効果があった' },
      { path: '/effectNarrative', before: '前の説明', after: '新しい説明' },
    ]);

    expect(rows.map(({ label, before, after }) => ({ label, before, after }))).toEqual([
      { label: '⑥事業効果', before: '効果があった', after: '非常に効果があった' },
      { label: '⑥事業効果の説明', before: '前の説明', after: '新しい説明' },
    ]);
  });

  it('reads a choice first worded by this change from its own label before it, and a choice alone as it is', () => {
    const firstWorded = reportChangeRows([
      { path: '/policyDecision', before: 'continue', after: 'expand' },
      { path: '/policyDecisionLabel', before: null, after: '事業の発展(団体の表記)' },
    ]);
    expect(firstWorded).toMatchObject([
      {
        label: '⑧今後の方針',
        before: reportDisplayValue('/policyDecision', 'continue'),
        after: '事業の発展(団体の表記)',
      },
    ]);

    expect(reportChangeRows([{ path: '/panelRating', before: null, after: 'effective' }])).toMatchObject([
      { label: '⑦外部有識者からの評価', before: '(なし)', after: reportDisplayValue('/panelRating', 'effective') },
    ]);
  });
});

describe('a section refused for what was saved since its page was opened', () => {
  it('shows the changes the refusal names, each by its label, with the version to save over them', () => {
    const refusal = new ConflictException({
      message: 'The report was saved since version 2 (now version 3), …',
      details: { currentVersion: 3, changes: [{ path: '/effectNarrative', before: '', after: '別のタブの説明' }] },
    });

    expect(changedMeanwhile(refusal)).toMatchObject({
      currentVersion: 3,
      changes: [{ label: '⑥事業効果の説明', before: '(なし)', after: '別のタブの説明' }],
    });
  });

  it('is nothing for a refusal that names no changes: another state, a stale version without revisions, bad input', () => {
    expect(
      changedMeanwhile(new ConflictException({ message: 'changed by someone else', details: { currentVersion: 3 } })),
    ).toBeNull();
    expect(changedMeanwhile(new BadRequestException({ details: { currentVersion: 3, changes: [] } }))).toBeNull();
  });
});
