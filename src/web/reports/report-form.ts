import { parseFiscalYear } from '../../common/japanese-era';
import { achievementRate, AMOUNT_FIELDS, publishedValueWarnings } from '../../reports/report/report-calculations';
import { type Section } from '../../reports/report/report-sections';
import { type ReportView } from '../../reports/report/report-view';
import { type YearlyActual } from '../../reports/report/kpi-result.entity';
import {
  type FiscalYearSpan,
  isWithin,
  precedesPlan,
  yearlyActualSpan,
} from '../../reports/report/yearly-actual-years';
import { checked, type FormBody, optional, rowIndices, text } from '../forms';
import { fieldLabel, type FieldLabels, kpiPlaceLabels } from '../messages/field-labels';
import { percentOf } from '../../common/percent';

/** The report form, section by section: the owning department's sections ③–⑥ (OWNER_SECTIONS). */
export const SECTIONS = {
  overview: { title: '③全体概要', anchor: 'section-3' },
  budget: { title: '④市予算事業', anchor: 'section-4' },
  kpis: { title: '⑤重要業績評価指標(KPI)', anchor: 'section-5' },
  effect: { title: '⑥事業効果', anchor: 'section-6' },
} as const satisfies Record<Section, { title: string; anchor: string }>;

/** Own keys only: `in` would also accept what every object inherits (__proto__, constructor, toString). */
export function isSection(value: string): value is Section {
  return Object.hasOwn(SECTIONS, value);
}

const BUDGET_TEXT_FIELDS = ['name', 'summary', 'results'] as const;

const shown = (value: number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** Fiscal years a KPI's yearly actuals are asked for: those that may be saved (yearlyActualSpan). */
export function yearlyActualYears(view: ReportView): number[] {
  const span = actualSpanOf(view);
  const years: number[] = [];
  for (let year = span.first; year <= span.last; year++) years.push(year);
  return years;
}

/**
 * A KPI's stored actuals of other years (a plan changed since, an imported sheet): the report keeps them while they
 * are left as they are (actualOutsideSpan), so the form shows them read-only and saves them back unchanged.
 */
export function keptYearlyActuals(view: ReportView, actuals: YearlyActual[]): YearlyActual[] {
  const span = actualSpanOf(view);
  return actuals.filter(({ fiscalYear }) => !isWithin(span, fiscalYear));
}

/** True when the report's year lies before its plan's start, so that no yearly actual may be entered. */
export function actualsPrecedePlan(view: ReportView): boolean {
  return precedesPlan(actualSpanOf(view));
}

function actualSpanOf(view: ReportView): FiscalYearSpan {
  return yearlyActualSpan({ fiscalYear: view.fiscalYear, planStartFiscalYear: view.project.planStartFiscalYear });
}

/** The stored report as form values, by pointer. */
export function sectionValues(section: Section, view: ReportView): Record<string, string> {
  const values: Record<string, string> = {};
  switch (section) {
    case 'overview':
      values['/project/overview'] = view.project.overview;
      values['/project/version'] = String(view.project.version);
      break;
    case 'budget':
      values['/actualAsOf'] = view.actualAsOfLabel ?? '';
      view.budgetLines.forEach((line, index) => {
        for (const field of BUDGET_TEXT_FIELDS) values[`/budgetLines/${index}/${field}`] = line[field];
        for (const field of AMOUNT_FIELDS) values[`/budgetLines/${index}/${field}`] = shown(line[field]);
      });
      for (const field of AMOUNT_FIELDS) values[`/typedTotals/${field}`] = shown(view.totals.typed[field]);
      break;
    case 'kpis':
      view.kpis.forEach((kpi, index) => {
        values[`/kpiResults/${index}/latestValue`] = shown(kpi.latestValue);
        values[`/kpiResults/${index}/latestAsOf`] = kpi.latestAsOfLabel ?? '';
        if (kpi.isReference) values[`/kpiResults/${index}/isReference`] = 'on';
        yearlyActualYears(view).forEach((fiscalYear, row) => {
          values[`/kpiResults/${index}/yearlyActuals/${row}/fiscalYear`] = String(fiscalYear);
          values[`/kpiResults/${index}/yearlyActuals/${row}/value`] = shown(
            kpi.yearlyActuals.find((actual) => actual.fiscalYear === fiscalYear)?.value,
          );
        });
      });
      break;
    case 'effect':
      values['/effectLevel'] = view.effect.option ?? '';
      values['/effectNarrative'] = view.effect.narrative;
      values['/effectLevelReason'] = view.effect.reason;
      values['/resultFactors'] = view.analysis.factors;
      values['/improvementMeasures'] = view.analysis.measures;
      values['/previousPolicyFollowUp'] = view.followUp.response;
      break;
  }
  return values;
}

/** ④ as an update request. Untouched blank rows and rows marked for removal are left out; `rows` maps request rows to form rows. */
export function budgetRequest(body: FormBody): { request: Record<string, unknown>; rows: number[] } {
  const rows = rowIndices(body, '/budgetLines').filter((row) => {
    if (checked(body, `/budgetLines/${row}/remove`)) return false;
    return [...BUDGET_TEXT_FIELDS, ...AMOUNT_FIELDS].some(
      (field) => text(body, `/budgetLines/${row}/${field}`).trim() !== '',
    );
  });
  const budgetLines = rows.map((row) => ({
    ...Object.fromEntries(BUDGET_TEXT_FIELDS.map((field) => [field, text(body, `/budgetLines/${row}/${field}`)])),
    ...Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, optional(body, `/budgetLines/${row}/${field}`)])),
  }));
  const typedTotals = Object.fromEntries(
    AMOUNT_FIELDS.map((field) => [field, optional(body, `/typedTotals/${field}`)]),
  );
  return { request: { actualAsOf: optional(body, '/actualAsOf'), budgetLines, typedTotals }, rows };
}

/**
 * ⑤ as an update request: one result per KPI of the project, in the project's order, with the actuals entered and
 * those of other years kept as stored (keptYearlyActuals).
 */
export function kpiRequest(
  body: FormBody,
  view: ReportView,
): { request: Record<string, unknown>; yearRows: number[][]; labels: FieldLabels } {
  const yearRows: number[][] = [];
  // A KPI is named by its number, and a year's value by its year, as the form shows them (「⑤指標①のR3年度の実績」),
  // not by their rows.
  const labels = kpiPlaceLabels(view.kpis);
  const kpiResults = view.kpis.map((kpi, index) => {
    const prefix = `/kpiResults/${index}`;
    const rows = rowIndices(body, `${prefix}/yearlyActuals`).filter(
      (row) => optional(body, `${prefix}/yearlyActuals/${row}/value`) !== null,
    );
    yearRows.push(rows);
    rows.forEach((row, sent) => {
      const fiscalYear = parseFiscalYear(text(body, `${prefix}/yearlyActuals/${row}/fiscalYear`));
      if (fiscalYear !== null)
        labels[`${prefix}/yearlyActuals/${sent}/value`] = fieldLabel(
          `/kpiResults/${kpi.definition.position - 1}/yearlyActuals/${fiscalYear}`,
        );
    });
    return {
      position: kpi.definition.position,
      latestValue: optional(body, `${prefix}/latestValue`),
      latestAsOf: optional(body, `${prefix}/latestAsOf`),
      isReference: checked(body, `${prefix}/isReference`),
      yearlyActuals: [
        ...rows.map((row) => ({
          fiscalYear: optional(body, `${prefix}/yearlyActuals/${row}/fiscalYear`),
          value: optional(body, `${prefix}/yearlyActuals/${row}/value`),
        })),
        ...keptYearlyActuals(view, kpi.yearlyActuals),
      ],
    };
  });
  return { request: { kpiResults }, yearRows, labels };
}

export function effectRequest(body: FormBody): Record<string, unknown> {
  return {
    effectLevel: optional(body, '/effectLevel'),
    effectNarrative: text(body, '/effectNarrative'),
    effectLevelReason: text(body, '/effectLevelReason'),
    resultFactors: text(body, '/resultFactors'),
    improvementMeasures: text(body, '/improvementMeasures'),
    previousPolicyFollowUp: text(body, '/previousPolicyFollowUp'),
  };
}

/** Achievement of each KPI for the values as entered (the live preview of ⑤), by the domain's own formula. */
export function achievementPreview(view: ReportView, latestValues: (number | null | undefined)[]) {
  return view.kpis.map((kpi, index) => {
    const rate = achievementRate({
      baseline: kpi.definition.baseline,
      target: kpi.definition.target,
      latest: latestValues[index] ?? null,
      direction: kpi.definition.direction,
    });
    return {
      position: kpi.definition.position,
      name: kpi.definition.name,
      percent: percentOf(rate),
    };
  });
}

/**
 * The warnings against the published record (last year's value, a value published for the same month) for the ⑤
 * values as entered, by the same rule as the saved report's; each says whether it was already confirmed.
 */
export function publishedValuePreview(
  view: ReportView,
  entered: ({ latestValue?: number | null; latestAsOf?: string | null } | undefined)[],
) {
  const confirmed = new Set(view.warnings.filter((warning) => warning.acknowledged).map((warning) => warning.key));
  const labels = kpiPlaceLabels(view.kpis);
  return publishedValueWarnings(
    view.kpis.map((kpi, index) => ({
      position: kpi.definition.position,
      direction: kpi.definition.direction,
      baseline: kpi.definition.baseline,
      latest: entered[index]?.latestValue ?? null,
      latestAsOf: entered[index]?.latestAsOf ?? null,
      earlier: kpi.earlierYears,
    })),
    view.fiscalYear,
  ).map((warning) => ({
    ...warning,
    label: fieldLabel(warning.path, labels),
    acknowledged: confirmed.has(warning.key),
  }));
}
