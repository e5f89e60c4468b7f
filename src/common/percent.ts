const percentFormat = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "90.0%", "1,033.3%": one decimal always, so a column of achievement rates lines up and reads alike everywhere. */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`;
}
