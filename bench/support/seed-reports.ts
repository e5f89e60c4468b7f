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

/**
 * The reports of seedReports(copies) as their projects' R3 reports, each project's name spelled with one character
 * more (新 before it): every name is close to, never equal to, that of a project seedReports stored, as a
 * municipality's earlier years meet the projects its later ones registered.
 */
export function earlierYearCloseNames(copies: number): Buffer {
  const text = seedReports(copies)
    .toString('utf8')
    .replace(/R4年度の実施年数/g, 'R3年度の実施年数')
    .replace(/令和4年度/g, '令和3年度')
    .replace(/^(\d+)\t([^\t]+)/gm, (_row, number: string, name: string) => `${number}\t新${name}`);
  return Buffer.from(text, 'utf8');
}
