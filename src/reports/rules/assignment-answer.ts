/** Why an external expert declines to give an opinion on a report. */
export enum DeclineReason {
  NoTime = 'no_time',
  ConflictOfInterest = 'conflict_of_interest',
  OutsideExpertise = 'outside_expertise',
  /** Explained in the free text, which is then required. */
  Other = 'other',
}

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  [DeclineReason.NoTime]: '時間がない',
  [DeclineReason.ConflictOfInterest]: '利害関係がある',
  [DeclineReason.OutsideExpertise]: '専門外',
  [DeclineReason.Other]: 'その他',
};

/** An expert's conflict-of-interest declaration on accepting; a declared one comes with its text, for planning to weigh. */
export enum ConflictOfInterest {
  None = 'none',
  Declared = 'declared',
}

export const CONFLICT_OF_INTEREST_LABELS: Record<ConflictOfInterest, string> = {
  [ConflictOfInterest.None]: '利害関係はない',
  [ConflictOfInterest.Declared]: '利害関係を申告する',
};

/** Someone a declining expert suggests asking instead (not an account: planning invites them if they wish). */
export interface SuggestedExpert {
  name: string;
  email: string;
  affiliation: string;
}
