import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The five published Asahikawa R4 reports (No.1–No.5) as an upload, the text changed by `edit` when given. */
export function asahikawaSheet(edit: (text: string) => string = (text) => text) {
  const text = readFileSync(join(__dirname, '../../../src/demo/seeds/asahikawa-r4-results-report.txt'), 'utf8');
  return { name: 'asahikawa-r4-results-report.txt', bytes: Buffer.from(edit(text), 'utf8') };
}

/** 釧路市's R4 KPI table (R1…R4 actuals of each KPI, '-' for none) as an upload, the text changed by `edit` when given. */
export function kushiroSheet(edit: (text: string) => string = (text) => text) {
  const text = readFileSync(join(__dirname, '../../../src/demo/seeds/kushiro-r4-grant-kpi-results.txt'), 'utf8');
  return { name: 'kushiro-r4-grant-kpi-results.txt', bytes: Buffer.from(edit(text), 'utf8') };
}

/**
 * `copies` times the five Asahikawa reports in one upload, each copy's project names as `rename` gives them (the seed's
 * name and the copy's number, from 1): 5 × copies reports, the n-th copy's No.k at index 5 × (n − 1) + k − 1.
 */
export function asahikawaCopies(copies: number, rename: (name: string, copy: number) => string) {
  const { bytes } = asahikawaSheet();
  const text = bytes.toString('utf8');
  const copy = (index: number) =>
    text.replace(/^(\d+)\t([^\t]+)/gm, (_row, number: string, name: string) => `${number}\t${rename(name, index + 1)}`);
  const joined = Array.from({ length: copies }, (_, index) => copy(index)).join('\n');
  return { name: `asahikawa-r4-results-report-x${copies}.txt`, bytes: Buffer.from(joined, 'utf8') };
}
