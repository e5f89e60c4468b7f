/** Where a yearly report is in its verification cycle; see workflow rules for who moves it. */
export enum ReportStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  InExpertReview = 'in_expert_review',
  Evaluated = 'evaluated',
  DecisionProposed = 'decision_proposed',
  Decided = 'decided',
  Published = 'published',
  /** 訂正中: a published report reopened by an administrator; publishing it again makes a new edition. */
  Correcting = 'correcting',
  /** 訂正提出済: the owner has submitted the correction; planning publishes it as a new edition or sends it back. */
  CorrectionSubmitted = 'correction_submitted',
  /** 公表の取消: an administrator took the publication back, with a reason; the public site keeps a notice of it. */
  Withdrawn = 'withdrawn',
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  [ReportStatus.Draft]: '作成中',
  [ReportStatus.Submitted]: '提出済',
  [ReportStatus.InExpertReview]: '有識者意見照会中',
  [ReportStatus.Evaluated]: '評価済',
  [ReportStatus.DecisionProposed]: '方針案',
  [ReportStatus.Decided]: '方針決定',
  [ReportStatus.Published]: '公表済',
  [ReportStatus.Correcting]: '訂正中',
  [ReportStatus.CorrectionSubmitted]: '訂正提出済',
  [ReportStatus.Withdrawn]: '公表取消',
};

/** A correction (訂正) under way: the last published edition stays the public record until the next is published. */
export const UNDER_CORRECTION: readonly ReportStatus[] = [ReportStatus.Correcting, ReportStatus.CorrectionSubmitted];

/**
 * Where a correction under way was opened from (公表 or 公表の取消), null outside one: a withdrawn report keeps when it
 * was withdrawn until a publication clears it, so a correction of it still says so. A publication withdrawn during the
 * correction says so too: cancelling the correction then goes back to 公表の取消, not to a publication taken down.
 */
export function correctionOpenedFrom(report: {
  status: ReportStatus;
  withdrawnAt: Date | string | null;
}): ReportStatus | null {
  if (!UNDER_CORRECTION.includes(report.status)) return null;
  return report.withdrawnAt ? ReportStatus.Withdrawn : ReportStatus.Published;
}

/**
 * Open for editing, so following the project's plan for the report's year (PlanFollowers): a draft, and a report being
 * corrected, so that ①–③ or a KPI definition can be corrected through the project.
 */
export const PLAN_FOLLOWING: readonly ReportStatus[] = [ReportStatus.Draft, ReportStatus.Correcting];

/**
 * On the published record as published: such a report names the department it was published under (its plan copy);
 * every other report is its project's current department's, who act on it (organizational responsibility moves with
 * the project).
 */
export const ON_THE_RECORD: readonly ReportStatus[] = [ReportStatus.Published, ReportStatus.Withdrawn];

/** The policy (⑧) is decided from here on: withdrawing a publication (公表の取消) leaves the decision itself standing. */
export const DECIDED_STATUSES: readonly ReportStatus[] = [
  ReportStatus.Decided,
  ReportStatus.Published,
  ...UNDER_CORRECTION,
  ReportStatus.Withdrawn,
];

/**
 * Submitted and not yet published (or a correction submitted): where a report waits for the planning division's next
 * step or the experts'. Few at any time, where drafts and the published record are most of a municipality's reports,
 * so a partial index of them serves the planning division's lists (対応が必要), which read them whatever the year.
 */
export const SUBMITTED_UNPUBLISHED: readonly ReportStatus[] = [
  ReportStatus.Submitted,
  ReportStatus.InExpertReview,
  ReportStatus.Evaluated,
  ReportStatus.DecisionProposed,
  ReportStatus.Decided,
  ReportStatus.CorrectionSubmitted,
];
