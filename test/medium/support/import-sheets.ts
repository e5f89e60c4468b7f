import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The five published Asahikawa R4 reports (No.1–No.5) as an upload, the text changed by `edit` when given. */
export function asahikawaSheet(edit: (text: string) => string = (text) => text) {
  const text = readFileSync(join(__dirname, '../../../src/demo/seeds/asahikawa-r4-results-report.txt'), 'utf8');
  return { name: 'asahikawa-r4-results-report.txt', bytes: Buffer.from(edit(text), 'utf8') };
}

/** 釧路市's R4 KPI table (R1…R4 actuals of each KPI, '-' for none) as an upload. */
export function kushiroSheet() {
  const text = readFileSync(join(__dirname, '../../../src/demo/seeds/kushiro-r4-grant-kpi-results.txt'), 'utf8');
  return { name: 'kushiro-r4-grant-kpi-results.txt', bytes: Buffer.from(text, 'utf8') };
}
