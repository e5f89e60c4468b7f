import fc from 'fast-check';
import {
  addDays,
  dateInJapan,
  dateTimeInJapan,
  daysBetween,
  fiscalYearInJapan,
  instantInJapan,
  japaneseAndIsoDate,
  japaneseDate,
  japaneseDateTime,
  untilLabel,
  todayInJapan,
} from './dates';

/** Instants from 1952, after Tokyo's last summer time (1948–1951), to 2200. */
const sinceLastSummerTime = fc.date({ min: new Date('1952-01-01'), max: new Date('2200-01-01'), noInvalidDate: true });

// Japan is UTC+9 without summer time: from 00:00 to 09:00 there, the UTC date is still the day before.
describe('dateInJapan and todayInJapan', () => {
  it.each([
    ['2026-06-30T14:59:59.999Z', '2026-06-30'],
    ['2026-06-30T15:00:00.000Z', '2026-07-01'],
    ['2026-06-30T23:00:00.000Z', '2026-07-01'],
    ['2026-03-31T15:00:00.000Z', '2026-04-01'],
    ['2026-12-31T15:00:00.000Z', '2027-01-01'],
  ])('%s is %s in Japan', (instant, day) => {
    expect(dateInJapan(instant)).toBe(day);
    expect(dateInJapan(new Date(instant))).toBe(day);
    expect(todayInJapan(new Date(instant))).toBe(day);
  });

  it('names the day a clock in Tokyo shows, at any instant since its last summer time (1951) until 2200', () => {
    const tokyo = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', dateStyle: 'short' });
    fc.assert(fc.property(sinceLastSummerTime, (instant) => expect(dateInJapan(instant)).toBe(tokyo.format(instant))));
  });
});

describe('dateTimeInJapan', () => {
  it.each([
    ['2026-12-03T02:50:00.000Z', '2026-12-03T11:50:00+09:00'],
    ['2026-06-30T14:59:59.999Z', '2026-06-30T23:59:59+09:00'],
    ['2026-06-30T15:00:00.000Z', '2026-07-01T00:00:00+09:00'],
    ['2026-12-31T15:00:00.000Z', '2027-01-01T00:00:00+09:00'],
  ])('writes %s as %s, the same moment', (instant, written) => {
    expect(dateTimeInJapan(instant)).toBe(written);
    expect(dateTimeInJapan(new Date(instant))).toBe(written);
    expect(instantInJapan(written)).toEqual(new Date(Math.floor(Date.parse(instant) / 1000) * 1000));
  });

  it('sorts as text in the order of the moments', () => {
    const instants = ['2026-06-30T14:59:59Z', '2026-06-30T15:00:00Z', '2026-07-01T02:00:00Z', '2026-12-31T15:00:00Z'];
    const written = instants.map(dateTimeInJapan);
    expect([...written].reverse().sort()).toEqual(written);
  });
});

describe('daysBetween and addDays: calendar days, whatever the hours in between', () => {
  it.each([
    ['2026-12-22', '2026-12-25', 3],
    ['2027-01-01', '2027-01-01', 0],
    ['2027-01-02', '2026-12-31', -2],
    ['2024-02-28', '2024-03-01', 2],
    ['2026-03-31', '2026-04-01', 1],
  ])('from %s to %s: %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
    expect(addDays(from, days)).toBe(to);
  });

  it('counts from today in Japan, also before 09:00 there', () => {
    // 2026-07-01 08:00 in Japan, still 2026-06-30 in UTC: an opinion due 2026-06-30 is a day late.
    const today = todayInJapan(new Date('2026-06-30T23:00:00Z'));
    expect(daysBetween(today, '2026-06-30')).toBe(-1);
    expect(addDays(today, 14)).toBe('2026-07-15');
  });
});

describe('fiscalYearInJapan', () => {
  it.each([
    // 1 April 00:00 to 09:00 in Japan is still 31 March in UTC, but already the new fiscal year.
    ['2026-03-31T14:59:59.999Z', 2025],
    ['2026-03-31T15:00:00.000Z', 2026],
    ['2026-03-31T23:30:00.000Z', 2026],
    ['2026-12-31T15:00:00.000Z', 2026],
    ['2027-03-31T14:59:59.999Z', 2026],
  ])('at %s it is fiscal year %i', (instant, fiscalYear) => {
    expect(fiscalYearInJapan(new Date(instant))).toBe(fiscalYear);
  });
});

describe('japaneseDate, japaneseDateTime and japaneseAndIsoDate', () => {
  it('shows an instant on its day and hour in Japan', () => {
    expect(japaneseDate('2026-06-30T23:00:00.000Z')).toBe('令和8年7月1日');
    expect(japaneseDate(new Date('2026-06-30T14:59:00Z'))).toBe('令和8年6月30日');
    expect(japaneseDateTime('2026-06-30T23:00:00.000Z')).toBe('令和8年7月1日 08:00');
    expect(japaneseAndIsoDate(new Date('2026-06-30T23:00:00Z'))).toBe('令和8年7月1日 (2026-07-01)');
  });

  it('says until when by the whole day before, for an end at midnight in Japan', () => {
    expect(untilLabel(new Date('2027-02-19T15:00:00.000Z'))).toBe('令和9年2月19日まで');
    expect(untilLabel(new Date('2027-02-19T06:30:00.000Z'))).toBe('令和9年2月19日 15:30まで');
  });

  it('words every instant as a calendar of Japan in Tokyo does, since its last summer time (1951) until 2200', () => {
    const tokyo = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
      era: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'Asia/Tokyo',
    });
    fc.assert(fc.property(sinceLastSummerTime, (instant) => expect(japaneseDate(instant)).toBe(tokyo.format(instant))));
  });

  it('shows a date-only value (a due date) as that very day', () => {
    expect(japaneseDate('2026-06-30')).toBe('令和8年6月30日');
    expect(japaneseAndIsoDate('2026-06-30')).toBe('令和8年6月30日 (2026-06-30)');
  });

  it('shows a dash for no value', () => {
    expect(japaneseDate(null)).toBe('—');
    expect(japaneseDateTime(undefined)).toBe('—');
    expect(japaneseAndIsoDate('')).toBe('—');
  });
});

describe('instantInJapan', () => {
  it.each([
    ['2026-04-01', '2026-03-31T15:00:00.000Z'],
    ['2026-07-01T08:00', '2026-06-30T23:00:00.000Z'],
    ['2026-07-01T08:00:30.5', '2026-06-30T23:00:30.500Z'],
    ['2026-07-01T08:00:00+09:00', '2026-06-30T23:00:00.000Z'],
    ['2026-06-30T23:00:00Z', '2026-06-30T23:00:00.000Z'],
    ['2024-02-29', '2024-02-28T15:00:00.000Z'],
  ])('%s is %s', (text, instant) => {
    expect(instantInJapan(text)?.toISOString()).toBe(instant);
  });

  it.each(['', 'today', '2026-02-30', '2025-02-29', '2026-13-01', '2026-06-30T24:30', '20260630', '2026-06-30 10:00'])(
    'refuses %j',
    (text) => {
      expect(instantInJapan(text)).toBeNull();
    },
  );
});
