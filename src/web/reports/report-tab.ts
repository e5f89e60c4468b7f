import { PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../../reports/report/assessment';
import { FormState, type PageError } from '../forms';
import { warningText } from '../messages/error-messages';
import { fieldLabel } from '../messages/field-labels';
import type { ReportPage } from './report-pages';
import { type Section, sectionOf } from './report-form';

/** The owning department's tasks on a draft, one per section page, as the task list names them. */
const TASK_TITLES: Record<Section, string> = {
  overview: '③ 全体概要',
  budget: '④ 市予算事業(予算額・実績額)',
  kpis: '⑤ KPIの実績',
  effect: '⑥ 事業効果',
};

/** One option of a radio or checkbox group (views/macros/forms.njk). */
export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

/**
 * What the 報告書 tab (views/reports/report.njk) shows beyond the report itself, worked out here so that the
 * template only displays: the draft's task list, the warnings still to confirm, the choices of each form and the
 * forms' states (a refused form comes back with what was entered).
 */
export function reportTab(
  page: ReportPage,
  base: string,
  submissionProblems: PageError[],
  formFor: (name: string) => FormState,
) {
  return {
    can: page.permissions.can,
    lastReturn: page.returns[page.returns.length - 1],
    tasks: (Object.keys(TASK_TITLES) as Section[]).map((section) => ({
      id: section,
      title: TASK_TITLES[section],
      href: `${base}/sections/${section}`,
      complete: !submissionProblems.some(
        (problem) => problem.path !== undefined && sectionOf(problem.path) === section,
      ),
    })),
    warningsToConfirm: page.view.warnings
      .filter((warning) => !warning.acknowledged)
      .map((warning): Choice => ({ value: warning.key, text: `${fieldLabel(warning.path)}:${warningText(warning)}` })),
    expertChoices: page.experts.map((expert): Choice => ({
      value: expert.id,
      text: expert.displayName,
      hint: expert.email,
    })),
    ratingChoices: Object.entries(PANEL_RATING_LABELS).map(([value, text]): Choice => ({ value, text })),
    decisionChoices: Object.entries(POLICY_DECISION_LABELS).map(([value, label]): Choice => ({
      value,
      text: label.formText,
    })),
    forms: {
      acknowledge: formFor('acknowledge'),
      respond: formFor('respond'),
      opinion: startingFromSaved(formFor('opinion'), page.ownAssignment),
      accept: formFor('accept'),
      return: formFor('return'),
      propose: formFor('propose'),
      sendBack: formFor('send-back'),
      reopen: formFor('reopen'),
      correct: formFor('correct'),
    },
  };
}

/** The expert's opinion form shows what they saved, unless they have just typed something else into it. */
function startingFromSaved(form: FormState, saved: { rating: string | null; opinion: string } | undefined): FormState {
  const values = {
    ...form.values,
    '/rating': form.value('/rating') || saved?.rating || '',
    '/opinion': form.value('/opinion') || saved?.opinion || '',
  };
  return new FormState(values, form.errors);
}
