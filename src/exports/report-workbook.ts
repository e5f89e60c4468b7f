import { workbookBytes } from '../infra/xlsx/workbook-bytes';
import { Workbook, type Worksheet } from 'exceljs';
import { cutToLength } from '../common/text';
import { type ReportView } from '../reports/report/report-view';
import { LAYOUT_COLUMNS, type LayoutRow, type LayoutRowKind, reportLayout } from './report-layout';
import { HEADER_FILL, HEADING_FILL, numberFormatOf, THIN_BORDERS } from './workbook-style';

/** Column widths (characters) of the official sheet: names, two long texts, amounts, KPI cells, the effect text. */
const COLUMN_WIDTHS = [20, 30, 34, 16, 16, 10, 14, 40];
const LINE_HEIGHT = 15;
const FILL: Partial<Record<LayoutRowKind, string>> = { heading: HEADING_FILL, header: HEADER_FILL, total: HEADER_FILL };

/**
 * Names the report sheets of one workbook, each unlike the others and the workbook's own sheets (`others`), as Excel
 * requires (exceljs throws otherwise): at most 31 characters, none of : \ / ? * [ ], no apostrophe first or last, and
 * no two alike regardless of case. Widths are folded too (ＩＣＴ is ICT): at least as strict as Excel, at worst a
 * needless suffix. A name starts with the project's number or the sheet's place, so it is never empty.
 */
export function reportSheetNames(others: readonly string[] = []): (view: ReportView, index: number) => string {
  const alike = (name: string) => name.normalize('NFKC').toLowerCase();
  const taken = new Set(others.map(alike));
  return (view, index) => {
    const base = (
      (view.project.projectNumber ? `No${view.project.projectNumber} ` : `${index + 1} `) + view.project.name
    ).replace(/[:\\/?*[\]]/g, ' ');
    const cut = (length: number) => cutToLength(base, length).replace(/^[\s']+|[\s']+$/gu, '');
    let name = cut(31);
    for (let suffix = 2; taken.has(alike(name)); suffix++) {
      const mark = ` (${suffix})`;
      name = `${cut(31 - mark.length)}${mark}`;
    }
    taken.add(alike(name));
    return name;
  };
}

/** One sheet per report in the official layout ①–⑧, set up to print on A4. */
export async function reportsWorkbook(views: ReportView[]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '地方創生交付金事業 効果検証システム';
  const sheetName = reportSheetNames();
  views.forEach((view, index) => writeSheet(workbook.addWorksheet(sheetName(view, index)), reportLayout(view)));
  return workbookBytes(workbook);
}

/** Writes layout rows from the sheet's first row, with the official sheet's widths, borders and A4 page setup. */
export function writeSheet(sheet: Worksheet, rows: LayoutRow[]): void {
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '&P / &N' };
  rows.forEach((layout, index) => {
    const row = sheet.getRow(index + 1);
    const cells = [...layout.cells, ...Array<null>(LAYOUT_COLUMNS - layout.cells.length).fill(null)];
    cells.forEach((value, column) => {
      const cell = row.getCell(column + 1);
      cell.value = value === '' ? null : value;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (typeof value === 'number') cell.numFmt = numberFormatOf(value);
      if (layout.kind !== 'title') cell.border = THIN_BORDERS;
      const fill = FILL[layout.kind];
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      if (layout.kind === 'title' || layout.kind === 'heading' || layout.kind === 'header')
        cell.font = { bold: layout.kind !== 'header', size: layout.kind === 'title' ? 13 : 11 };
    });
    for (const [from, to] of layout.merges ?? []) sheet.mergeCells(index + 1, from + 1, index + 1, to + 1);
    row.height = LINE_HEIGHT * estimatedLines(layout);
  });
}

/** Excel does not grow rows for wrapped text it did not lay out itself; estimate from the widths. */
function estimatedLines(layout: LayoutRow): number {
  const widthOf = (column: number) => {
    const merge = layout.merges?.find(([from, to]) => column >= from && column <= to);
    return merge
      ? COLUMN_WIDTHS.slice(merge[0], merge[1] + 1).reduce((sum, width) => sum + width, 0)
      : COLUMN_WIDTHS[column];
  };
  const lines = layout.cells.map((value, column) => {
    const text = value === null ? '' : String(value);
    // Japanese characters are about two columns wide.
    return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil((line.length * 2) / widthOf(column))), 0);
  });
  return Math.min(Math.max(1, ...lines), 60);
}
