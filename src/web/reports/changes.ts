import { ConflictException } from '@nestjs/common';
import { type FieldChange } from '../../common/document-diff';
import { displayValue } from '../../common/display-value';
import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../../reports/report/assessment';
import { REPORT_STATUS_LABELS } from '../../reports/rules/report-status';
import { type EffectLevel, type PanelRating, type PolicyDecision } from '../../reports/report/assessment';
import { type ReportStatus } from '../../reports/rules/report-status';
import { type ChangeWording, fieldLabel } from '../messages/field-labels';

/** A report's coded value by its label: its state and its assessments. */
function codedLabel(path: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (path === '/status') return REPORT_STATUS_LABELS[value as ReportStatus];
  if (path === '/effectLevel') return EFFECT_LEVEL_LABELS[value as EffectLevel];
  // An expert's /rating (opinion entries of the audit trail) takes the same labels as the report's ⑦.
  if (path === '/panelRating' || path === '/rating') return PANEL_RATING_LABELS[value as PanelRating];
  if (path === '/policyDecision') return POLICY_DECISION_LABELS[value as PolicyDecision]?.label;
  return undefined;
}

/** A stored value of a report as a reader expects it: labels for coded values, then as any value (displayValue). */
export function reportDisplayValue(path: string, value: unknown): string {
  return codedLabel(path, value) ?? displayValue(path, value);
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

const REPORT_WORDING: ChangeWording = { label: (path) => fieldLabel(path), value: reportDisplayValue };

/**
 * One changed field of the version history or the audit trail, ready to show with the change highlighted: read as a
 * report's field unless told otherwise (an entry of changed settings).
 */
export function changeRow(change: FieldChange, wording: ChangeWording = REPORT_WORDING) {
  const before = wording.value(change.path, change.before);
  const after = wording.value(change.path, change.after);
  return { path: change.path, label: wording.label(change.path), before, after, ...changedMiddle(before, after) };
}

export type ChangeRow = ReturnType<typeof changeRow>;

/** The fields that word ⑥–⑧ as the municipality does, by the choice each words. */
const WORDING_OF_CHOICE: Record<string, string> = {
  '/effectLevel': '/effectLevelLabel',
  '/panelRating': '/panelRatingLabel',
  '/policyDecision': '/policyDecisionLabel',
};

/**
 * A report's changed fields as rows. A choice of ⑥–⑧ and its wording change together, so they are one row, where
 * the choice stands, in the words the municipality uses: two rows read as two changes. Where no wording was kept
 * before (reports from before wording was), the choice's own label stands in.
 */
export function reportChangeRows(changes: FieldChange[]): ChangeRow[] {
  const byPath = new Map(changes.map((change) => [change.path, change]));
  return changes.flatMap((change) => {
    const [choice] = Object.entries(WORDING_OF_CHOICE).find(([, wording]) => wording === change.path) ?? [];
    if (choice && byPath.has(choice)) return []; // shown in the choice's row
    if (choice) return [{ ...changeRow(change), label: fieldLabel(choice) }];
    const wording = byPath.get(WORDING_OF_CHOICE[change.path]);
    if (!wording) return [changeRow(change)];
    const ownLabel = (value: unknown) =>
      value === null || value === undefined ? value : codedLabel(change.path, value);
    const row = changeRow({
      path: wording.path,
      before: wording.before ?? ownLabel(change.before),
      after: wording.after ?? ownLabel(change.after),
    });
    return [{ ...row, label: fieldLabel(change.path) }];
  });
}

/**
 * What a save refused for changes made since its form was opened (ReportChanges) says in its details, as the API's
 * error body has them: the version the report is at now and those changes, ready to show; null for any other refusal.
 */
export function changedMeanwhile(error: unknown): { currentVersion: number; changes: ChangeRow[] } | null {
  if (!(error instanceof ConflictException)) return null;
  const { details } = error.getResponse() as { details?: { currentVersion?: unknown; changes?: unknown } };
  const { currentVersion, changes } = details ?? {};
  if (typeof currentVersion !== 'number' || !Array.isArray(changes)) return null;
  return { currentVersion, changes: reportChangeRows(changes as FieldChange[]) };
}
