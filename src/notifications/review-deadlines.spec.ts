import { dateInJapan } from '../common/dates';
import { deadlineSchedule } from './review-deadlines';

describe('deadlineSchedule', () => {
  const config = { reviewDueTime: '09:00', reviewDayMs: 86_400_000 };
  const offsets = [-7, -3, 0, 1, 3];

  it('reminds on each of the municipality’s days at the due time in Japan, and tells planning a day after', () => {
    expect(deadlineSchedule('2026-12-15', offsets, new Date('2026-12-01T00:00:00Z'), config)).toEqual([
      { daysFromDue: -7, at: new Date('2026-12-08T00:00:00Z') },
      { daysFromDue: -3, at: new Date('2026-12-12T00:00:00Z') },
      { daysFromDue: 0, at: new Date('2026-12-15T00:00:00Z') },
      { daysFromDue: 1, at: new Date('2026-12-16T00:00:00Z') },
      { daysFromDue: null, at: new Date('2026-12-16T00:00:00Z') },
      { daysFromDue: 3, at: new Date('2026-12-18T00:00:00Z') },
    ]);
  });

  it('puts the days in time order, each once, whatever order they were given in', () => {
    expect(
      deadlineSchedule('2026-12-15', [2, -1, 2, -10], new Date('2026-12-01T00:00:00Z'), config).map(
        (entry) => entry.daysFromDue,
      ),
    ).toEqual([-10, -1, null, 2]);
  });

  it('skips reminders already past, but always keeps the overdue notice', () => {
    const days = (now: string) =>
      deadlineSchedule('2026-12-15', offsets, new Date(now), config).map((entry) => entry.daysFromDue);
    expect(days('2026-12-13T00:00:00Z')).toEqual([0, 1, null, 3]);
    // The moment itself counts as past: a reminder due now would race the one already sent.
    expect(days('2026-12-15T00:00:00Z')).toEqual([1, null, 3]);
    expect(days('2026-12-20T00:00:00Z')).toEqual([null]);
  });

  it('reminds only on the due day and notifies planning when a municipality sets just 0', () => {
    expect(deadlineSchedule('2026-12-15', [0], new Date('2026-12-01T00:00:00Z'), config)).toEqual([
      { daysFromDue: 0, at: new Date('2026-12-15T00:00:00Z') },
      { daysFromDue: null, at: new Date('2026-12-16T00:00:00Z') },
    ]);
  });

  it('scales the days with the configured day length (tests shorten it) and takes a due time with seconds', () => {
    const short = { reviewDueTime: '09:00:30', reviewDayMs: 1000 };
    expect(deadlineSchedule('2026-12-15', [-2, 1], new Date('2026-12-01T00:00:00Z'), short)).toEqual([
      { daysFromDue: -2, at: new Date('2026-12-15T00:00:28Z') },
      { daysFromDue: 1, at: new Date('2026-12-15T00:00:31Z') },
      { daysFromDue: null, at: new Date('2026-12-15T00:00:31Z') },
    ]);
  });

  it('sends each reminder on its day in Japan, not on the UTC day', () => {
    const schedule = deadlineSchedule('2026-07-01', [-1, 0, 1], new Date('2026-06-01T00:00:00Z'), config);
    expect(schedule.map(({ daysFromDue, at }) => [daysFromDue, dateInJapan(at)])).toEqual([
      [-1, '2026-06-30'],
      [0, '2026-07-01'],
      [1, '2026-07-02'],
      [null, '2026-07-02'],
    ]);
  });

  it('keeps the due day’s reminder ahead at 08:30 on that day in Japan, when UTC still says the day before', () => {
    const days = deadlineSchedule('2026-07-01', [-1, 0], new Date('2026-06-30T23:30:00Z'), config).map(
      (entry) => entry.daysFromDue,
    );
    expect(days).toEqual([0, null]);
  });

  it('counts a due time late in the day in Japan, which is the same day in UTC, from that day', () => {
    const late = { reviewDueTime: '17:00', reviewDayMs: 86_400_000 };
    expect(deadlineSchedule('2026-07-01', [-7], new Date('2026-06-01T00:00:00Z'), late)).toEqual([
      { daysFromDue: -7, at: new Date('2026-06-24T08:00:00Z') },
      { daysFromDue: null, at: new Date('2026-07-02T08:00:00Z') },
    ]);
  });
});
