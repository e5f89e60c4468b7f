/** Today's date in Japan (YYYY-MM-DD): due dates are municipal calendar days, whatever the server's zone. */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const eraDateTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Tokyo',
});

/** 令和8年12月6日 08:31 (Japan time), for pages and e-mails; a dash when there is no value. */
export function japaneseDateTime(value: string | Date | null | undefined): string {
  return value ? eraDateTime.format(new Date(value)) : '—';
}
