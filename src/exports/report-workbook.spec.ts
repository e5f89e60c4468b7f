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

  it('keeps a hundred and more sheets of projects with the same long start within 31 characters, each its own', () => {
    const taken = new Set<string>();
    const names = Array.from({ length: 120 }, (_, index) =>
      sheetName(viewOf('1', `ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト (${index + 1})`), index, taken),
    );
    expect(new Set(names).size).toBe(120);
    expect(names.filter((name) => name.length > 31)).toEqual([]);
    expect(names[119]).toBe('No1 ニューノーマル時代を切り拓く地域の稼ぐ力向 (120)');
  });
});
