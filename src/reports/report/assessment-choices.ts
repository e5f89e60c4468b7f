import { contentChecksum } from '../../common/content-checksum';
import { type FieldError } from '../../infra/http/validation';
import {
  EFFECT_LEVEL_LABELS,
  type EffectLevel,
  PANEL_RATING_LABELS,
  type PanelRating,
  POLICY_DECISION_LABELS,
  type PolicyDecision,
} from './assessment';

/** The three lists a municipality words in its own way: ⑥ effect levels, ⑦ panel ratings, ⑧ policy decisions. */
export enum AssessmentScale {
  EffectLevel = 'effect_level',
  PanelRating = 'panel_rating',
  PolicyDecision = 'policy_decision',
}

export const SCALE_TITLES: Record<AssessmentScale, string> = {
  [AssessmentScale.EffectLevel]: '⑥ 事業効果',
  [AssessmentScale.PanelRating]: '⑦ 外部有識者からの評価(事業の評価)',
  [AssessmentScale.PolicyDecision]: '⑧ 今後の方針',
};

/** The built-in (national) kinds of each list; every option of a municipality counts as one of them. */
export interface ScaleKinds {
  [AssessmentScale.EffectLevel]: EffectLevel;
  [AssessmentScale.PanelRating]: PanelRating;
  [AssessmentScale.PolicyDecision]: PolicyDecision;
}

export interface Wording {
  label: string;
  /** ⑧: the long wording of the form's cell; the label itself on the other lists. */
  formText: string;
}

const BUILT_IN_WORDING: { [S in AssessmentScale]: Record<ScaleKinds[S], Wording> } = {
  [AssessmentScale.EffectLevel]: wordingOf(EFFECT_LEVEL_LABELS),
  [AssessmentScale.PanelRating]: wordingOf(PANEL_RATING_LABELS),
  [AssessmentScale.PolicyDecision]: POLICY_DECISION_LABELS,
};

function wordingOf<K extends string>(labels: Record<K, string>): Record<K, Wording> {
  return Object.fromEntries(
    Object.entries(labels).map(([kind, label]) => [kind, { label, formText: label }]),
  ) as Record<K, Wording>;
}

/** At most this many options per list: enough for any municipality's wording, few enough for a select. */
export const MAX_OPTIONS = 20;
export const MAX_LABEL_LENGTH = 100;
export const MAX_FORM_TEXT_LENGTH = 500;

/** One option of a municipality's list. The key is what requests send and reports keep; the kind is what adds up. */
export interface AssessmentChoice<S extends AssessmentScale = AssessmentScale> {
  key: string;
  kind: ScaleKinds[S];
  label: string;
  formText: string;
  /** No longer offered; reports decided with it keep it. */
  retired: boolean;
}

export function kindsOf<S extends AssessmentScale>(scale: S): ScaleKinds[S][] {
  return Object.keys(BUILT_IN_WORDING[scale]) as ScaleKinds[S][];
}

export function isKindOf<S extends AssessmentScale>(scale: S, value: string): value is ScaleKinds[S] {
  return (kindsOf(scale) as string[]).includes(value);
}

export function builtInWording<S extends AssessmentScale>(scale: S, kind: ScaleKinds[S]): Wording {
  return (BUILT_IN_WORDING[scale] as Record<ScaleKinds[S], Wording>)[kind];
}

/** The national list: each kind is its own option, keyed by the kind itself. */
export function builtInChoices<S extends AssessmentScale>(scale: S): AssessmentChoice<S>[] {
  return kindsOf(scale).map((kind) => ({ key: kind, kind, ...builtInWording(scale, kind), retired: false }));
}

/** A municipality that never saved a list uses the national one. */
export function effectiveChoices<S extends AssessmentScale>(
  scale: S,
  stored: AssessmentChoice<S>[],
): AssessmentChoice<S>[] {
  return stored.length > 0 ? stored : builtInChoices(scale);
}

/** The list as it was read (nothing in it, not even its order, left out): see `contentChecksum`. */
export function choicesChecksum(choices: AssessmentChoice[]): string {
  return contentChecksum(
    choices.map(({ key, kind, label, formText, retired }) => [key, kind, label, formText, retired]),
  );
}

/**
 * How a municipality's form names a kind: the labels of its active options of that kind (any of which counts as the
 * kind), or the national label where none is active.
 */
export function kindWording<S extends AssessmentScale>(
  scale: S,
  kind: ScaleKinds[S],
  choices: AssessmentChoice<S>[],
): string {
  const labels = offeredChoices(effectiveChoices(scale, choices))
    .filter((choice) => choice.kind === kind)
    .map((choice) => choice.label);
  return labels.length > 0 ? labels.join('、') : builtInWording(scale, kind).label;
}

/** What a form offers: the active options, and the report's current one even if it was retired since. */
export function offeredChoices<S extends AssessmentScale>(
  choices: AssessmentChoice<S>[],
  currentKey: string | null = null,
): AssessmentChoice<S>[] {
  return choices.filter((choice) => !choice.retired || choice.key === currentKey);
}

/** The option a request names, if it may be chosen now (a retired one only where it is the report's current one). */
export function findChoice<S extends AssessmentScale>(
  choices: AssessmentChoice<S>[],
  key: string,
  currentKey: string | null = null,
): AssessmentChoice<S> | null {
  return offeredChoices(choices, currentKey).find((choice) => choice.key === key) ?? null;
}

/** How a report shows a value: the wording it was decided with, else (rows from before wording was kept) the national one. */
export function storedWording<S extends AssessmentScale>(
  scale: S,
  kind: ScaleKinds[S] | null,
  stored: { label: string | null; formText?: string | null },
): Wording | null {
  if (kind === null) return null;
  const builtIn = builtInWording(scale, kind);
  if (!stored.label) return builtIn;
  return { label: stored.label, formText: stored.formText || stored.label };
}

/** One option as an administrator sends it; without a key it is a new option. */
export interface ChoiceEdit {
  key?: string;
  /** Left out, an option of the list keeps the kind it has. */
  kind?: string;
  label: string;
  formText?: string | null;
  retired?: boolean;
}

const singleLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The list an administrator saves, checked against the current one: every current option stays (options are
 * retired, never removed, since reports keep their key), keeps its kind, labels are unique and not empty, at most
 * MAX_OPTIONS, at least one option active. New options get a key from `newKey`. Paths point into the request.
 */
export function reviseChoices<S extends AssessmentScale>(
  scale: S,
  current: AssessmentChoice<S>[],
  edits: ChoiceEdit[],
  newKey: () => string,
): { choices: AssessmentChoice<S>[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const byKey = new Map(current.map((choice) => [choice.key, choice]));
  if (edits.length > MAX_OPTIONS) problem('/options', `a list may hold at most ${MAX_OPTIONS} options`);
  const labels = new Map<string, number>();
  const keys = new Set<string>();
  const taken = new Set([...byKey.keys(), ...edits.flatMap((edit) => (edit.key ? [edit.key] : []))]);
  const choices = edits.map((edit, index): AssessmentChoice<S> => {
    const path = `/options/${index}`;
    const existing = edit.key === undefined ? undefined : byKey.get(edit.key);
    if (edit.key !== undefined) {
      if (!existing) problem(`${path}/key`, `not an option of this list; leave key out to add a new option`);
      if (keys.has(edit.key)) problem(`${path}/key`, 'each option may appear once');
      keys.add(edit.key);
    }
    const kind = edit.kind ?? existing?.kind;
    if (kind === undefined) problem(`${path}/kind`, 'kind is required for a new option');
    else if (!isKindOf(scale, kind)) problem(`${path}/kind`, `kind must be one of: ${kindsOf(scale).join(', ')}`);
    else if (existing && existing.kind !== kind)
      problem(`${path}/kind`, `an option keeps its kind (${existing.kind}); add a new option for another kind`);
    const label = singleLine(edit.label);
    // 全角 and 半角 spellings of one label are the same label.
    const folded = label.normalize('NFKC');
    if (label === '') problem(`${path}/label`, 'label is required');
    else if (label.length > MAX_LABEL_LENGTH)
      problem(`${path}/label`, `label may be at most ${MAX_LABEL_LENGTH} characters`);
    else if (labels.has(folded))
      problem(`${path}/label`, `「${label}」 is already the label of option ${labels.get(folded)! + 1}`);
    if (!labels.has(folded)) labels.set(folded, index);
    const formText = scale === AssessmentScale.PolicyDecision ? singleLine(edit.formText ?? '') : '';
    if (formText.length > MAX_FORM_TEXT_LENGTH)
      problem(`${path}/formText`, `formText may be at most ${MAX_FORM_TEXT_LENGTH} characters`);
    return {
      key: edit.key ?? freshKey(taken, newKey),
      kind: kind as ScaleKinds[S],
      label,
      formText: formText || label,
      retired: edit.retired ?? false,
    };
  });
  const missing = current.filter((choice) => !keys.has(choice.key));
  if (missing.length > 0)
    problem(
      '/options',
      `options are retired, never removed: send ${missing.map((choice) => `${choice.key} (${choice.label})`).join(', ')} again`,
    );
  if (edits.length > 0 && choices.every((choice) => choice.retired))
    problem('/options', 'at least one option must stay active');
  if (edits.length === 0) problem('/options', 'the list needs at least one option');
  return { choices, problems };
}

function freshKey(taken: Set<string>, newKey: () => string): string {
  let key = newKey();
  while (taken.has(key)) key = newKey();
  taken.add(key);
  return key;
}
