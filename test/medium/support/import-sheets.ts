import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The five published Asahikawa R4 reports (No.1–No.5) as an upload, the text changed by `edit` when given. */
export function asahikawaSheet(edit: (text: string) => string = (text) => text) {
  const text = readFileSync(join(__dirname, '../../../src/demo/seeds/asahikawa-r4-results-report.txt'), 'utf8');
  return { name: 'asahikawa-r4-results-report.txt', bytes: Buffer.from(edit(text), 'utf8') };
}
