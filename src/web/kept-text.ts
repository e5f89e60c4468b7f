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
}

/**
 * The prose a form carried, to show read-only so it can be copied: blank fields left out. Named by the form's own
 * labels where it has them (`labels`, by pointer under `prefix`), otherwise as every form names the field.
 */
export function keptText(body: FormBody | undefined, labels: FieldLabels = {}, prefix = ''): KeptText[] {
  return Object.entries(body ?? {})
    .filter(([pointer]) => pointer.startsWith('/') && WRITTEN_FIELDS.has(pointer.slice(pointer.lastIndexOf('/') + 1)))
    .map(([pointer, value]) => ({
      pointer,
      label: (pointer.startsWith(prefix) && labels[pointer.slice(prefix.length)]) || labelOf(pointer),
      text: textOf(value),
    }))
    .filter((field) => field.text.trim() !== '');
}

/** A pointer with ids in it (/answers/<id>/body) has no label of its own: the field's, as every form names it. */
function labelOf(pointer: string): string {
  const label = fieldLabel(pointer);
  return label === pointer.slice(1) ? fieldLabel(pointer.slice(pointer.lastIndexOf('/'))) : label;
}
