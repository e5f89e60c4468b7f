import { randomUUID } from 'node:crypto';
import type { Environment } from 'nunjucks';
import { japaneseAndIsoDate, japaneseDate, japaneseDateTime } from '../common/dates';
import { toIsoYearMonth } from '../common/era-input';
import { formatFiscalYear, formatYearMonth } from '../common/japanese-era';
import { formatNumber } from '../common/number-format';
import { formatPercent } from '../common/percent';
import { ASSIGNMENT_STATUS_LABELS } from '../reports/rules/assignment-status';
import { COMMENT_KIND_LABELS } from '../reports/reviews/report-comment.entity';
import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../reports/report/assessment';
import { POLICY_APPROVAL_LABELS } from '../reports/report/policy-approval';
import { KPI_DIRECTION_LABELS } from '../projects/kpi-direction';
import { type KpiMeasure, targetMet } from '../reports/report/report-calculations';
import { kpiLabel } from '../projects/kpi-label';
import { REPORT_STATUS_LABELS } from '../reports/rules/report-status';
import { ROLE_LABELS } from '../access/role';
import { fieldId } from './forms';
import { readableReportPath } from './navigation';
import { warningText } from './messages/error-messages';
import { NEW_PASSWORD_HINT, previousActualsLabel } from './messages/field-labels';
import { draftProgressText } from './reports/draft-progress';
import { SUBMISSION_FIELD } from './repeated-submission.interceptor';

const EMPTY = '—';

/** 2022 → "R4年度(2022年度)": municipal staff think in 和暦, the national forms and spreadsheets mix both. */
export function fiscalYearWithWestern(year: number): string {
  return `${formatFiscalYear(year)}(${formatFiscalYear(year, 'western')})`;
}

/** 千円 amounts and KPI values with thousands separators. */
function numberOrEmpty(value: number | null | undefined): string {
  return value === null || value === undefined ? EMPTY : formatNumber(value);
}

function percentOrEmpty(value: number | null | undefined): string {
  return value === null || value === undefined ? EMPTY : formatPercent(value);
}

/**
 * The example under a report's year-month fields (実績の時点, 最新値の時点): the last month of the report's fiscal year,
 * in 和暦 and ISO, so an R5 report (April 2023 – March 2024) suggests R6.3月, not a month of the year before.
 */
export function asOfExample(fiscalYear: number): string {
  const lastMonth = { year: fiscalYear + 1, month: 3 };
  return `例: ${formatYearMonth(lastMonth)} または ${toIsoYearMonth(lastMonth.year, lastMonth.month)}`;
}

/** A role as the users pages show it: 事業担当課(観光課). */
export function roleText(role: { roleLabel: string; departmentName?: string | null }): string {
  return role.departmentName ? `${role.roleLabel}(${role.departmentName})` : role.roleLabel;
}

/** A department as a filter offers it: one retired (廃止) stays, marked, for the years it carried. */
export function departmentFilterChoices(
  departments: { id: string; name: string; retiredAt: Date | null }[],
): { value: string; text: string }[] {
  return departments.map(({ id, name, retiredAt }) => ({ value: id, text: retiredAt ? `${name}(廃止)` : name }));
}

/**
 * The 達成率 bar (macro achievementBar) of ⑤, 年度のまとめ and the KPI ledger: `percent` in tenths, green and full only
 * when the values meet the target in the KPI's direction (targetMet), never by the rounded percentage, which shows
 * 1,999 of 2,000 as 100.0 %. `kpi` is the plan the percentage measures against; null for no bar.
 */
export function achievementBar(
  percent: number | null,
  kpi: Omit<KpiMeasure, 'latest'> | null,
  latest: number | null,
): { percent: number; met: boolean; step: number } | null {
  if (percent === null) return null;
  const met = kpi !== null && targetMet({ ...kpi, latest }) === true;
  return { percent, met, step: Math.max(0, Math.min(met ? 10 : 9, Math.floor(percent / 10))) };
}

export function registerViewHelpers(environment: Environment): void {
  environment.addFilter('fiscalYear', fiscalYearWithWestern);
  environment.addFilter('fiscalYearShort', (year: number) => formatFiscalYear(year));
  environment.addFilter('previousActualsLabel', previousActualsLabel);
  environment.addFilter('asOfExample', asOfExample);
  environment.addFilter('date', japaneseDate);
  environment.addFilter('dateTime', japaneseDateTime);
  environment.addFilter('dateWithIso', japaneseAndIsoDate);
  environment.addFilter('number', numberOrEmpty);
  environment.addFilter('percent', percentOrEmpty);
  environment.addFilter('kpiLabel', kpiLabel);
  environment.addFilter('warningText', warningText);
  environment.addFilter('draftProgress', draftProgressText);
  environment.addGlobal('achievementBarOf', achievementBar);
  environment.addGlobal('fieldId', fieldId);
  environment.addGlobal('newPasswordHint', NEW_PASSWORD_HINT);
  environment.addGlobal('readableReportPath', readableReportPath);
  // A new id for each form shown, even two forms of one page: sending one must not count as sending the other.
  environment.addGlobal('submission', { field: SUBMISSION_FIELD, newId: () => randomUUID() });
  environment.addGlobal('labels', {
    status: REPORT_STATUS_LABELS,
    role: ROLE_LABELS,
    effect: EFFECT_LEVEL_LABELS,
    rating: PANEL_RATING_LABELS,
    policy: POLICY_DECISION_LABELS,
    approval: POLICY_APPROVAL_LABELS,
    assignment: ASSIGNMENT_STATUS_LABELS,
    comment: COMMENT_KIND_LABELS,
    direction: KPI_DIRECTION_LABELS,
  });
}
