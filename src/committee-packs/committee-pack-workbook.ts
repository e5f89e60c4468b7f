import { workbookBytes } from '../infra/xlsx/workbook-bytes';
import { type Cell, type DataValidation, Workbook, type Worksheet } from 'exceljs';
import { fiscalYearLabel } from '../common/era-input';
import { reportSheetNames, writeSheet } from '../exports/report-workbook';
import { offeredChoices } from '../reports/report/assessment-choices';
import {
  type CommitteePack,
  EXPERT_RATING_COLUMN,
  IDENTITY_SHEET,
  identityCells,
  type IdentityRow,
  OPINION_COLUMN,
  packSheetLayout,
  RATING_COLUMN,
  TOC_SHEET,
} from './committee-pack';

/** Room to write in: an empty opinion cell still opens about four lines high. */
const WRITING_ROW_HEIGHT = 60;

/**
 * The meeting pack as a workbook: a table of contents, one sheet per report (①–⑥ locked, ⑦ and each expert's rating
 * and opinion open, ratings chosen from the organization's list) and a hidden sheet that ties it to the reports as they
 * were when it was made, so the import can tell what the meeting changed.
 */
export async function committeePackWorkbook(pack: CommitteePack, createdAt = new Date()): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '地方創生交付金事業 効果検証システム';
  const toc = workbook.addWorksheet(TOC_SHEET);
  const offered = offeredChoices(pack.ratings);
  const identityRows: IdentityRow[] = [
    {
      kind: 'pack',
      organizationId: pack.organizationId,
      fiscalYear: pack.fiscalYear,
      createdAt: createdAt.toISOString(),
    },
    ...offered.map((choice): IdentityRow => ({ kind: 'rating', label: choice.label })),
  ];
  // The ratings are rows 2… of the identity sheet; every rating cell offers them as a list.
  const ratingList: DataValidation = {
    type: 'list',
    allowBlank: true,
    formulae: [`${sheetReference(IDENTITY_SHEET)}!$B$2:$B$${offered.length + 1}`],
    showErrorMessage: true,
    errorTitle: '事業の評価',
    error: '一覧から選んでください。',
  };
  const sheetName = reportSheetNames([TOC_SHEET, IDENTITY_SHEET]);
  const sheets: { name: string; report: CommitteePack['reports'][number] }[] = [];
  for (const [index, report] of pack.reports.entries()) {
    const name = sheetName(report.view, index);
    const sheet = workbook.addWorksheet(name);
    const { rows, positions } = packSheetLayout(report, pack.ratings);
    writeSheet(sheet, rows);
    openForWriting(sheet, positions.evaluationRow, RATING_COLUMN, ratingList);
    openForWriting(sheet, positions.evaluationRow, OPINION_COLUMN);
    for (const row of positions.expertRows) {
      openForWriting(sheet, row, EXPERT_RATING_COLUMN, ratingList);
      openForWriting(sheet, row, OPINION_COLUMN);
    }
    // No password: the lock keeps ①–⑥ from being typed over by mistake, it is not a security boundary (the import
    // compares every cell with the report anyway).
    await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatRows: true });
    identityRows.push({
      kind: 'report',
      sheet: name,
      reportId: report.view.id,
      version: report.view.version,
      updatedAt: report.view.updatedAt,
      evaluationRow: positions.evaluationRow,
    });
    report.experts.forEach((expert, index) =>
      identityRows.push({
        kind: 'expert',
        sheet: name,
        assignmentId: expert.assignmentId,
        expertUserId: expert.expertUserId,
        row: positions.expertRows[index],
      }),
    );
    sheets.push({ name, report });
  }
  writeContents(toc, pack, sheets);
  const identity = workbook.addWorksheet(IDENTITY_SHEET, { state: 'veryHidden' });
  identityRows.forEach((row, index) => (identity.getRow(index + 1).values = identityCells(row)));
  await identity.protect('', {});
  return workbookBytes(workbook);
}

/** A sheet as a formula or link names it: quoted, an apostrophe within written twice (Let's → 'Let''s'). */
function sheetReference(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

function openForWriting(sheet: Worksheet, row: number, column: string, validation?: DataValidation): void {
  const cell: Cell = sheet.getCell(`${column}${row}`);
  cell.protection = { locked: false };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBE6' } };
  if (validation) cell.dataValidation = validation;
  const line = sheet.getRow(row);
  line.height = Math.max(line.height ?? 0, WRITING_ROW_HEIGHT);
}

function writeContents(
  sheet: Worksheet,
  pack: CommitteePack,
  sheets: { name: string; report: CommitteePack['reports'][number] }[],
): void {
  sheet.columns = [{ width: 8 }, { width: 48 }, { width: 18 }, { width: 16 }, { width: 12 }, { width: 12 }];
  sheet.getCell('A1').value = `${pack.organizationName} ${fiscalYearLabel(pack.fiscalYear)} 外部評価委員会資料`;
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value =
    '各シートの黄色のセル(⑦の評価と意見、有識者ごとの評価と意見)に記入し、このブックのまま取り込んでください。①〜⑥は変更できません。';
  const header = sheet.getRow(4);
  header.values = ['No', '事業名', '担当課', '状態', '有識者', 'シート'];
  header.font = { bold: true };
  sheets.forEach(({ name, report }, index) => {
    const row = sheet.getRow(5 + index);
    row.values = [
      report.view.project.projectNumber ?? '',
      report.view.project.name,
      report.view.project.departmentName ?? '',
      report.view.statusLabel,
      `${report.experts.length}人`,
    ];
    row.getCell(6).value = { text: '開く', hyperlink: `#${sheetReference(name)}!A1` };
    row.getCell(6).font = { color: { argb: 'FF0031D8' }, underline: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}
