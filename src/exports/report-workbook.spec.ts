import { Workbook } from 'exceljs';
import { type ReportView } from '../reports/report/report-view';
import { reportSheetNames, writeSheet } from './report-workbook';

const viewOf = (projectNumber: string | null, name: string) => ({ project: { projectNumber, name } }) as ReportView;

/** The names given to the views in turn, each added to one workbook as its sheets are: exceljs refuses what Excel does. */
function namesOf(views: ReportView[], others: string[] = []): string[] {
  const workbook = new Workbook();
  others.forEach((name) => workbook.addWorksheet(name));
  const sheetName = reportSheetNames(others);
  return views.map((view, index) => workbook.addWorksheet(sheetName(view, index)).name);
}

describe('reportSheetNames', () => {
  it('keeps at most 31 characters without cutting an emoji in half', () => {
    expect(namesOf([viewOf('1', `${'あ'.repeat(26)}🌸祭り`)])).toEqual([`No1 ${'あ'.repeat(26)}`]);
  });

  it('leaves out the characters Excel refuses also from the name of a second sheet with the same start', () => {
    expect(namesOf([viewOf('1', '観光: 道の駅 [拠点]'), viewOf('1', '観光: 道の駅 [拠点]')])).toEqual([
      'No1 観光  道の駅  拠点',
      'No1 観光  道の駅  拠点 (2)',
    ]);
  });

  it('keeps a hundred and more sheets of projects with the same long start within 31 characters, each its own', () => {
    const names = namesOf(
      Array.from({ length: 120 }, (_, index) =>
        viewOf('1', `ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト (${index + 1})`),
      ),
    );
    expect(new Set(names).size).toBe(120);
    expect(names.filter((name) => name.length > 31)).toEqual([]);
    expect(names[119]).toBe('No1 ニューノーマル時代を切り拓く地域の稼ぐ力向 (120)');
  });

  it('adds a suffix to names that differ only in case or width, which Excel takes for one', () => {
    expect(
      namesOf([viewOf('1', 'ICTパーク事業'), viewOf('1', 'ictパーク事業'), viewOf('1', 'ＩＣＴパーク事業')]),
    ).toEqual(['No1 ICTパーク事業', 'No1 ictパーク事業 (2)', 'No1 ＩＣＴパーク事業 (3)']);
  });

  it('never ends a name with an apostrophe, also where the 31-character cut falls after one', () => {
    expect(
      namesOf([
        viewOf('7', "Let'sまちづくり事業'"),
        viewOf('8', `${'あ'.repeat(26)}'s`),
        viewOf('8', `${'あ'.repeat(22)}'${'い'.repeat(4)}`),
        viewOf('8', `${'あ'.repeat(22)}'${'い'.repeat(4)}`),
      ]),
    ).toEqual([
      "No7 Let'sまちづくり事業",
      `No8 ${'あ'.repeat(26)}`,
      `No8 ${'あ'.repeat(22)}'${'い'.repeat(4)}`,
      `No8 ${'あ'.repeat(22)} (2)`,
    ]);
  });

  it('gives no report sheet the name of a sheet the workbook names itself, whatever its case', () => {
    expect(namesOf([viewOf('1', 'summary')], ['目次', 'No1 Summary'])).toEqual(['No1 summary (2)']);
  });
});

describe('writeSheet', () => {
  it('shows a whole number without a decimal point and any other with the decimals it has, no more', () => {
    const sheet = new Workbook().addWorksheet('報告');
    writeSheet(sheet, [{ kind: 'value', cells: [120, 13405, 0.5, 0.0000001, 0.1 + 0.2, 120.00000000001] }]);
    expect([1, 2, 3, 4, 5, 6].map((column) => sheet.getRow(1).getCell(column).numFmt)).toEqual([
      '#,##0',
      '#,##0',
      '#,##0.0',
      '#,##0.0000000',
      '#,##0.0',
      '#,##0',
    ]);
  });
});
