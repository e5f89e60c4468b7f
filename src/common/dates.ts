/** Today's date in Japan (YYYY-MM-DD): due dates are municipal calendar days, whatever the server's zone. */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIRST_DATE_YEAR = 1989;
const LAST_DATE_YEAR = 2100;

/**
 * A real calendar date written 'YYYY-MM-DD' (1989–2100), and nothing else: week dates, ordinal dates, basic format
 * and date-times are refused because due dates are compared and scheduled as these exact strings.
 */
export function isCalendarDate(input: unknown): input is string {
  const match = typeof input === 'string' ? CALENDAR_DATE.exec(input) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < FIRST_DATE_YEAR || year > LAST_DATE_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
