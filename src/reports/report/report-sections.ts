import { type FieldChange } from '../../common/document-diff';

/**
 * The sections of a report the owning department fills in (③–⑥), each a page of the form, in the report's order;
 * ①② and ⑦⑧ are not theirs to edit.
 */
export const OWNER_SECTIONS = ['overview', 'budget', 'kpis', 'effect'] as const;

export type Section = (typeof OWNER_SECTIONS)[number];

/** The section a field of the update request (or a submission problem) is on. */
export function sectionOf(path: string): Section | null {
  if (path.startsWith('/project/overview')) return 'overview';
  if (/^\/(budgetLines|typedTotals|actualAsOf)/.test(path)) return 'budget';
  if (/^\/(kpiResults|project\/kpis)/.test(path)) return 'kpis';
  if (/^\/(effect|resultFactors|improvementMeasures|previousPolicyFollowUp)/.test(path)) return 'effect';
  return null;
}

/**
 * The sections an update request writes, by the fields it sets (those not left undefined); none named when one of them
 * is on no section, as such a save is then checked against the whole report.
 */
export function sectionsWritten(fields: object): Section[] | undefined {
  const sections = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => sectionOf(`/${key}`));
  return sections.every((section) => section !== null) ? [...new Set(sections)] : undefined;
}

/**
 * The sections a change of a report overlaps: the one its field is on, and ⑤ for the plan period (②), whose years are
 * the years ⑤'s yearly results are entered for, though ② is no owner's to edit there.
 */
function sectionsOverlapping(path: string): Section[] {
  if (/^\/project\/plan(Start|End)FiscalYear$/.test(path)) return ['kpis'];
  const section = sectionOf(path);
  return section ? [section] : [];
}

/**
 * Of the changes made to a report since a form of it was opened, those a save of `sections` from that form conflicts
 * with: changes that overlap those sections (sectionsOverlapping), which it would overwrite or enter against unseen, and
 * a change of the report's state. Each section is a page of its own, so a save of one section does not refuse a save of
 * another opened beside it.
 */
export function conflictingChanges(changesSince: readonly FieldChange[], sections: readonly Section[]): FieldChange[] {
  return changesSince.filter(
    (change) =>
      change.path === '/status' || sectionsOverlapping(change.path).some((section) => sections.includes(section)),
  );
}

/**
 * The sections not yet entered, in order: those a submission problem still points into (see submissionProblems).
 * The report page's task list and the owner's lists judge a section by this, and nothing else.
 */
export function sectionsToEnter(problems: readonly { path?: string }[]): Section[] {
  const open = new Set(problems.map((problem) => problem.path && sectionOf(problem.path)));
  return OWNER_SECTIONS.filter((section) => open.has(section));
}
