import { ApiProperty } from '@nestjs/swagger';
import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { percentOf } from '../../common/percent';
import { AssessmentScale, kindWording, storedWording } from './assessment-choices';
import { kpiLabel, kpisBySlot } from '../../projects/kpi-label';
import { planYearLabel } from './report-calculations';
import { REPORT_STATUS_LABELS } from '../rules/report-status';
import { FieldError } from '../../infra/http/validation';
import { DEFAULT_EFFECT_CLOSE_THRESHOLD } from '../../organizations/organization.entity';
import { GrantProject } from '../../projects/grant-project.entity';
import { KpiDefinitionView, projectChangeDocument, projectDocument, ProjectView } from '../../projects/projects.dto';
import { ReportStatus, UNDER_CORRECTION } from '../rules/report-status';
import { EffectLevel, PanelRating, PolicyDecision } from './assessment';
import { YearlyActual } from './kpi-result.entity';
import { type KpiYearValue, kpiYearValues, lastPublishedBefore, LedgerValueSource } from './kpi-year-values';
import {
  achievementRate,
  amountScaleWarnings,
  BudgetTotals,
  computeBudgetTotals,
  kpiWarnings,
  planYearIndex,
  listedYearWarnings,
  publishedValueWarnings,
  ReportWarning,
  totalWarnings,
  TypedTotals,
} from './report-calculations';
import { suggestEffectLevel } from './effect-suggestion';
import { PolicyApproval, policyApproval } from './policy-approval';
import { type PreviousDecision, ResultReport } from './result-report.entity';

/** The editable content of a report at one moment, project fields included (as recorded: reportChangeDocument). */
export function reportDocument(report: ResultReport, project: GrantProject) {
  return {
    project: projectDocument(project),
    fiscalYear: report.fiscalYear,
    status: report.status,
    actualAsOf: report.actualAsOf,
    budgetLines: [...(report.budgetLines ?? [])]
      .sort((a, b) => a.position - b.position)
      .map(({ name, summary, results, budgetAmount, budgetGrantAmount, actualAmount, actualGrantAmount }) => ({
        name,
        summary,
        results,
        budgetAmount,
        budgetGrantAmount,
        actualAmount,
        actualGrantAmount,
      })),
    typedTotals: typedTotalsOf(report),
    kpiResults: [...(report.kpiResults ?? [])]
      .sort((a, b) => a.position - b.position)
      .map(({ position, latestValue, latestAsOf, isReference, yearlyActuals }) => ({
        position,
        latestValue,
        latestAsOf,
        isReference,
        yearlyActuals,
      })),
    effectLevel: report.effectLevel,
    ...wordingFields(report),
    effectNarrative: report.effectNarrative,
    effectLevelReason: report.effectLevelReason ?? '',
    resultFactors: report.resultFactors ?? '',
    improvementMeasures: report.improvementMeasures ?? '',
    previousPolicyFollowUp: report.previousPolicyFollowUp ?? '',
    panelRating: report.panelRating,
    panelOpinion: report.panelOpinion,
    policyDecision: report.policyDecision,
    policyReason: report.policyReason,
    acknowledgedWarningKeys: (report.acknowledgedWarnings ?? []).map((ack) => ack.key),
  };
}

export type ReportDocument = ReturnType<typeof reportDocument>;

/**
 * A report as its changes are recorded (its revisions, the audit log, a stale save's refusal): its KPIs and their
 * results by slot (kpisBySlot), as a project's changes name them, so that a plan follow removing 指標② is 指標②
 * removed, not what 指標③ was moved up to 指標②. Without gaps the slots are the indexes. A result's yearly actuals
 * are its values by fiscal year (actualsByYear).
 */
export function reportChangeDocument(report: ResultReport, project: GrantProject) {
  const document = reportDocument(report, project);
  return {
    ...document,
    project: projectChangeDocument(project),
    kpiResults: kpisBySlot(
      document.kpiResults.map((result) => ({ ...result, yearlyActuals: actualsByYear(result.yearlyActuals) })),
    ),
  };
}

/**
 * A KPI's yearly actuals as recorded: each year's value under its fiscal year ("2022"), so that a year added before
 * the others is that year added, not every later year's value moved onto the year before it, as rows would say.
 */
function actualsByYear(actuals: readonly YearlyActual[]): Record<string, number | null> {
  return Object.fromEntries(actuals.map(({ fiscalYear, value }) => [String(fiscalYear), value]));
}

/**
 * A stored revision's snapshot as reportChangeDocument records it now: revisions stored before listed a KPI's yearly
 * actuals as rows, so they compare with those stored since without a change of every year.
 */
export function recordedSnapshot(snapshot: Record<string, unknown>): Record<string, unknown> {
  const results = snapshot.kpiResults as Record<string, { yearlyActuals?: unknown }> | undefined;
  if (!results) return snapshot;
  return {
    ...snapshot,
    kpiResults: Object.fromEntries(
      Object.entries(results).map(([slot, result]) => [
        slot,
        Array.isArray(result.yearlyActuals)
          ? { ...result, yearlyActuals: actualsByYear(result.yearlyActuals as YearlyActual[]) }
          : result,
      ]),
    ),
  };
}

/**
 * The municipality's wording of ⑥–⑧ as chosen, so that a change between two options of one kind is a change too.
 * Only where kept: reports from before wording was kept have none, and their revisions stay comparable.
 */
function wordingFields(report: ResultReport): {
  effectLevelLabel?: string;
  panelRatingLabel?: string;
  policyDecisionLabel?: string;
} {
  return {
    ...(report.effectLevelLabel ? { effectLevelLabel: report.effectLevelLabel } : {}),
    ...(report.panelRatingLabel ? { panelRatingLabel: report.panelRatingLabel } : {}),
    ...(report.policyDecisionLabel ? { policyDecisionLabel: report.policyDecisionLabel } : {}),
  };
}

export function typedTotalsOf(report: ResultReport): TypedTotals {
  return {
    budgetAmount: report.typedBudgetTotal,
    budgetGrantAmount: report.typedBudgetGrantTotal,
    actualAmount: report.typedActualTotal,
    actualGrantAmount: report.typedActualGrantTotal,
  };
}

export class BudgetLineView {
  @ApiProperty() name: string;
  @ApiProperty() summary: string;
  @ApiProperty() results: string;
  @ApiProperty({ nullable: true, type: Number }) budgetAmount: number | null;
  @ApiProperty({ nullable: true, type: Number }) budgetGrantAmount: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualAmount: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualGrantAmount: number | null;
}

/** A KPI's actual of one earlier fiscal year, read by the same rule as the KPI ledger. */
export class KpiYearValueView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty() value: number;
  @ApiProperty({ nullable: true, type: String, example: '2023-06' }) asOf: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'R5.6月' }) asOfLabel: string | null;
  @ApiProperty({ description: '【参考値】' }) isReference: boolean;
  @ApiProperty({ enum: LedgerValueSource }) source: LedgerValueSource;
  @ApiProperty({ description: 'the report year whose record gave the value' }) sourceFiscalYear: number;
  @ApiProperty({ description: "the 最新値 of that year's published report" }) published: boolean;

  static from(value: KpiYearValue): KpiYearValueView {
    return { ...value, fiscalYearLabel: fiscalYearLabel(value.fiscalYear), asOfLabel: yearMonthLabel(value.asOf) };
  }
}

export class KpiResultView {
  @ApiProperty({ type: KpiDefinitionView }) definition: KpiDefinitionView;
  @ApiProperty({ nullable: true, type: Number }) latestValue: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2023-06' }) latestAsOf: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'R5.6月' }) latestAsOfLabel: string | null;
  @ApiProperty({ description: '【参考値】' }) isReference: boolean;
  @ApiProperty() yearlyActuals: YearlyActual[];
  @ApiProperty({ nullable: true, type: Number, description: '(latest − baseline) / (target − baseline)' })
  achievementRate: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 103.3, description: 'achievement rate in %, one decimal' })
  achievementPercent: number | null;
  @ApiProperty({
    type: [KpiYearValueView],
    description:
      "the years before this report's: each year's published 最新値, else what this report's yearly actuals say; a published report keeps its own yearly actuals",
  })
  earlierYears: KpiYearValueView[];
  @ApiProperty({
    type: KpiYearValueView,
    nullable: true,
    description:
      "last year's published value: the latest earlier year's published 最新値 (null once this report is published)",
  })
  lastPublished: KpiYearValueView | null;
}

export class PublishedValueView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty() value: number;
  @ApiProperty({ nullable: true, type: String, example: '2023-06' }) asOf: string | null;
}

export class WarningView {
  @ApiProperty() code: string;
  @ApiProperty() path: string;
  @ApiProperty() message: string;
  @ApiProperty() key: string;
  @ApiProperty({ required: false }) typed?: number;
  @ApiProperty({ required: false }) computed?: number;
  @ApiProperty({ required: false, type: PublishedValueView, description: 'the published value compared with' })
  published?: PublishedValueView;
  @ApiProperty() acknowledged: boolean;
}

export class EditionView {
  @ApiProperty({ example: 2 }) edition: number;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ nullable: true, type: String, description: '訂正の理由 (null for the first edition)' })
  correctionReason: string | null;
}

export class EffectSuggestionView {
  @ApiProperty({ enum: EffectLevel }) level: EffectLevel;
  @ApiProperty({
    example: '地方創生に効果があった',
    description: "as the organization's form words the level: its active options of that kind (else the national one)",
  })
  levelLabel: string;
  @ApiProperty({ example: '指標① 18.8%(平均 18.8%、相当程度の基準 80.0%)' }) basis: string;
  @ApiProperty({ description: 'only 【参考値】 were available' }) provisional: boolean;
}

export class EffectView {
  @ApiProperty({ enum: EffectLevel, nullable: true, description: 'the national kind (adds up across municipalities)' })
  level: EffectLevel | null;
  @ApiProperty({ nullable: true, type: String, description: "the key of the municipality's option" })
  option: string | null;
  @ApiProperty({ nullable: true, type: String }) levelLabel: string | null;
  @ApiProperty() narrative: string;
  @ApiProperty({ type: EffectSuggestionView, nullable: true, description: 'suggested from the year’s KPI achievement' })
  suggested: EffectSuggestionView | null;
  @ApiProperty({ description: 'why the owner chose another level than the suggested one (required then)' })
  reason: string;
}

export class PreviousDecisionView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ enum: PolicyDecision }) decision: PolicyDecision;
  @ApiProperty({ example: '事業の継続', description: 'as worded when it was decided' }) label: string;
  @ApiProperty() reason: string;
}

export class FollowUpView {
  @ApiProperty({ type: PreviousDecisionView, nullable: true, description: 'the latest earlier year’s 今後の方針' })
  previousDecision: PreviousDecisionView | null;
  @ApiProperty({
    required: false,
    description:
      'a published edition only: the response answers an earlier year’s decision that was not on the public record when the edition was published, so the edition does not name it',
  })
  previousDecisionUnnamed?: boolean;
  @ApiProperty({ description: 'what was done about it (required once there is one)' }) response: string;
}

export class AnalysisView {
  @ApiProperty({ description: '要因分析: the factors behind the results' }) factors: string;
  @ApiProperty({ description: '要因分析: the measures to take' }) measures: string;
}

export class ReportView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ example: '事業実施結果報告(案)' }) title: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty({ example: '作成中' }) statusLabel: string;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: ProjectView }) project: ProjectView;
  @ApiProperty({ nullable: true, type: Number }) planYearIndex: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2年度目' }) planYearLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) actualAsOf: string | null;
  @ApiProperty({ nullable: true, type: String }) actualAsOfLabel: string | null;
  @ApiProperty({ type: [BudgetLineView] }) budgetLines: BudgetLineView[];
  @ApiProperty({ description: 'computed from the lines; typed = as entered or imported' }) totals: {
    computed: BudgetTotals;
    typed: TypedTotals;
  };
  @ApiProperty({ type: [KpiResultView] }) kpis: KpiResultView[];
  @ApiProperty({ type: EffectView }) effect: EffectView;
  @ApiProperty({ type: AnalysisView }) analysis: AnalysisView;
  @ApiProperty({ type: FollowUpView, description: 'PDCA: the previous year’s decision and what was done about it' })
  followUp: FollowUpView;
  @ApiProperty({ description: "⑦; rating is the national kind, option the municipality's option, as worded then" })
  evaluation: { rating: PanelRating | null; option: string | null; ratingLabel: string | null; opinion: string };
  @ApiProperty({
    description:
      "⑧; decision is the national kind, option the municipality's option, label and formText as worded when proposed; proposedBy and approvedBy are always different users (four-eyes); correctedBy is everyone who corrected it in the correction under way (⑦⑧の訂正), none of whom may publish it; corrections are the editions whose ⑧ was so corrected (oldest first), by whom and who published each, which proposedBy and approvedBy do not tell; approval is not_recorded for a decided report without an approver (imported as published)",
  })
  policy: {
    decision: PolicyDecision | null;
    option: string | null;
    label: string | null;
    formText: string | null;
    reason: string;
    proposedBy: string | null;
    proposedAt: string | null;
    approvedBy: string | null;
    approvedAt: string | null;
    correctedBy: string[];
    corrections: { edition: number; correctedBy: string[]; publishedBy: string | null; publishedAt: string }[];
    approval: PolicyApproval;
  };
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({
    type: [EditionView],
    description: 'every publication, oldest first; from the 2nd on, a correction (訂正) with its reason',
  })
  editions: EditionView[];
  @ApiProperty({ nullable: true, type: String, description: 'while 訂正中: why the published report was reopened' })
  correctionReason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '公表の取消: when the publication was withdrawn; kept until a corrected edition is published',
  })
  withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '公表の取消: why' }) withdrawalReason: string | null;
  @ApiProperty({ type: [WarningView] }) warnings: WarningView[];
  @ApiProperty({ description: 'what still stands between this draft and submission' }) submission: {
    ready: boolean;
    problems: FieldError[];
  };
}

/**
 * What a report's figures say before any of it is worded for a reader: its document, the KPIs in order with their
 * results and achievement, the totals, the earlier years' values, the warnings, the suggested ⑥ and what stands between
 * it and submission. A rule that asks only whether a draft may be submitted reads this, not the read model.
 */
function assessReport(report: ResultReport, project: GrantProject) {
  const document = reportDocument(report, project);
  const definitions = [...(project.kpis ?? [])].sort((a, b) => a.position - b.position);
  const computed = computeBudgetTotals(document.budgetLines);
  // The published record of earlier years, and where it is silent, what this report lists for them.
  const record = [
    ...(report.publishedEarlier ?? []),
    { fiscalYear: report.fiscalYear, status: report.status, kpiResults: document.kpiResults },
  ];
  const kpis = definitions.map((definition) => {
    const result = document.kpiResults.find((candidate) => candidate.position === definition.position);
    return {
      definition,
      result,
      earlier: kpiYearValues(record, definition.position).filter((value) => value.fiscalYear < report.fiscalYear),
      rate: achievementRate({
        baseline: definition.baseline,
        target: definition.target,
        latest: result?.latestValue ?? null,
        direction: definition.direction,
      }),
    };
  });
  const acknowledged = new Set((report.acknowledgedWarnings ?? []).map((ack) => ack.key));
  const warnings = [
    ...totalWarnings(document.typedTotals, computed),
    ...amountScaleWarnings(document.budgetLines),
    ...kpiWarnings(definitions),
    ...publishedValueWarnings(
      kpis.map(({ definition, result, earlier }) => ({
        position: definition.position,
        direction: definition.direction,
        baseline: definition.baseline,
        latest: result?.latestValue ?? null,
        latestAsOf: result?.latestAsOf ?? null,
        earlier,
      })),
      report.fiscalYear,
    ),
    ...listedYearWarnings(
      kpis.map(({ definition, result, earlier }) => ({
        position: definition.position,
        yearlyActuals: result?.yearlyActuals ?? [],
        earlier,
      })),
    ),
  ].map((warning) => ({ ...warning, acknowledged: acknowledged.has(warning.key) }));
  const yearIndex = planYearIndex(project.planStartFiscalYear, project.planEndFiscalYear, report.fiscalYear);
  const suggested = suggestEffectLevel(
    kpis.map(({ definition, result, rate }) => ({
      position: definition.position,
      rate,
      isReference: result?.isReference ?? false,
    })),
    report.effectCloseThreshold ?? report.organization?.effectCloseThreshold ?? DEFAULT_EFFECT_CLOSE_THRESHOLD,
  );
  // Named as the report's form names the levels: a level of another wording is none the owner can find there.
  const suggestion = suggested && {
    ...suggested,
    levelLabel: kindWording(AssessmentScale.EffectLevel, suggested.level, report.effectLevelChoices ?? []),
  };
  const previous = report.previousDecision ?? null;
  const problems = submissionProblems(document, yearIndex, warnings, { suggested: suggestion, previous });
  return { document, computed, kpis, warnings, yearIndex, suggestion, previous, problems };
}

/** Whether the draft may be submitted, and what stands in the way: the read model's `submission`, without the rest. */
export function reportSubmission(report: ResultReport, project: GrantProject): ReportView['submission'] {
  const { problems } = assessReport(report, project);
  return { ready: problems.length === 0, problems };
}

/** The read model of one full report: stored fields, labels and everything computed. */
export function buildReportView(report: ResultReport, project: GrantProject): ReportView {
  const {
    document,
    computed,
    kpis: measured,
    warnings,
    yearIndex,
    suggestion,
    previous,
    problems,
  } = assessReport(report, project);
  const kpis = measured.map(({ definition, result, earlier, rate }) => {
    const last = lastPublishedBefore(earlier, report.fiscalYear);
    return {
      definition: KpiDefinitionView.from(definition),
      latestValue: result?.latestValue ?? null,
      latestAsOf: result?.latestAsOf ?? null,
      latestAsOfLabel: yearMonthLabel(result?.latestAsOf ?? null),
      isReference: result?.isReference ?? false,
      yearlyActuals: result?.yearlyActuals ?? [],
      achievementRate: rate,
      achievementPercent: percentOf(rate),
      earlierYears: earlier.map(KpiYearValueView.from),
      lastPublished: last && KpiYearValueView.from(last),
    };
  });
  const policyWording = storedWording(AssessmentScale.PolicyDecision, report.policyDecision, {
    label: report.policyDecisionLabel,
    formText: report.policyDecisionFormText,
  });
  return {
    id: report.id,
    organizationId: report.organizationId,
    title: report.status === ReportStatus.Published ? '事業実施結果報告' : '事業実施結果報告(案)',
    fiscalYear: report.fiscalYear,
    fiscalYearLabel: fiscalYearLabel(report.fiscalYear),
    status: report.status,
    statusLabel: REPORT_STATUS_LABELS[report.status],
    version: report.version,
    updatedAt: report.updatedAt?.toISOString(),
    project: ProjectView.from(project),
    planYearIndex: yearIndex,
    planYearLabel: yearIndex === null ? null : planYearLabel(yearIndex),
    actualAsOf: report.actualAsOf,
    actualAsOfLabel: yearMonthLabel(report.actualAsOf),
    budgetLines: document.budgetLines,
    totals: { computed, typed: document.typedTotals },
    kpis,
    effect: {
      level: report.effectLevel,
      option: report.effectLevel && (report.effectLevelOption ?? report.effectLevel),
      levelLabel:
        storedWording(AssessmentScale.EffectLevel, report.effectLevel, { label: report.effectLevelLabel })?.label ??
        null,
      narrative: report.effectNarrative,
      suggested: suggestion,
      reason: document.effectLevelReason,
    },
    analysis: { factors: document.resultFactors, measures: document.improvementMeasures },
    followUp: {
      previousDecision: previous && {
        fiscalYear: previous.fiscalYear,
        fiscalYearLabel: fiscalYearLabel(previous.fiscalYear),
        decision: previous.decision,
        label: previousDecisionLabel(previous),
        reason: previous.reason,
      },
      response: document.previousPolicyFollowUp,
    },
    evaluation: {
      rating: report.panelRating,
      option: report.panelRating && (report.panelRatingOption ?? report.panelRating),
      ratingLabel:
        storedWording(AssessmentScale.PanelRating, report.panelRating, { label: report.panelRatingLabel })?.label ??
        null,
      opinion: report.panelOpinion,
    },
    policy: {
      decision: report.policyDecision,
      option: report.policyDecision && (report.policyDecisionOption ?? report.policyDecision),
      label: policyWording?.label ?? null,
      formText: policyWording?.formText ?? null,
      reason: report.policyReason,
      proposedBy: report.proposedBy,
      proposedAt: report.proposedAt?.toISOString() ?? null,
      approvedBy: report.approvedBy,
      approvedAt: report.approvedAt?.toISOString() ?? null,
      correctedBy: report.policyCorrectedBy ?? [],
      corrections: (report.editions ?? []).flatMap(({ edition, policyCorrectedBy, publishedBy, publishedAt }) =>
        policyCorrectedBy
          ? [{ edition, correctedBy: policyCorrectedBy, publishedBy, publishedAt: publishedAt.toISOString() }]
          : [],
      ),
      approval: policyApproval(report),
    },
    publishedAt: report.publishedAt?.toISOString() ?? null,
    editions: (report.editions ?? []).map(({ edition, publishedAt, correctionReason }) => ({
      edition,
      publishedAt: publishedAt.toISOString(),
      correctionReason,
    })),
    correctionReason: UNDER_CORRECTION.includes(report.status) ? report.correctionReason : null,
    withdrawnAt: report.withdrawnAt?.toISOString() ?? null,
    withdrawalReason: report.withdrawalReason ?? null,
    warnings,
    submission: { ready: problems.length === 0, problems },
  };
}

/**
 * What a draft still lacks before it may be submitted. A draft may be incomplete; a submission may not.
 * Paths point at the fields of the update request (kpiResults by the KPI's place in the project's list).
 */
export function submissionProblems(
  document: ReportDocument,
  yearIndex: number | null,
  warnings: (ReportWarning & { acknowledged: boolean })[],
  context: {
    suggested: { level: EffectLevel; levelLabel: string } | null;
    previous: PreviousDecision | null;
  } = { suggested: null, previous: null },
): FieldError[] {
  const problems: FieldError[] = [];
  const requireThat = (condition: boolean, path: string, message: string) =>
    condition || problems.push({ path, message });
  requireThat(
    yearIndex !== null,
    '/fiscalYear',
    "the fiscal year lies outside the project's plan period (②実施計画期間)",
  );
  requireThat(document.project.overview.trim() !== '', '/project/overview', '③全体概要 is required');
  requireThat(document.budgetLines.length > 0, '/budgetLines', '④市予算事業 needs at least one budget line');
  document.budgetLines.forEach((line, index) => {
    requireThat(line.name.trim() !== '', `/budgetLines/${index}/name`, '事業名 is required');
    for (const field of ['budgetAmount', 'budgetGrantAmount', 'actualAmount', 'actualGrantAmount'] as const) {
      requireThat(line[field] !== null, `/budgetLines/${index}/${field}`, `${field} is required`);
    }
  });
  document.project.kpis.forEach((kpi, index) => {
    const latest = document.kpiResults.find((candidate) => candidate.position === kpi.position)?.latestValue ?? null;
    requireThat(latest !== null, `/kpiResults/${index}/latestValue`, `${kpiLabel(kpi.position)}: 最新値 is required`);
  });
  requireThat(document.effectLevel !== null, '/effectLevel', '⑥事業効果 is required');
  requireThat(document.effectNarrative.trim() !== '', '/effectNarrative', '⑥事業効果 needs its explanation');
  const { suggested, previous } = context;
  if (suggested !== null && document.effectLevel !== null && document.effectLevel !== suggested.level)
    requireThat(
      document.effectLevelReason.trim() !== '',
      '/effectLevelReason',
      `⑥: say why you chose another level than the suggested 「${suggested.levelLabel}」`,
    );
  if (previous !== null)
    requireThat(
      document.previousPolicyFollowUp.trim() !== '',
      '/previousPolicyFollowUp',
      `前年度の今後の方針への対応 is required: ${fiscalYearLabel(previous.fiscalYear)} decided 「${previousDecisionLabel(previous)}」`,
    );
  for (const warning of warnings.filter((candidate) => !candidate.acknowledged)) {
    problems.push({ path: warning.path, message: `confirm or correct: ${warning.message}` });
  }
  return problems;
}

/** The previous year's 今後の方針 as it was worded when decided. */
function previousDecisionLabel(previous: PreviousDecision): string {
  return storedWording(AssessmentScale.PolicyDecision, previous.decision, { label: previous.label ?? null })!.label;
}
