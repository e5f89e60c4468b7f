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
 * The sections not yet entered, in order: those a submission problem still points into (see submissionProblems).
 * The report page's task list and the owner's lists judge a section by this, and nothing else.
 */
export function sectionsToEnter(problems: readonly { path?: string }[]): Section[] {
  const open = new Set(problems.map((problem) => problem.path && sectionOf(problem.path)));
  return OWNER_SECTIONS.filter((section) => open.has(section));
}
