import { type ReportView } from '../reports/report/report-view';
import { sheetName } from './report-workbook';

const viewOf = (projectNumber: string | null, name: string) => ({ project: { projectNumber, name } }) as ReportView;

describe('sheetName', () => {
  it('keeps at most 31 characters without cutting an emoji in half', () => {
    const name = sheetName(viewOf('1', `${'あ'.repeat(26)}🌸祭り`), 0, new Set());
    expect(name).toBe(`No1 ${'あ'.repeat(26)}`);
  });

  it('leaves out the characters Excel refuses also from the name of a second sheet with the same start', () => {
    const taken = new Set<string>();
    sheetName(viewOf('1', '観光: 道の駅 [拠点]'), 0, taken);
    expect(sheetName(viewOf('1', '観光: 道の駅 [拠点]'), 1, taken)).toBe('No1 観光  道の駅  拠点 (2)');
  });
});
