import { japaneseDate } from '../../common/dates';
import { dateInputValue } from '../../common/era-input';
import { formatFiscalYear } from '../../common/japanese-era';
import { PANEL_RATING_LABELS } from '../../reports/report/assessment';
import type { ExpertStatistics } from '../../reports/reviews/reviews.repository';
import { CONFLICT_OF_INTEREST_LABELS, DECLINE_REASON_LABELS } from '../../reports/rules/assignment-answer';
import { AssignmentStatus } from '../../reports/rules/assignment-status';
import { isAsked } from '../../reports/reviews/review-alternates.service';
import { ReportAction } from '../../reports/rules/report-workflow';
import { OWNER_SECTIONS, type Section, sectionsToEnter } from '../../reports/report/report-sections';
import { FormState, type PageError } from '../forms';
import { reportChangeRows } from './changes';
import { warningText } from '../messages/error-messages';
import { fieldLabel, kpiPlaceLabels } from '../messages/field-labels';
import type { Choice, ReportPage } from './report-page-types';

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
  ReportAction.ReturnCorrection,
  ReportAction.CorrectAssessment,
  ReportAction.Reopen,
  ReportAction.StartCorrection,
  ReportAction.CancelCorrection,
  ReportAction.WithdrawPublication,
];

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
  const toEnter = sectionsToEnter(submissionProblems);
  const kpiLabels = kpiPlaceLabels(page.view.kpis);
  const asked = askedOnReport(page);
  return {
    can: page.permissions.can,
    lastReturn: page.lastReturn,
    resubmission: page.resubmission && {
      reason: page.resubmission.lastReturn.body,
      returnedBy: page.resubmission.lastReturn.authorName,
      returnedAt: page.resubmission.lastReturn.createdAt,
      returnedVersion: page.resubmission.returnedVersion,
      changesHref:
        page.resubmission.returnedVersion === null || page.resubmission.savedVersion === null
          ? null
          : `${base}/history?from=${page.resubmission.returnedVersion}&to=${page.resubmission.savedVersion}`,
    },
    correction: page.correction && {
      edition: page.correction.edition,
      publishedVersion: page.correction.publishedVersion,
      changes: reportChangeRows(page.correction.changes),
    },
    decisionsBelow: DECISIONS.some((action) => page.permissions.can[action]),
    tasks: OWNER_SECTIONS.map((section) => ({
      id: section,
      title: TASK_TITLES[section],
      href: `${base}/sections/${section}`,
      complete: !toEnter.includes(section),
    })),
    warningsToConfirm: page.view.warnings
      .filter((warning) => !warning.acknowledged)
      .map((warning): Choice => ({
        value: warning.key,
        text: `${fieldLabel(warning.path, kpiLabels)}:${warningText(warning)}`,
      })),
    expertChoices: expertChoices(page),
    addableExperts: page.experts
      .filter((expert) => !asked.has(expert.id))
      .map((expert): Choice => ({ value: expert.id, text: expert.displayName, hint: expert.email })),
    ...alternatesOf(page),
    conflictChoices: choicesOf(CONFLICT_OF_INTEREST_LABELS),
    declineChoices: choicesOf(DECLINE_REASON_LABELS),
    ratingChoices: Object.entries(PANEL_RATING_LABELS).map(([value, text]): Choice => ({ value, text })),
    panelRatingChoices: panelRatingChoices(page),
    decisionChoices: page.assessment.decisions.map((choice): Choice => ({ value: choice.key, text: choice.formText })),
    forms: {
      acknowledge: formFor('acknowledge'),
      respond: formFor('respond'),
      opinion: startingFromSaved(formFor('opinion'), {
        '/rating': page.ownAssignment?.rating,
        '/opinion': page.ownAssignment?.opinion,
      }),
      accept: offeringDueDate(formFor('accept'), page.reviewDueDate, page.today),
      return: formFor('return'),
      propose: formFor('propose'),
      sendBack: formFor('send-back'),
      reopen: formFor('reopen'),
      // Asked more experts by the due date of those asked already, while it has not passed.
      addExperts: offeringDueDate(
        formFor('add-experts'),
        page.assignments.map((assignment) => assignment.dueDate).reduce<string | null>(later, null),
        page.today,
      ),
      alternates: listingAlternates(formFor('alternates'), page.alternates),
      correct: formFor('correct'),
      returnCorrection: formFor('return-correction'),
      // ⑦⑧の訂正 starts from the values the correction has, as published unless corrected since.
      correctAssessment: startingFromSaved(formFor('correct-assessment'), {
        '/rating': page.view.evaluation.option,
        '/opinion': page.view.evaluation.opinion,
        '/decision': page.view.policy.option,
        '/reason': page.view.policy.reason,
      }),
      cancelCorrection: formFor('cancel-correction'),
      withdrawPublication: formFor('withdraw-publication'),
      // Each assignment's own dismissal and reopening forms on the planning division's panel.
      dismissAssignment: Object.fromEntries(
        page.assignments.map((assignment) => [assignment.id, formFor(`dismiss-${assignment.id}`)]),
      ),
      reopenAssignment: Object.fromEntries(
        page.assignments.map((assignment) => [assignment.id, formFor(`reopen-${assignment.id}`)]),
      ),
    },
  };
}

/** The experts asked on this report and not taken off it: neither asked again nor listed as alternates. */
function askedOnReport(page: ReportPage): Set<string> {
  return new Set(
    page.assignments
      .filter((assignment) => assignment.status !== AssignmentStatus.Removed)
      .map((assignment) => assignment.expertUserId),
  );
}

const later = (latest: string | null, date: string) => (latest === null || date > latest ? date : latest);

/** How many alternates the form offers to list, in order, at least. */
const ALTERNATE_SLOTS = 3;

/**
 * The alternates already asked (a record), those waiting as the form reads them (hidden, to save over no other list
 * unseen; named, for when it was refused for one), and for the form the experts who could still be listed: not
 * assigned to this report, not asked as an alternate already.
 */
function alternatesOf(page: ReportPage) {
  const asked = page.alternates.filter(isAsked);
  const waiting = page.alternates.filter((alternate) => !isAsked(alternate)).map((alternate) => alternate.expertUserId);
  const taken = new Set([...askedOnReport(page), ...asked.map((alternate) => alternate.expertUserId)]);
  return {
    askedAlternates: asked.map((alternate) => ({ name: page.nameOf(alternate.expertUserId) })),
    alternatesRead: waiting.join(','),
    waitingAlternates: waiting.map((expertUserId) => ({ name: page.nameOf(expertUserId) })),
    alternateChoices: page.experts
      .filter((expert) => !taken.has(expert.id))
      .map((expert): Choice => ({ value: expert.id, text: expert.displayName })),
    alternateSlots: Array.from({ length: Math.max(ALTERNATE_SLOTS, waiting.length) }, (_, index) => index),
  };
}

/** The alternates form shows the list waiting to be asked, unless it has just been refused with other input. */
function listingAlternates(form: FormState, alternates: ReportPage['alternates']): FormState {
  if (form.errors.length > 0) return form;
  const waiting = alternates.filter((alternate) => !isAsked(alternate));
  return new FormState(
    Object.fromEntries(waiting.map((alternate, index) => [`/experts/${index}`, alternate.expertUserId])),
  );
}

function choicesOf(labels: Record<string, string>): Choice[] {
  return Object.entries(labels).map(([value, text]) => ({ value, text }));
}

/**
 * One compact line per period on how an expert has answered the organization's requests, beside their name where
 * planning chooses whom to ask: 「R8年度: 依頼2・引受1・辞退1(専門外、令和8年6月1日)・解除0・期限超過0・意見まで中央値4.5日」.
 */
export function statisticsLines(statistics: ReportPage['expertStatistics'], expertUserId: string): string[] {
  if (!statistics) return [];
  const line = (label: string, all: ExpertStatistics[]) => {
    const of = all.find((candidate) => candidate.expertUserId === expertUserId);
    if (!of || of.invitations === 0) return `${label}: 依頼なし`;
    const lastDecline = of.lastDeclinedAt
      ? `(${of.lastDeclineReasonKind ? DECLINE_REASON_LABELS[of.lastDeclineReasonKind] : '理由なし'}、${japaneseDate(of.lastDeclinedAt)})`
      : '';
    const median = of.medianDaysToOpinion === null ? '' : `・意見まで中央値${of.medianDaysToOpinion}日`;
    return `${label}: 依頼${of.invitations}・引受${of.accepted}・辞退${of.declined}${lastDecline}・解除${of.dismissed}・期限超過${of.overdue}${median}`;
  };
  return [line(formatFiscalYear(statistics.fiscalYear), statistics.inYear), line('全期間', statistics.inAll)];
}

/** The experts a form chose, by name, for its confirmation page (an id no longer offered as it was sent). */
export function chosenExpertNames(chosen: string[], experts: { id: string; displayName: string }[]): string[] {
  return chosen.map((id) => experts.find((expert) => expert.id === id)?.displayName ?? id);
}

/** The accept form's experts (a report's, or the year's 一括受理), each with how they have answered requests. */
export function expertChoices(page: Pick<ReportPage, 'experts' | 'expertStatistics'>): Choice[] {
  return page.experts.map((expert) => ({
    value: expert.id,
    text: expert.displayName,
    hint: [expert.email, ...statisticsLines(page.expertStatistics, expert.id)].join(' '),
  }));
}

/** A fresh accept form offers the year's review due date as the experts' due date, unless that day has passed. */
export function offeringDueDate(form: FormState, dueDate: string | null, today: string): FormState {
  if (form.errors.length > 0 || form.value('/dueDate') || !dueDate || dueDate < today) return form;
  return new FormState({ ...form.values, '/dueDate': dateInputValue(dueDate) }, form.errors);
}

/**
 * A form of what is saved (an expert's opinion, ⑦⑧ in a correction) shows it, field by field, unless the user has
 * just typed something else into it.
 */
function startingFromSaved(form: FormState, saved: Record<string, string | null | undefined>): FormState {
  const values = { ...form.values };
  for (const [pointer, value] of Object.entries(saved)) values[pointer] = form.value(pointer) || value || '';
  return new FormState(values, form.errors);
}

/** ⑦'s options as the municipality words them, for planning's forms (the report's own stays offered if retired). */
export function panelRatingChoices(page: Pick<ReportPage, 'assessment'>): Choice[] {
  return page.assessment.ratings.map((choice): Choice => ({ value: choice.key, text: choice.label }));
}
