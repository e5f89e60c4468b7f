import { DECIDED_STATUSES, type ReportStatus } from '../rules/report-status';

/** Where the approval (二者確認) of the ⑧ policy stands, as the report's record tells it. */
export enum PolicyApproval {
  Approved = 'approved',
  Pending = 'pending',
  /**
   * A policy kept from before, not proposed (again): one the approver sent back, or a decision an administrator reopened
   * (再検討), while planning redoes it.
   */
  NotProposed = 'not_proposed',
  /** Decided without an approval on record: history imported as published was approved outside this system. */
  NotRecorded = 'not_recorded',
}

/** The approval state in words, where no approver's name says it. */
export const POLICY_APPROVAL_LABELS: Record<PolicyApproval, string> = {
  [PolicyApproval.Approved]: '承認済み',
  [PolicyApproval.Pending]: '承認待ち',
  [PolicyApproval.NotProposed]: '未提案(方針を見直し中)',
  [PolicyApproval.NotRecorded]: '取込み(承認の記録なし)',
};

/**
 * A decided or published report is never still waiting for approval, even when no approval was recorded here; a policy
 * not proposed is not waiting for it either.
 */
export function policyApproval(report: {
  status: ReportStatus;
  proposedBy: string | null;
  approvedBy: string | null;
}): PolicyApproval {
  if (report.approvedBy) return PolicyApproval.Approved;
  if (DECIDED_STATUSES.includes(report.status)) return PolicyApproval.NotRecorded;
  return report.proposedBy ? PolicyApproval.Pending : PolicyApproval.NotProposed;
}
