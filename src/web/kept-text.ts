import { textOf } from '../common/text';
import { type FormBody } from './forms';
import { fieldLabel, type FieldLabels } from './messages/field-labels';

/**
 * The fields of the page forms where people write prose (every textarea), by the last part of their pointer. Only
 * these are shown back when a form could not be carried out: what takes long to write, and by construction never a
 * password, a token or a hidden field. Short inputs (an amount, a date) are quickly typed again.
 */
const WRITTEN_FIELDS = new Set([
  'body',
  'comment',
  'conflictOfInterestDetails',
  'effectLevelReason',
  'effectNarrative',
  'improvementMeasures',
  'note',
  'opinion',
  'overview',
  'partnerMunicipalities',
  'previousPolicyFollowUp',
  'reason',
  'results',
  'resultFactors',
  'summary',
  'text',
]);

/** One field a person had written, named as its form names it, by its pointer in the form that carried it. */
export interface KeptText {
  pointer: string;
  label: string;
  text: string;
  /** A choice's option, which a form carrying the field back sends (its label is the text). */
  key?: string;
}

/** The options of the radios kept with the prose, by pointer: each option's label by its key. */
export type KeptChoices = Record<string, Record<string, string>>;

/**
 * The prose a form carried, to show read-only so it can be copied: blank fields left out. Named by the form's own
 * labels where it has them (`labels`, by pointer under `prefix`), otherwise as every form names the field. A radio
 * among `choices` is kept too, shown by its option's label: choosing again is as easily missed as typing again.
 */
export function keptText(
  body: FormBody | undefined,
  labels: FieldLabels = {},
  prefix = '',
  choices: KeptChoices = {},
): KeptText[] {
  return Object.entries(body ?? {})
    .filter(
      ([pointer]) =>
        pointer.startsWith('/') &&
        (WRITTEN_FIELDS.has(pointer.slice(pointer.lastIndexOf('/') + 1)) || Object.hasOwn(choices, pointer)),
    )
    .map(([pointer, value]): KeptText => {
      const label = (pointer.startsWith(prefix) && labels[pointer.slice(prefix.length)]) || labelOf(pointer);
      const text = textOf(value);
      if (!Object.hasOwn(choices, pointer)) return { pointer, label, text };
      // A key that names no option of the list (an altered form) shows nothing.
      return { pointer, label, key: text, text: Object.hasOwn(choices[pointer], text) ? choices[pointer][text] : '' };
    })
    .filter((field) => field.text.trim() !== '');
}

/** A pointer with ids in it (/answers/<id>/body) has no label of its own: the field's, as every form names it. */
function labelOf(pointer: string): string {
  const label = fieldLabel(pointer);
  return label === pointer.slice(1) ? fieldLabel(pointer.slice(pointer.lastIndexOf('/'))) : label;
}
