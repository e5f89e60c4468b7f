import { workbookBytes } from '../infra/xlsx/workbook-bytes';
import { ApiProperty } from '@nestjs/swagger';
import { Workbook } from 'exceljs';
import { fiscalYearLabel } from '../common/era-input';
import { kpiLabel } from '../projects/kpi-label';
import { KpiDirection } from '../projects/kpi-direction';
import { PolicyDecision } from '../reports/report/assessment';
import { achievementRate } from '../reports/report/report-calculations';
import { type KpiLedgerView } from '../reports/ledger/kpi-ledger';
import { ReportView } from '../reports/report/report-view';
import { ReportStatus } from '../reports/rules/report-status';
import { numberFormatOf, THIN_BORDERS } from './workbook-style';
import { percentOf } from '../common/percent';

export class YearActualView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ nullable: true, type: Number }) value: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'achievement of this value, in %' }) achievementPercent:
    number | null;
}

export class YearSummaryKpiView {
  @ApiProperty() position: number;
  @ApiProperty({ example: '指標①' }) label: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) baseline: number | null;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() unit: string;
  @ApiProperty({ nullable: true, type: String }) targetYearMonthLabel: string | null;
  @ApiProperty({ enum: KpiDirection }) direction: KpiDirection;
  @ApiProperty({
    type: [YearActualView],
    description: 'one per column of the summary; this year falls back to the latest value',
  })
  actuals: YearActualView[];
  @ApiProperty({ nullable: true, type: Number }) latestValue: number | null;
  @ApiProperty({ nullable: true, type: String }) latestAsOfLabel: string | null;
  @ApiProperty({ nullable: true, type: Number }) achievementPercent: number | null;
}

export class YearSummaryProjectView {
  @ApiProperty() reportId: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) grantTypeLabel: string | null;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ type: [YearSummaryKpiView] }) kpis: YearSummaryKpiView[];
  @ApiProperty({ nullable: true, type: String, description: '⑥' }) effectLabel: string | null;
  @ApiProperty({ nullable: true, type: String, description: '⑦' }) ratingLabel: string | null;
  @ApiProperty({ enum: PolicyDecision, nullable: true, description: '⑧' }) decision: PolicyDecision | null;
  @ApiProperty({ nullable: true, type: String }) decisionLabel: string | null;
  @ApiProperty() decisionReason: string;
}

export class YearSummaryView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ type: [Number], description: 'the fiscal years with actuals, as columns' }) years: number[];
  @ApiProperty({ type: [YearSummaryProjectView] }) projects: YearSummaryProjectView[];
}

/** Every project of a fiscal year with its KPIs, targets, actual per year, achievement and decision (as 釧路市 publishes it). */
export function yearSummary(
  fiscalYear: number,
  views: ReportView[],
  ledgers: Map<string, KpiLedgerView>,
): YearSummaryView {
  // Earlier years come from each project's KPI ledger: the same values as the ledger, its exports and the charts.
  const ledgerYears = (view: ReportView, position: number) =>
    ledgers.get(view.project.id)?.kpis.find((kpi) => kpi.position === position)?.years ?? [];
  const years = [
    ...new Set([
      fiscalYear,
      ...views.flatMap((view) =>
        view.kpis.flatMap((kpi) => ledgerYears(view, kpi.definition.position).map((year) => year.fiscalYear)),
      ),
    ]),
  ]
    .filter((year) => year <= fiscalYear)
    .sort((a, b) => a - b);
  return {
    fiscalYear,
    fiscalYearLabel: fiscalYearLabel(fiscalYear),
    years,
    projects: views.map((view) => ({
      reportId: view.id,
      projectId: view.project.id,
      projectNumber: view.project.projectNumber,
      name: view.project.name,
      departmentName: view.project.departmentName,
      grantTypeLabel: view.project.grantTypeLabel,
      status: view.status,
      statusLabel: view.statusLabel,
      kpis: view.kpis.map((kpi) => {
        const { definition } = kpi;
        const measure = (value: number | null) =>
          percentOf(
            achievementRate({
              baseline: definition.baseline,
              target: definition.target,
              latest: value,
              direction: definition.direction,
            }),
          );
        return {
          position: definition.position,
          label: kpiLabel(definition.position),
          name: definition.name,
          baseline: definition.baseline,
          target: definition.target,
          unit: definition.unit,
          targetYearMonthLabel: definition.targetYearMonthLabel,
          direction: definition.direction,
          actuals: years.map((year) => {
            const value =
              year === view.fiscalYear
                ? kpi.latestValue
                : (ledgerYears(view, definition.position).find((entry) => entry.fiscalYear === year)?.value ?? null);
            return {
              fiscalYear: year,
              fiscalYearLabel: fiscalYearLabel(year),
              value,
              achievementPercent: measure(value),
            };
          }),
          latestValue: kpi.latestValue,
          latestAsOfLabel: kpi.latestAsOfLabel,
          achievementPercent: kpi.achievementPercent,
        };
      }),
      effectLabel: view.effect.levelLabel,
      ratingLabel: view.evaluation.ratingLabel,
      decision: view.policy.decision,
      decisionLabel: view.policy.label,
      decisionReason: view.policy.reason,
    })),
  };
}

const COLUMNS_BEFORE_YEARS = [
  '番号',
  '事業の名称',
  '担当課',
  '交付金',
  '状態',
  '指標',
  '指標名',
  '基準値',
  '目標値',
  '単位',
  '目標年月',
];
const COLUMNS_AFTER_YEARS = ['達成率(%)', '事業効果', '事業の評価', '今後の方針', '今後の方針の理由'];

/** The summary as one sheet: a row per KPI, the project's cells merged over its rows, printable on A4 landscape. */
export async function yearSummaryWorkbook(summary: YearSummaryView): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(`${summary.fiscalYearLabel} 実績一覧`);
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '2:2',
  };
  const header = [
    ...COLUMNS_BEFORE_YEARS,
    ...summary.years.map((year) => `実績値 ${fiscalYearLabel(year)}`),
    ...COLUMNS_AFTER_YEARS,
  ];
  sheet.addRow([`${summary.fiscalYearLabel} 地方創生関連交付金事業の実績`]).font = { bold: true, size: 13 };
  sheet.addRow(header).font = { bold: true };
  const widths = [6, 36, 14, 16, 10, 7, 36, 10, 10, 8, 10, ...summary.years.map(() => 11), 9, 22, 26, 14, 40];
  sheet.columns = widths.map((width) => ({ width }));
  const projectColumns = [1, 2, 3, 4, 5];
  const assessmentColumns = [
    COLUMNS_BEFORE_YEARS.length + summary.years.length + 2,
    COLUMNS_BEFORE_YEARS.length + summary.years.length + 3,
    COLUMNS_BEFORE_YEARS.length + summary.years.length + 4,
    COLUMNS_BEFORE_YEARS.length + summary.years.length + 5,
  ];
  for (const project of summary.projects) {
    const first = sheet.rowCount + 1;
    const kpis = project.kpis.length > 0 ? project.kpis : [null];
    for (const kpi of kpis) {
      sheet.addRow([
        project.projectNumber,
        project.name,
        project.departmentName,
        project.grantTypeLabel,
        project.statusLabel,
        kpi?.label ?? null,
        kpi?.name ?? null,
        kpi?.baseline ?? null,
        kpi?.target ?? null,
        kpi?.unit ?? null,
        kpi?.targetYearMonthLabel ?? null,
        ...summary.years.map((year) => kpi?.actuals.find((actual) => actual.fiscalYear === year)?.value ?? null),
        kpi?.achievementPercent ?? null,
        project.effectLabel,
        project.ratingLabel,
        project.decisionLabel,
        project.decisionReason || null,
      ]);
    }
    const last = sheet.rowCount;
    if (last > first)
      for (const column of [...projectColumns, ...assessmentColumns]) sheet.mergeCells(first, column, last, column);
  }
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.border = THIN_BORDERS;
      if (typeof cell.value === 'number') cell.numFmt = numberFormatOf(cell.value);
    });
  });
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  return workbookBytes(workbook);
}
