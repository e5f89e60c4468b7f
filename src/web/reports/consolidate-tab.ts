import { PANEL_RATING_LABELS, type PanelRating } from '../../reports/report/assessment';
import { type AssessmentChoice, AssessmentScale, kindsOf } from '../../reports/report/assessment-choices';
import type { AssignmentView, OpinionsView } from '../../reports/reviews/reviews.dto';
import { FormState } from '../forms';
import type { ReportPage } from './report-page-types';
import { panelRatingChoices } from './report-tab';

/** ⑦ as the experts rated it: the option to start the panel's rating from, if any, and a hint saying why. */
export interface RatingSuggestion {
  key: string | null;
  hint: string;
}

/**
 * When every opinion given has the same rating, the municipality's option of that kind is chosen for planning, who
 * would otherwise have to find it again among the options; when the ratings differ nothing is chosen (planning
 * weighs them) and the hint counts each. Experts rate on the national levels, so an option is chosen only where
 * exactly one offered option is of that kind.
 */
export function suggestedRating(
  opinions: Pick<AssignmentView, 'rating' | 'opinionSubmittedAt'>[],
  choices: AssessmentChoice<AssessmentScale.PanelRating>[],
): RatingSuggestion {
  const given = opinions
    .filter((opinion) => opinion.opinionSubmittedAt && opinion.rating)
    .map((opinion) => opinion.rating as PanelRating);
  const tally = kindsOf(AssessmentScale.PanelRating)
    .map((kind) => ({ kind, count: given.filter((rating) => rating === kind).length }))
    .filter(({ count }) => count > 0);
  if (tally.length === 0) return { key: null, hint: '' };
  const ofKind = choices.filter((choice) => choice.kind === tally[0].kind);
  if (tally.length === 1 && ofKind.length === 1) {
    return {
      key: ofKind[0].key,
      hint: `委員の評価がすべて「${PANEL_RATING_LABELS[tally[0].kind]}」のため、選んであります。`,
    };
  }
  return {
    key: null,
    hint: `委員の評価: ${tally.map(({ kind, count }) => `「${PANEL_RATING_LABELS[kind]}」${count}人`).join('、')}`,
  };
}

/** What the 意見の取りまとめ tab (views/reports/consolidate.njk) shows beside the opinions: the ⑦ form, started. */
export function consolidateTab(page: ReportPage, opinions: OpinionsView, form: FormState) {
  const suggestion = suggestedRating(opinions.opinions, page.assessment.ratings);
  const fresh = form.errors.length === 0 && !form.value('/rating');
  return {
    opinions,
    ratingChoices: panelRatingChoices(page),
    ratingHint: suggestion.hint,
    evaluateForm:
      fresh && suggestion.key ? new FormState({ ...form.values, '/rating': suggestion.key }, form.errors) : form,
  };
}
