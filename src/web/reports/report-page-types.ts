import type { FieldChange } from '../../common/document-diff';
import type { MeasuredValue, PreviousYearReport } from '../../reports/report/previous-year';
import type { AssessmentChoice, AssessmentScale } from '../../reports/report/assessment-choices';
import type { ReportView } from '../../reports/report/report-view';
import type { ReviewAlternate } from '../../reports/reviews/review-alternate.entity';
import type { ExpertStatistics } from '../../reports/reviews/reviews.repository';
import type { AssignmentView, CommentView } from '../../reports/reviews/reviews.dto';
import type { ReportPermissions } from './permissions';

/** One option of a radio or checkbox group (views/macros/forms.njk). */
export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

/** An expert's assignment as the pages show it: named, and whether its opinion is late. */
interface PageAssignment extends AssignmentView {
  expertName: string;
  overdue: boolean;
}

interface PageComment extends CommentView {
  authorName: string;
}

/**
 * Everything the pages of one report show, as ReportPages.load reads it: declared apart from the renderer so that each
 * tab's part (report-tab, consolidate-tab) is worked out from it without importing the renderer back.
 */
export interface ReportPage {
  view: ReportView;
  previousYear: PreviousYearReport | null;
  previousKpis: (MeasuredValue | null)[];
  permissions: ReportPermissions;
  assignments: PageAssignment[];
  ownAssignment: PageAssignment | undefined;
  questions: (PageComment & { answers: PageComment[] })[];
  openQuestions: number;
  returns: PageComment[];
  lastReturn: PageComment | undefined;
  correction: { edition: number; publishedVersion: number; changes: FieldChange[] } | null;
  /** savedVersion: the latest version with a revision (the report's own may be past it), to compare with. */
  resubmission: { lastReturn: PageComment; returnedVersion: number | null; savedVersion: number | null } | null;
  experts: { id: string; displayName: string; email: string }[];
  expertStatistics: { fiscalYear: number; inYear: ExpertStatistics[]; inAll: ExpertStatistics[] } | null;
  reviewDueDate: string | null;
  people: {
    proposer: string;
    approver: string;
    approvers: string[];
    /** ⑧ corrected after its approval (⑦⑧の訂正): in which edition, by whom and published by whom, by name. */
    policyCorrections: { edition: number; correctedBy: string; publishedBy: string; publishedAt: string }[];
  };
  assessment: {
    ratings: AssessmentChoice<AssessmentScale.PanelRating>[];
    decisions: AssessmentChoice<AssessmentScale.PolicyDecision>[];
  };
  alternates: ReviewAlternate[];
  nameOf: (userId: string | null) => string;
  seesAudit: boolean;
  today: string;
}
