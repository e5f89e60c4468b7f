const percentFormat = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "90.0%", "1,033.3%": one decimal always, so a column of achievement rates lines up and reads alike everywhere. */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`;
}

/** A rate (0.9033) as the percentage to one decimal (90.3) that pages, workbooks and CSVs show of an achievement. */
export function percentOf(rate: number): number;
export function percentOf(rate: number | null): number | null;
export function percentOf(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
