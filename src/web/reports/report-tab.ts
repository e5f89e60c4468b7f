import { PANEL_RATING_LABELS } from '../../reports/report/assessment';
import { ReportAction } from '../../reports/rules/report-workflow';
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

/** What the planning division (and administrators) act with; their panels follow the report, read before deciding. */
const DECISIONS: ReportAction[] = [
  ReportAction.Accept,
  ReportAction.Return,
  ReportAction.Evaluate,
  ReportAction.ProposePolicy,
  ReportAction.ApprovePolicy,
  ReportAction.SendBackProposal,
  ReportAction.Publish,
  ReportAction.Reopen,
  ReportAction.StartCorrection,
  ReportAction.WithdrawPublication,
];

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
    resubmission: page.resubmission && {
      reason: page.resubmission.lastReturn.body,
      returnedBy: page.resubmission.lastReturn.authorName,
      returnedAt: page.resubmission.lastReturn.createdAt,
      returnedVersion: page.resubmission.returnedVersion,
      changesHref:
        page.resubmission.returnedVersion === null
          ? null
          : `${base}/history?from=${page.resubmission.returnedVersion}&to=${page.view.version}`,
    },
    decisionsBelow: DECISIONS.some((action) => page.permissions.can[action]),
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
    decisionChoices: page.assessment.decisions.map((choice): Choice => ({ value: choice.key, text: choice.formText })),
    forms: {
      acknowledge: formFor('acknowledge'),
      respond: formFor('respond'),
      opinion: startingFromSaved(formFor('opinion'), page.ownAssignment),
      accept: offeringDueDate(formFor('accept'), page.reviewDueDate, page.today),
      return: formFor('return'),
      propose: formFor('propose'),
      sendBack: formFor('send-back'),
      reopen: formFor('reopen'),
      correct: formFor('correct'),
      withdrawPublication: formFor('withdraw-publication'),
    },
  };
}

/** A fresh accept form offers the year's review due date as the experts' due date, unless that day has passed. */
function offeringDueDate(form: FormState, dueDate: string | null, today: string): FormState {
  if (form.errors.length > 0 || form.value('/dueDate') || !dueDate || dueDate < today) return form;
  return new FormState({ ...form.values, '/dueDate': dueDate }, form.errors);
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
