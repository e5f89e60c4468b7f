import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The five reports of 旭川市's published R4 results (the demo's seed), complete enough to submit. */
export const SEED_REPORTS = 5;

/**
 * A file for the import holding `copies` times the seed's reports, each copy under different project names (the ①
 * row holds "No <tab> name"), so that every report is of a new project: 5 × copies reports.
 */
export function seedReports(copies: number): Buffer {
  const seed = readFileSync(join(__dirname, '../../src/demo/seeds/asahikawa-r4-results-report.txt'), 'utf8');
  const copy = (index: number) =>
    seed.replace(/^(\d+)\t([^\t]+)/gm, (_row, number: string, name: string) => `${number}\t${name} (${index + 1})`);
  return Buffer.from(Array.from({ length: copies }, (_, index) => copy(index)).join('\n'), 'utf8');
}
