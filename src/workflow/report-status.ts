/** Where a yearly report is in its verification cycle; see workflow rules for who moves it. */
export enum ReportStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  InExpertReview = 'in_expert_review',
  Evaluated = 'evaluated',
  DecisionProposed = 'decision_proposed',
  Decided = 'decided',
  Published = 'published',
}
