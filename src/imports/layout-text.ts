import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../reports/report/assessment';
import { type EffectLevel, type PanelRating, type PolicyDecision } from '../reports/report/assessment';
import { foldForMatching, matchLabel, plainText, splitLeadingLabel } from './cell-values';
import { type SourceRow } from './import-model';

/** Published wording → enum, through the labels beside the enums (the single source of the national form's wording). */
export const EFFECT_WORDING = Object.entries(EFFECT_LEVEL_LABELS) as [EffectLevel, string][];
export const RATING_WORDING = Object.entries(PANEL_RATING_LABELS) as [PanelRating, string][];

/** ⑧ as printed: the full form text, the short label, or the label followed by a differently worded explanation. */
export function matchPolicy(text: string): PolicyDecision | null {
  const folded = foldForMatching(text);
  for (const [decision, { label, formText }] of Object.entries(POLICY_DECISION_LABELS) as [
    PolicyDecision,
    { label: string; formText: string },
  ][]) {
    if (
      folded === foldForMatching(formText) ||
      folded === foldForMatching(label) ||
      folded.startsWith(`${foldForMatching(label)}(`)
    )
      return decision;
  }
  return null;
}

export function matchRating(text: string): PanelRating | null {
  return matchLabel(RATING_WORDING, text);
}

/**
 * ⑥ as printed in the 事業効果 cell: the level, then its explanation, sometimes in parentheses
 * ("地方創生に効果があった (新型コロナ…)") or as a second paragraph.
 */
export function splitEffect(text: string): { level: EffectLevel | null; narrative: string } {
  const leading = splitLeadingLabel(EFFECT_WORDING, text);
  if (!leading)
    return { level: matchLabel(EFFECT_WORDING, text), narrative: matchLabel(EFFECT_WORDING, text) ? '' : text };
  const rest = leading.rest.trim();
  const wrapped = /^[(（]([\s\S]*)[)）]$/.exec(rest);
  return { level: leading.value, narrative: plainText(wrapped ? wrapped[1] : rest) };
}

export const trimmed = (row: SourceRow) => row.cells.map((cell) => cell.trim());

export function isBlank(row: SourceRow): boolean {
  return row.cells.every((cell) => cell.trim() === '');
}

/** The non-empty cells of a row, in order. */
export function filledCells(row: SourceRow): string[] {
  return trimmed(row).filter((cell) => cell !== '');
}

/** The first non-empty cell of a row, or ''. */
export function firstFilled(row: SourceRow): string {
  return filledCells(row)[0] ?? '';
}
