import { todayInJapan } from '../common/dates';
import { BadgeKind, type BadgeFacts, deadlineOf, reportBadges } from './report-badges';

describe('deadlineOf: a due date as the lists say it', () => {
  it.each([
    ['2026-05-31', '2026-05-28', 3, false, '期限まで3日'],
    ['2026-05-31', '2026-05-31', 0, false, '本日が期限'],
    ['2026-05-31', '2026-06-02', -2, true, '期限超過(2日)'],
    // Across the end of a year and a leap day: calendar days, whatever the hours in between.
    ['2025-01-01', '2024-12-31', 1, false, '期限まで1日'],
    ['2024-03-01', '2024-02-28', 2, false, '期限まで2日'],
  ])('due %s seen on %s: %i days left', (dueDate, today, daysLeft, overdue, label) => {
    expect(deadlineOf(dueDate, today)).toEqual({ dueDate, daysLeft, overdue, label });
  });
});

describe('deadlineOf from today in Japan: the due day lasts until midnight there', () => {
  it.each([
    // 2026-06-30 01:00 in Japan, still the 29th in UTC.
    ['2026-06-29T16:00:00Z', 0, false, '本日が期限'],
    // 10:00 and 23:59 on the due day in Japan.
    ['2026-06-30T01:00:00Z', 0, false, '本日が期限'],
    ['2026-06-30T14:59:59Z', 0, false, '本日が期限'],
    // 2026-07-01 00:00 and 08:00 in Japan, still the 30th in UTC.
    ['2026-06-30T15:00:00Z', -1, true, '期限超過(1日)'],
    ['2026-06-30T23:00:00Z', -1, true, '期限超過(1日)'],
    // 2026-06-27 08:00 in Japan: three days left, not four.
    ['2026-06-26T23:00:00Z', 3, false, '期限まで3日'],
  ])('an opinion due 2026-06-30, seen at %s', (now, daysLeft, overdue, label) => {
    expect(deadlineOf('2026-06-30', todayInJapan(new Date(now)))).toEqual({
      dueDate: '2026-06-30',
      daysLeft,
      overdue,
      label,
    });
  });
});

describe('reportBadges: 差戻し, 質問あり, 期限超過 in this order', () => {
  const nothing: BadgeFacts = { returnReason: null, openQuestions: 0, overdueOpinions: 0, deadline: null };
  const kinds = (facts: Partial<BadgeFacts>) => reportBadges({ ...nothing, ...facts }).map((badge) => badge.kind);

  it('gives a report that waits for nobody no badge', () => {
    expect(kinds({})).toEqual([]);
    expect(kinds({ deadline: deadlineOf('2026-05-31', '2026-05-31') })).toEqual([]);
  });

  it('marks a returned report, one with unanswered questions, and one past a deadline', () => {
    expect(kinds({ returnReason: '時点を確認してください。' })).toEqual([BadgeKind.Returned]);
    expect(kinds({ openQuestions: 2 })).toEqual([BadgeKind.Question]);
    expect(kinds({ overdueOpinions: 1 })).toEqual([BadgeKind.Overdue]);
    expect(kinds({ deadline: deadlineOf('2026-05-31', '2026-06-01') })).toEqual([BadgeKind.Overdue]);
  });

  it('labels each badge in Japanese, all of them together', () => {
    expect(
      reportBadges({
        returnReason: '',
        openQuestions: 1,
        overdueOpinions: 0,
        deadline: deadlineOf('2026-05-31', '2026-06-01'),
      }),
    ).toEqual([
      { kind: BadgeKind.Returned, label: '差戻し' },
      { kind: BadgeKind.Question, label: '質問あり' },
      { kind: BadgeKind.Overdue, label: '期限超過' },
    ]);
  });
});
