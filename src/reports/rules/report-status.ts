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
  [ReportStatus.Withdrawn]: '公表取消',
};
