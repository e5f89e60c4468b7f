import { ApiProperty } from '@nestjs/swagger';
import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { type GrantProject } from '../../projects/grant-project.entity';
import { KPI_DIRECTION_LABELS } from '../../projects/kpi-direction';
import { KPI_DEFINITION_LABELS, kpiLabel } from '../../projects/kpi-label';
import { KpiDefinitionView, ProjectView } from '../../projects/projects.dto';
import { planPeriodLabel } from '../../projects/project-title';
import { type KpiYearValue, kpiYearValues, LedgerValueSource, type ReportedKpiValues } from '../report/kpi-year-values';
import { achievementRate, planYearIndex, planYearLabel } from '../report/report-calculations';
import { type ResultReport } from '../report/result-report.entity';
import { type ReportView } from '../report/report-view';
import { REPORT_STATUS_LABELS, ReportStatus } from '../rules/report-status';
import { percentOf } from '../../common/percent';
import { formatNumber } from '../../common/number-format';

export { LedgerValueSource };

const CHANGE_FIELDS = [
  'planPeriod',
  'added',
  'removed',
  'name',
  'baseline',
  'target',
  'unit',
  'targetYearMonth',
  'direction',
] as const;
export type PlanChangeField = (typeof CHANGE_FIELDS)[number];

export class LedgerPlanChangeView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'the KPI (1–4) the change is about; null: the plan period',
  })
  position: number | null;
  @ApiProperty({ enum: CHANGE_FIELDS }) field: PlanChangeField;
  @ApiProperty({ example: '目標値' }) label: string;
  @ApiProperty({ nullable: true, type: String, example: '27' }) before: string | null;
  @ApiProperty({ nullable: true, type: String, example: '32' }) after: string | null;
  @ApiProperty({ example: '目標値 27 → 32' }) text: string;
}

/** A plan amendment: how the plan of a year's report differs from that of the previous year's report. */
export class LedgerAmendmentView {
  @ApiProperty() fromFiscalYear: number;
  @ApiProperty({ example: 'R5年度' }) fromFiscalYearLabel: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R6年度' }) fiscalYearLabel: string;
  @ApiProperty({ type: [LedgerPlanChangeView] }) changes: LedgerPlanChangeView[];
}

const READABLE =
  'whether the caller may open the report itself; false: a year read from its latest published edition (the public record)';

/** One report in the ledger: the year it covers and the plan it was verified against. */
export class LedgerReportView {
  @ApiProperty() id: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty({ example: '公表済' }) statusLabel: string;
  @ApiProperty() version: number;
  @ApiProperty({ example: 'R2年度～R4年度', description: '②実施計画期間 as planned that year' })
  planPeriodLabel: string;
  @ApiProperty({ nullable: true, type: String, example: '3年度目' }) planYearLabel: string | null;
  @ApiProperty({ description: READABLE })
  readable: boolean;
}

/** One fiscal year of one KPI. */
export class LedgerYearView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the year's own report; null: a year known only from another report's yearly actuals",
  })
  reportId: string | null;
  @ApiProperty({ description: READABLE }) readable: boolean;
  @ApiProperty({ enum: ReportStatus, nullable: true }) status: ReportStatus | null;
  @ApiProperty({ nullable: true, type: String }) statusLabel: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2年度目' }) planYearLabel: string | null;
  @ApiProperty({
    type: KpiDefinitionView,
    nullable: true,
    description: "the KPI as that year's report planned it; null without a report or when that year's plan lacked it",
  })
  definition: KpiDefinitionView | null;
  @ApiProperty({ nullable: true, type: Number }) value: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2023-06' }) asOf: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'R5.6月' }) asOfLabel: string | null;
  @ApiProperty({ description: '【参考値】' }) isReference: boolean;
  @ApiProperty({ enum: LedgerValueSource, nullable: true }) valueSource: LedgerValueSource | null;
  @ApiProperty({ nullable: true, type: Number, description: 'the report year whose record gave the value' })
  valueSourceFiscalYear: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 88.9,
    description: "achievement against that year's target, %",
  })
  achievementPercent: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 66.7, description: 'achievement against the final target, %' })
  finalAchievementPercent: number | null;
  @ApiProperty({
    type: [LedgerPlanChangeView],
    description: "amendments in force from this year on: the plan period's and this KPI's",
  })
  changes: LedgerPlanChangeView[];
}

export class LedgerKpiView {
  @ApiProperty() position: number;
  @ApiProperty({ example: '指標①' }) label: string;
  @ApiProperty({
    type: KpiDefinitionView,
    description: 'the KPI as the latest plan that has it gives it: the final target',
  })
  final: KpiDefinitionView;
  @ApiProperty({ type: [LedgerYearView], description: 'oldest year first' }) years: LedgerYearView[];
}

/** 年度別KPI台帳: each KPI of a project across the fiscal years of its reports, against each year's plan. */
export class KpiLedgerView {
  @ApiProperty({
    type: ProjectView,
    description: 'the project as planned in its latest report (as it is now without one)',
  })
  project: ProjectView;
  @ApiProperty({
    type: [LedgerReportView],
    description:
      "oldest year first: the reports the caller may see, and of the project's other years those on the public record",
  })
  reports: LedgerReportView[];
  @ApiProperty({ type: [LedgerKpiView] }) kpis: LedgerKpiView[];
  @ApiProperty({ type: [LedgerAmendmentView] }) amendments: LedgerAmendmentView[];
}

/**
 * What the ledger reads of one year's report: its ⑤ results (by the kpiYearValues rule) and the plan it was verified
 * against. Live reports and published editions (report_editions snapshots) both give it, so one rule builds both.
 */
export interface LedgerReport extends ReportedKpiValues {
  id: string;
  version: number;
  plan: ProjectView;
  /** The reader may open the report itself; otherwise it is read from its published edition. */
  readable: boolean;
}

/** What the ledger reads of a report as loaded with its plan copy (the project as it stood that year). */
export type LoadedLedgerReport = Pick<
  ResultReport,
  'id' | 'fiscalYear' | 'status' | 'version' | 'kpiResults' | 'project'
>;

/** A report as loaded with its plan copy. */
export function ledgerReportOf(report: LoadedLedgerReport): LedgerReport {
  return {
    id: report.id,
    fiscalYear: report.fiscalYear,
    status: report.status,
    version: report.version,
    kpiResults: report.kpiResults,
    plan: ProjectView.from(report.project!),
    readable: true,
  };
}

/** A published edition: the report exactly as it was published, its plan included. */
export function ledgerReportOfEdition(view: ReportView): LedgerReport {
  return {
    id: view.id,
    fiscalYear: view.fiscalYear,
    status: view.status,
    version: view.version,
    kpiResults: view.kpis.map((kpi) => ({
      position: kpi.definition.position,
      latestValue: kpi.latestValue,
      latestAsOf: kpi.latestAsOf,
      isReference: kpi.isReference,
      yearlyActuals: kpi.yearlyActuals,
    })),
    plan: view.project,
    readable: false,
  };
}

function kpiOf(report: LedgerReport, position: number): KpiDefinitionView | undefined {
  return report.plan.kpis.find((kpi) => kpi.position === position);
}

const FIELD_LABELS: Record<PlanChangeField, string> = {
  planPeriod: '実施計画期間',
  added: '指標の追加',
  removed: '指標の削除',
  ...KPI_DEFINITION_LABELS,
};

const shown = (value: number | string | null): string | null =>
  value === null ? null : typeof value === 'number' ? formatNumber(value) : value;

/** One change in words: "目標値 27 → 32"; an added or removed KPI by its name. */
function change(
  position: number | null,
  field: PlanChangeField,
  before: string | null,
  after: string | null,
): LedgerPlanChangeView {
  const label = FIELD_LABELS[field];
  const text =
    field === 'added'
      ? `${label}: ${after}`
      : field === 'removed'
        ? `${label}: ${before}`
        : `${label} ${before ?? '—'} → ${after ?? '—'}`;
  return { position, field, label, before, after, text };
}

/** What the plan of `current` changes against that of `previous`: the period and each KPI's definition. */
function planChanges(previous: ProjectView, current: ProjectView): LedgerPlanChangeView[] {
  const changes: LedgerPlanChangeView[] = [];
  if (planPeriodLabel(previous) !== planPeriodLabel(current))
    changes.push(change(null, 'planPeriod', planPeriodLabel(previous), planPeriodLabel(current)));
  const positions = [...new Set([...previous.kpis, ...current.kpis].map((kpi) => kpi.position))];
  for (const position of positions.sort((a, b) => a - b)) {
    const before = previous.kpis?.find((kpi) => kpi.position === position);
    const after = current.kpis?.find((kpi) => kpi.position === position);
    if (!before || !after) {
      changes.push(change(position, before ? 'removed' : 'added', before?.name ?? null, after?.name ?? null));
      continue;
    }
    const compared: [PlanChangeField, string | null, string | null][] = [
      ['name', before.name, after.name],
      ['baseline', shown(before.baseline), shown(after.baseline)],
      ['target', shown(before.target), shown(after.target)],
      ['unit', before.unit, after.unit],
      ['targetYearMonth', yearMonthLabel(before.targetYearMonth), yearMonthLabel(after.targetYearMonth)],
      ['direction', KPI_DIRECTION_LABELS[before.direction], KPI_DIRECTION_LABELS[after.direction]],
    ];
    for (const [field, was, is] of compared) if (was !== is) changes.push(change(position, field, was, is));
  }
  return changes;
}

/**
 * The ledger of a project from the reports the reader may see (each read as planned in its year, oldest first) and,
 * for its other years, the current editions of those on the public record: what anyone may read of them, never a
 * draft or a correction under way. Each year's actual is read by kpiYearValues, the rule the report form and new
 * drafts follow too.
 */
export function buildKpiLedger(
  project: GrantProject,
  reports: LoadedLedgerReport[],
  published: ReportView[] = [],
): KpiLedgerView {
  const seen = new Set(reports.map((report) => report.id));
  return kpiLedger(ProjectView.from(project), [
    ...reports.map(ledgerReportOf),
    ...published.filter((edition) => !seen.has(edition.id)).map(ledgerReportOfEdition),
  ]);
}

/**
 * The public ledger of a project: from the current published edition of each of its published years only, so a year
 * not (or no longer) published never appears. `editions` must not be empty.
 */
export function publishedKpiLedger(editions: ReportView[]): KpiLedgerView {
  const ordered = [...editions].sort((a, b) => a.fiscalYear - b.fiscalYear);
  return kpiLedger(ordered.at(-1)!.project, ordered.map(ledgerReportOfEdition));
}

function kpiLedger(project: ProjectView, reports: LedgerReport[]): KpiLedgerView {
  const ordered = [...reports].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const amendments = ordered.slice(1).flatMap((report, index) => {
    const previous = ordered[index];
    const changes = planChanges(previous.plan, report.plan);
    return changes.length === 0
      ? []
      : [
          {
            fromFiscalYear: previous.fiscalYear,
            fromFiscalYearLabel: fiscalYearLabel(previous.fiscalYear),
            fiscalYear: report.fiscalYear,
            fiscalYearLabel: fiscalYearLabel(report.fiscalYear),
            changes,
          },
        ];
  });
  const plans = ordered.length > 0 ? ordered.map((report) => report.plan) : [project];
  const positions = [...new Set(plans.flatMap((plan) => plan.kpis.map((kpi) => kpi.position)))].sort((a, b) => a - b);
  return {
    project: ordered.at(-1)?.plan ?? project,
    reports: ordered.map((report) => {
      const planned = report.plan;
      const index = planYearIndex(planned.planStartFiscalYear, planned.planEndFiscalYear, report.fiscalYear);
      return {
        id: report.id,
        fiscalYear: report.fiscalYear,
        fiscalYearLabel: fiscalYearLabel(report.fiscalYear),
        status: report.status,
        statusLabel: REPORT_STATUS_LABELS[report.status],
        version: report.version,
        planPeriodLabel: planPeriodLabel(planned),
        planYearLabel: index === null ? null : planYearLabel(index),
        readable: report.readable,
      };
    }),
    kpis: positions.map((position) => {
      const final = [...plans].reverse().flatMap((plan) => plan.kpis.find((kpi) => kpi.position === position) ?? [])[0];
      return {
        position,
        label: kpiLabel(position),
        final,
        years: kpiYears(ordered, position, final, amendments),
      };
    }),
    amendments,
  };
}

function kpiYears(
  reports: LedgerReport[],
  position: number,
  final: KpiDefinitionView,
  amendments: LedgerAmendmentView[],
): LedgerYearView[] {
  const values = new Map(kpiYearValues(reports, position).map((value) => [value.fiscalYear, value]));
  const measured = (
    definition: Pick<KpiDefinitionView, 'baseline' | 'target' | 'direction'> | undefined,
    value: number | null,
  ) => (definition ? percentOf(achievementRate({ ...definition, latest: value })) : null);
  const recorded = (found: KpiYearValue | undefined) => ({
    value: found?.value ?? null,
    asOf: found?.asOf ?? null,
    asOfLabel: yearMonthLabel(found?.asOf ?? null),
    isReference: found?.isReference ?? false,
    valueSource: found?.source ?? null,
    valueSourceFiscalYear: found?.sourceFiscalYear ?? null,
  });

  const reported = reports.flatMap((report): LedgerYearView[] => {
    const definition = kpiOf(report, position);
    const found = values.get(report.fiscalYear);
    if (!definition && !found) return [];
    const planned = report.plan;
    const index = planYearIndex(planned.planStartFiscalYear, planned.planEndFiscalYear, report.fiscalYear);
    return [
      {
        fiscalYear: report.fiscalYear,
        fiscalYearLabel: fiscalYearLabel(report.fiscalYear),
        reportId: report.id,
        readable: report.readable,
        status: report.status,
        statusLabel: REPORT_STATUS_LABELS[report.status],
        planYearLabel: index === null ? null : planYearLabel(index),
        definition: definition ?? null,
        ...recorded(found),
        achievementPercent: measured(definition, found?.value ?? null),
        finalAchievementPercent: measured(final, found?.value ?? null),
        changes: (amendments.find((amendment) => amendment.fiscalYear === report.fiscalYear)?.changes ?? []).filter(
          (candidate) => candidate.position === null || candidate.position === position,
        ),
      },
    ];
  });
  const reportYears = new Set(reports.map((report) => report.fiscalYear));
  const unreported = [...values.values()]
    .filter((found) => !reportYears.has(found.fiscalYear))
    .map((found): LedgerYearView => ({
      fiscalYear: found.fiscalYear,
      fiscalYearLabel: fiscalYearLabel(found.fiscalYear),
      reportId: null,
      readable: false,
      status: null,
      statusLabel: null,
      planYearLabel: null,
      definition: null,
      ...recorded(found),
      achievementPercent: null,
      finalAchievementPercent: measured(final, found.value),
      changes: [],
    }));
  return [...reported, ...unreported].sort((a, b) => a.fiscalYear - b.fiscalYear);
}
