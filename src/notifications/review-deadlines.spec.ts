import { deadlineSchedule } from './review-deadlines';

describe('deadlineSchedule', () => {
  const config = { reviewDueTime: '09:00', reviewDayMs: 86_400_000, reviewReminderDaysBefore: 3 };

  it('reminds N days before and on the due date at the due time in Japan, and flags overdue a day later', () => {
    expect(deadlineSchedule('2026-12-15', new Date('2026-12-01T00:00:00Z'), config)).toEqual([
      { kind: 'reminder', at: new Date('2026-12-12T00:00:00Z') },
      { kind: 'due_today', at: new Date('2026-12-15T00:00:00Z') },
      { kind: 'overdue', at: new Date('2026-12-16T00:00:00Z') },
    ]);
  });

  it('skips reminders already past, but always keeps the overdue notice', () => {
    expect(deadlineSchedule('2026-12-15', new Date('2026-12-14T00:00:00Z'), config).map((entry) => entry.kind)).toEqual(
      ['due_today', 'overdue'],
    );
    expect(deadlineSchedule('2026-12-15', new Date('2026-12-20T00:00:00Z'), config).map((entry) => entry.kind)).toEqual(
      ['overdue'],
    );
  });

  it('sends no separate reminder when it is set to 0 days before', () => {
    expect(
      deadlineSchedule('2026-12-15', new Date('2026-12-01T00:00:00Z'), { ...config, reviewReminderDaysBefore: 0 }).map(
        (entry) => entry.kind,
      ),
    ).toEqual(['due_today', 'overdue']);
  });
});
