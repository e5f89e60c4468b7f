import { cycleClosedNotice, cycleOpenedNotice } from './notices';

describe('年度サイクル confirmations', () => {
  it('name the year and how many drafts opening it started', () => {
    expect(cycleOpenedNotice(2024, 3)).toBe('R6年度を開始しました。作成中の報告を3件作成しました。');
    expect(cycleOpenedNotice(2019, 0)).toMatch(/^R元年度を開始しました。新しく作成した報告はありません/);
    expect(cycleClosedNotice(2024)).toBe('R6年度を終了しました。');
  });
});
