import { LRUCache } from 'lru-cache';
import { fiscalYearOf } from './japanese-era';

const TIME_ZONE = 'Asia/Tokyo';
// Japan has kept no summer time since 1951: its offset is the same all year for every date the app holds.
const JAPAN_OFFSET = '+09:00';
const JAPAN_OFFSET_MS = 9 * 3_600_000;
const EMPTY = '—';

/**
 * The calendar day in Japan (YYYY-MM-DD) an instant falls on: before 09:00 there, the UTC date is the day before. The
 * instant moved by Japan's offset, read as UTC: a tenth of what a formatter in Japan's zone costs, for every date of a
 * page.
 */
export function dateInJapan(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant as ISO 8601 in Japan time with its offset, to the second (2026-12-03T11:50:00+09:00): what a reader in
 * Japan expects in a file, still sorting as text and naming one moment.
 */
export function dateTimeInJapan(instant: string | Date): string {
  const shifted = new Date(new Date(instant).getTime() + JAPAN_OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}${JAPAN_OFFSET}`;
}

/** Today's date in Japan (YYYY-MM-DD): due dates are municipal calendar days, whatever the server's zone. */
export function todayInJapan(now = new Date()): string {
  return dateInJapan(now);
}

/** This month in Japan, 'YYYY-MM'. */
export function thisMonthInJapan(now = new Date()): string {
  return todayInJapan(now).slice(0, 7);
}

const DAY_MS = 86_400_000;

/** Whole calendar days from one day (YYYY-MM-DD) to another; negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}

/** The day (YYYY-MM-DD) that many calendar days after `day`, or before it when negative. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The fiscal year (April–March) today in Japan falls in: until 09:00 on 1 April there, UTC still says March. */
export function fiscalYearInJapan(now = new Date()): number {
  const [year, month] = todayInJapan(now).split('-').map(Number);
  return fiscalYearOf({ year, month });
}

const DATE_OR_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A moment typed in ISO 8601 as people in Japan mean it: a date alone is the start of that day in Japan and a time
 * without an offset is Japan time, not the server's; Z or an offset is kept. Null for anything else or no such day.
 */
export function instantInJapan(text: string): Date | null {
  const match = DATE_OR_DATE_TIME.exec(text);
  if (!match) return null;
  const [, day, time = '00:00', offset = JAPAN_OFFSET] = match;
  // Date rolls 2026-02-30 over into March rather than refusing it.
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) return null;
  const instant = new Date(`${day}T${time}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

const eraDateTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});
// Calendar days, worded in UTC so that no zone shifts them: an instant is first the day it falls on in Japan.
const eraCalendarDay = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
// A year board shows a hundred dates and more, most of them the same few days: each day is worded once.
const calendarDayLabels = new LRUCache<string, string>({
  max: 1000,
  memoMethod: (day) => eraCalendarDay.format(new Date(`${day}T00:00:00Z`)),
});

/** 令和8年12月6日 08:31 (Japan time), for pages and e-mails; a dash when there is no value. */
export function japaneseDateTime(value: string | Date | null | undefined): string {
  return value ? eraDateTime.format(new Date(value)) : EMPTY;
}

/**
 * The last moment something may be used, as a reader counts it: an end at midnight in Japan is the whole day before
 * (令和9年2月19日まで), any other end its day and hour (令和9年2月19日 15:30まで).
 */
export function untilLabel(end: Date): string {
  const startOfDay = end.getTime() % DAY_MS === (DAY_MS - JAPAN_OFFSET_MS) % DAY_MS;
  return startOfDay ? `${japaneseDate(new Date(end.getTime() - 1))}まで` : `${japaneseDateTime(end)}まで`;
}

/**
 * 令和8年5月15日, for pages and e-mails; a date-only string (YYYY-MM-DD) is the calendar day itself (read as UTC's
 * midnight, it falls on that day in Japan).
 */
export function japaneseDate(value: string | Date | null | undefined): string {
  return value ? calendarDayLabels.memo(dateInJapan(value)) : EMPTY;
}

/** 令和6年6月30日 (2024-06-30): 和暦 for readers, the ISO date beside it for everyone else (public pages). */
export function japaneseAndIsoDate(value: string | Date | null | undefined): string {
  return value ? `${japaneseDate(value)} (${dateInJapan(value)})` : EMPTY;
}
