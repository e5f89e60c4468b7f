import { spreadsheetCsv } from '../common/csv';
import { fiscalYearLabel } from '../common/era-input';
import { type KpiLedgerView, type LedgerYearView, LedgerValueSource } from '../reports/ledger/kpi-ledger';

/** 実績の出典 in words: the year's own 最新値, or the yearly actuals of the report that listed it. */
export function valueSourceLabel(year: LedgerYearView): string {
  if (year.valueSource === LedgerValueSource.LatestValue) return '最新値';
  if (year.valueSource === LedgerValueSource.YearlyActual && year.valueSourceFiscalYear !== null)
    return `${fiscalYearLabel(year.valueSourceFiscalYear)}の報告の年度別実績`;
  return '';
}

/** The ledger as open data: one row per KPI and fiscal year, plain numbers, ISO year-months; UTF-8 with BOM for Excel. */
export function ledgerCsv(ledger: KpiLedgerView): Buffer {
  const header = [
    '番号',
    '国提出事業名',
    '指標',
    '指標名',
    '年度',
    '年度(和暦)',
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
    '最終目標値',
    '最終目標に対する達成率(%)',
    '計画の変更',
  ];
  const rows = ledger.kpis.flatMap((kpi) =>
    kpi.years.map((year) => [
      ledger.project.projectNumber ?? '',
      ledger.project.name,
      kpi.label,
      year.definition?.name ?? kpi.final.name,
      year.fiscalYear,
      year.fiscalYearLabel,
      year.planYearLabel ?? '',
      year.statusLabel ?? '報告なし',
      year.definition?.baseline ?? '',
      year.definition?.target ?? '',
      year.definition?.unit ?? kpi.final.unit,
      year.definition?.targetYearMonth ?? '',
      year.value ?? '',
      year.asOf ?? '',
      valueSourceLabel(year),
      year.isReference ? '参考値' : '',
      year.achievementPercent ?? '',
      kpi.final.target ?? '',
      year.finalAchievementPercent ?? '',
      year.changes.map((change) => change.text).join(' / '),
    ]),
  );
  return spreadsheetCsv(header, rows);
}
