import { scaledDecimals } from './number-input';

const percentFormat = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "90.0%", "1,033.3%": one decimal always, so a column of achievement rates lines up and reads alike everywhere. */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`;
}

/**
 * A rate (0.9033) as the percentage to one decimal (90.3) that pages, workbooks and CSVs show of an achievement,
 * rounded half away from zero on the rate's decimal digits (四捨五入, as a spreadsheet's ROUND): 201/400 is 50.25 %,
 * shown 50.3 %, where 0.5025 × 1000 in binary floating point is 502.49999… and would round to 50.2.
 */
export function percentOf(rate: number): number;
export function percentOf(rate: number | null): number | null;
export function percentOf(rate: number | null): number | null {
  if (rate === null) return null;
  const {
    scale,
    scaled: [magnitude],
  } = scaledDecimals([Math.abs(rate)]);
  const unit = 10n ** BigInt(scale);
  const tenths = (magnitude * 2000n + unit) / (2n * unit);
  return Number(`${rate < 0 && tenths > 0n ? '-' : ''}${tenths}e-1`);
}
