import { type FieldChange } from '../../common/document-diff';
import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../../reports/report/assessment';
import { REPORT_STATUS_LABELS } from '../../reports/rules/report-status';
import { type EffectLevel, type PanelRating, type PolicyDecision } from '../../reports/report/assessment';
import { type ReportStatus } from '../../reports/rules/report-status';
import { fieldLabel } from '../messages/field-labels';

/** A stored value as a reader expects it: labels for coded values, 和暦 for year-months, separators for numbers. */
export function displayValue(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(なし)';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  // The leaves of a document diff are text and numbers from here on; anything else is shown as its JSON.
  if (typeof value !== 'string' && typeof value !== 'number') return JSON.stringify(value);
  if (path === '/status') return REPORT_STATUS_LABELS[value as ReportStatus] ?? String(value);
  if (path === '/effectLevel') return EFFECT_LEVEL_LABELS[value as EffectLevel] ?? String(value);
  // An expert's /rating (opinion entries of the audit trail) takes the same labels as the report's ⑦.
  if (path === '/panelRating' || path === '/rating') return PANEL_RATING_LABELS[value as PanelRating] ?? String(value);
  if (path === '/policyDecision') return POLICY_DECISION_LABELS[value as PolicyDecision]?.label ?? String(value);
  if (/(AsOf|YearMonth)$/.test(path) && typeof value === 'string') return yearMonthLabel(value) ?? value;
  if (/(fiscalYear|FiscalYear)$/.test(path) && typeof value === 'number') return fiscalYearLabel(value);
  if (typeof value === 'number') return value.toLocaleString('ja-JP', { maximumFractionDigits: 3 });
  return String(value);
}

/** Splits two texts into what they share at both ends and what changed in between, to highlight an edit inside a long text. */
export function changedMiddle(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return {
    prefix: before.slice(0, start),
    removed: before.slice(start, before.length - end),
    added: after.slice(start, after.length - end),
    suffix: before.slice(before.length - end),
  };
}

/** One changed field of the version history or the audit trail, ready to show with the change highlighted. */
export function changeRow(change: FieldChange) {
  const before = displayValue(change.path, change.before);
  const after = displayValue(change.path, change.after);
  return { path: change.path, label: fieldLabel(change.path), before, after, ...changedMiddle(before, after) };
}
