/** Today's date in Japan (YYYY-MM-DD): due dates are municipal calendar days, whatever the server's zone. */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
