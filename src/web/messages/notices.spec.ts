import { PLAN_FOLLOWED_NOTE } from '../../notifications/notification-catalogue';
import { cycleClosedNotice, cycleOpenedNotice, NOTICES } from './notices';

describe('年度サイクル confirmations', () => {
  it('name the year and how many drafts opening it started', () => {
    expect(cycleOpenedNotice(2024, 3, 0)).toBe('R6年度を開始しました。作成中の報告を3件作成しました。');
    expect(cycleOpenedNotice(2019, 0, 0)).toMatch(/^R元年度を開始しました。新しく作成した報告はありません/);
    expect(cycleClosedNotice(2024)).toBe('R6年度を終了しました。');
  });

  it('say how many projects opening left without a draft because their 今後の方針 ended them', () => {
    expect(cycleOpenedNotice(2024, 2, 1)).toBe(
      'R6年度を開始しました。作成中の報告を2件作成しました。今後の方針が事業の終了・中止と決まった1件には、報告を作っていません。',
    );
    expect(cycleOpenedNotice(2024, 0, 2)).toBe(
      'R6年度を開始しました。新しく作成した報告はありません。今後の方針が事業の終了・中止と決まった2件には、報告を作っていません。',
    );
  });
});

describe('the notice of an owner’s own withdrawal', () => {
  it('says the report took its project’s plan in the words the other returns to editing are told it', () => {
    expect(NOTICES['withdrawn-plan-followed']).toBe(`${NOTICES.withdrawn}${PLAN_FOLLOWED_NOTE}`);
    expect(NOTICES['correction-withdrawn-plan-followed']).toBe(
      `${NOTICES['correction-withdrawn']}${PLAN_FOLLOWED_NOTE}`,
    );
  });
});
