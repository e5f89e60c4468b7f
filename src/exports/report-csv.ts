import { spreadsheetCsv } from '../common/csv';
import { dateInJapan } from '../common/dates';
import { fiscalYearLabel } from '../common/era-input';
import { kpiLabel } from '../projects/kpi-label';
import { type ReportView } from '../reports/report/report-view';
import { UNDER_CORRECTION } from '../reports/rules/report-status';
import { editionShown } from './report-layout';

/**
 * Open-data friendly: one row per KPI (a report without KPIs still gets one row), plain numbers without
 * separators, ISO year-months, a column per fiscal year that has actuals. UTF-8 with BOM so Excel reads Japanese.
 */
export function reportsCsv(views: ReportView[]): Buffer {
  const years = [
    ...new Set(
      views.flatMap((view) => view.kpis.flatMap((kpi) => kpi.yearlyActuals.map((actual) => actual.fiscalYear))),
    ),
  ].sort((a, b) => a - b);
  const header = [
    '年度',
    '年度(和暦)',
    '番号',
    '国提出事業名',
    '交付金',
    '担当課',
    '状態',
    '指標',
    '指標名',
    '基準値',
    '目標値',
    '単位',
    '目標年月',
    '最新値',
    '最新値の時点',
    '参考値',
    '達成率(%)',
    ...years.map((year) => `実績値(${fiscalYearLabel(year)})`),
    '事業効果',
    '事業の評価',
    '今後の方針',
    '事業効果の目安',
    '要因分析(結果の要因)',
    '要因分析(今後講じる措置)',
    '前年度の方針への対応',
    '版',
    '訂正日',
    '訂正の理由',
  ];
  const rows = views.flatMap((view) => {
    const report = [
      view.fiscalYear,
      view.fiscalYearLabel,
      view.project.projectNumber ?? '',
      view.project.name,
      view.project.grantTypeLabel ?? view.project.grantTypeCode,
      view.project.departmentName ?? '',
      view.statusLabel,
    ];
    // Under correction the values are the next edition's draft: no edition is theirs yet, the reason is the correction's.
    const underCorrection = UNDER_CORRECTION.includes(view.status);
    const edition = editionShown(view);
    const assessment = [
      view.effect.levelLabel ?? '',
      view.evaluation.ratingLabel ?? '',
      view.policy.label ?? '',
      view.effect.suggested?.levelLabel ?? '',
      view.analysis.factors,
      view.analysis.measures,
      view.followUp.response,
      edition?.edition ?? '',
      edition?.correctionReason ? dateInJapan(edition.publishedAt) : '',
      (underCorrection ? view.correctionReason : edition?.correctionReason) ?? '',
    ];
    if (view.kpis.length === 0) return [[...report, ...Array<string>(10 + years.length).fill(''), ...assessment]];
    return view.kpis.map((kpi) => [
      ...report,
      kpiLabel(kpi.definition.position),
      kpi.definition.name,
      kpi.definition.baseline ?? '',
      kpi.definition.target ?? '',
      kpi.definition.unit,
      kpi.definition.targetYearMonth ?? '',
      kpi.latestValue ?? '',
      kpi.latestAsOf ?? '',
      kpi.isReference ? '参考値' : '',
      kpi.achievementPercent ?? '',
      ...years.map((year) => kpi.yearlyActuals.find((actual) => actual.fiscalYear === year)?.value ?? ''),
      ...assessment,
    ]);
  });
  return spreadsheetCsv(header, rows);
}
