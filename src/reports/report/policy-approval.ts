import { DECIDED_STATUSES, type ReportStatus } from '../rules/report-status';

/** Where the approval (二者確認) of the ⑧ policy stands, as the report's record tells it. */
export enum PolicyApproval {
  Approved = 'approved',
  Pending = 'pending',
  /** Decided without an approval on record: history imported as published was approved outside this system. */
  NotRecorded = 'not_recorded',
}

/** The approval state in words, where no approver's name says it. */
export const POLICY_APPROVAL_LABELS: Record<PolicyApproval, string> = {
  [PolicyApproval.Approved]: '承認済み',
  [PolicyApproval.Pending]: '承認待ち',
  [PolicyApproval.NotRecorded]: '取込み(承認の記録なし)',
};

/** A decided or published report is never still waiting for approval, even when no approval was recorded here. */
export function policyApproval(report: { status: ReportStatus; approvedBy: string | null }): PolicyApproval {
  if (report.approvedBy) return PolicyApproval.Approved;
  return DECIDED_STATUSES.includes(report.status) ? PolicyApproval.NotRecorded : PolicyApproval.Pending;
}
