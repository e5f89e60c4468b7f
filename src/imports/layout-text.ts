import { type AssessmentChoice, AssessmentScale, builtInChoices } from '../reports/report/assessment-choices';
import { foldForMatching } from '../common/text';
import { plainText } from './cell-values';
import { type ChosenWording, type ImportWording, type SourceRow } from './import-model';

/** A file read without an organization's wording: the national one (the labels beside the enums). */
export const NATIONAL_WORDING: ImportWording = {
  effectLevel: builtInChoices(AssessmentScale.EffectLevel),
  panelRating: builtInChoices(AssessmentScale.PanelRating),
  policyDecision: builtInChoices(AssessmentScale.PolicyDecision),
};

/** The organization's options first (a relabelled kind reads as its own option), then the national wording. */
function candidates<S extends AssessmentScale>(own: AssessmentChoice<S>[], scale: S): AssessmentChoice<S>[] {
  return [...own, ...builtInChoices(scale)];
}

/** ⑧ as printed: the full form text, the short label, or the label followed by a differently worded explanation. */
export function matchPolicy(
  text: string,
  own: AssessmentChoice<AssessmentScale.PolicyDecision>[] = [],
): AssessmentChoice<AssessmentScale.PolicyDecision> | null {
  const folded = foldForMatching(text);
  return (
    candidates(own, AssessmentScale.PolicyDecision).find(
      ({ label, formText }) =>
        folded === foldForMatching(formText) ||
        folded === foldForMatching(label) ||
        folded.startsWith(`${foldForMatching(label)}(`),
    ) ?? null
  );
}

export function matchRating(
  text: string,
  own: AssessmentChoice<AssessmentScale.PanelRating>[] = [],
): AssessmentChoice<AssessmentScale.PanelRating> | null {
  const folded = foldForMatching(text);
  return candidates(own, AssessmentScale.PanelRating).find(({ label }) => foldForMatching(label) === folded) ?? null;
}

/**
 * ⑥ as printed in the 事業効果 cell: the level, then its explanation, sometimes in parentheses
 * ("地方創生に効果があった (新型コロナ…)") or as a second paragraph.
 */
export function splitEffect(
  text: string,
  own: AssessmentChoice<AssessmentScale.EffectLevel>[] = [],
): { level: AssessmentChoice<AssessmentScale.EffectLevel> | null; narrative: string } {
  const choices = candidates(own, AssessmentScale.EffectLevel);
  const folded = foldForMatching(text);
  const whole = choices.find(({ label }) => foldForMatching(label) === folded);
  if (whole) return { level: whole, narrative: '' };
  // The longest label the text begins with, so that one label that starts another is not taken for it.
  const leading = [...choices]
    .sort((a, b) => b.label.length - a.label.length)
    .find(({ label }) => text.startsWith(label));
  if (!leading) return { level: null, narrative: text };
  const rest = text.slice(leading.label.length).trim();
  const wrapped = /^[(（]([\s\S]*)[)）]$/.exec(rest);
  return { level: leading, narrative: plainText(wrapped ? wrapped[1] : rest) };
}

/** What a report keeps of the option its printed ⑥–⑧ matched. */
export function wordingOf({ key, label, formText }: AssessmentChoice): ChosenWording {
  return { key, label, formText };
}

/** The labels a printed value is read against, 「quoted」, for a message that says which were expected. */
export function labelsOf(own: AssessmentChoice[]): string {
  return own
    .filter((choice) => !choice.retired)
    .map((choice) => `「${choice.label}」`)
    .join('、');
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
