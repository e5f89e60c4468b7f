import { workbookBytes } from '../infra/xlsx/workbook-bytes';
import { Workbook } from 'exceljs';
import { kpiLabel } from '../projects/kpi-label';
import { type KpiLedgerView } from '../reports/ledger/kpi-ledger';
import { valueSourceLabel } from './ledger-csv';
import { HEADER_FILL, HEADING_FILL, numberFormatOf, THIN_BORDERS } from './workbook-style';
import { formatNumber } from '../common/number-format';

const HEADER = [
  '年度',
  '計画年度',
  '報告の状態',
  '基準値',
  '目標値',
  '単位',
  '目標年月',
  '実績値',
  '実績の時点',
  '実績の出典',
  '参考値',
  '達成率(%)',
  '最終目標に対する達成率(%)',
  '計画の変更',
];
const WIDTHS = [14, 10, 14, 10, 10, 8, 10, 10, 12, 24, 8, 10, 14, 40];

/** The ledger as one sheet: a table per KPI with the years as rows, then the plan amendments; prints on A4 landscape. */
export async function ledgerWorkbook(ledger: KpiLedgerView): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = '地方創生交付金事業 効果検証システム';
  const sheet = workbook.addWorksheet('年度別KPI台帳');
  sheet.columns = WIDTHS.map((width) => ({ width }));
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  const { project } = ledger;
  sheet.addRow([`年度別KPI台帳 ${project.projectNumber ? `No${project.projectNumber} ` : ''}${project.name}`]).font = {
    bold: true,
    size: 13,
  };
  sheet.addRow([`②実施計画期間 ${project.planPeriodLabel}`, null, null, `事業担当課 ${project.departmentName ?? ''}`]);

  const table = (rows: (string | number | null)[][], header: string[]) => {
    const headerRow = sheet.addRow(header);
    headerRow.font = { bold: true };
    const bodyRows = rows.map((values) => sheet.addRow(values));
    for (const row of [headerRow, ...bodyRows])
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        if (column > header.length) return;
        cell.border = THIN_BORDERS;
        cell.alignment = { wrapText: true, vertical: 'top' };
        if (row === headerRow) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
        if (typeof cell.value === 'number') cell.numFmt = numberFormatOf(cell.value);
      });
  };
  const heading = (text: string) => {
    sheet.addRow([]);
    const row = sheet.addRow([text]);
    row.font = { bold: true };
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADING_FILL } };
    sheet.mergeCells(row.number, 1, row.number, HEADER.length);
  };

  for (const kpi of ledger.kpis) {
    const { final } = kpi;
    const month = final.targetYearMonthLabel ? ` ${final.targetYearMonthLabel}` : '';
    const goal = final.target === null ? '' : `(最終目標 ${formatNumber(final.target)}${final.unit}${month})`;
    heading(`${kpi.label} ${final.name}${goal}`);
    table(
      kpi.years.map((year) => [
        year.fiscalYearLabel,
        year.planYearLabel,
        year.statusLabel ?? '報告なし',
        year.definition?.baseline ?? null,
        year.definition?.target ?? null,
        year.definition?.unit ?? final.unit,
        year.definition?.targetYearMonthLabel ?? null,
        year.value,
        year.asOfLabel,
        valueSourceLabel(year) || null,
        year.isReference ? '参考値' : null,
        year.achievementPercent,
        year.finalAchievementPercent,
        year.changes.map((change) => change.text).join('\n') || null,
      ]),
      HEADER,
    );
  }
  heading('計画の変更');
  if (ledger.amendments.length === 0) sheet.addRow(['計画の変更はありません']);
  else
    table(
      ledger.amendments.flatMap((amendment) =>
        amendment.changes.map((change) => [
          `${amendment.fromFiscalYearLabel} → ${amendment.fiscalYearLabel}`,
          change.position === null ? '事業' : kpiLabel(change.position),
          change.text,
        ]),
      ),
      ['年度', '対象', '変更'],
    );
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return workbookBytes(workbook);
}
