import { ReportStatus } from '../rules/report-status';
import { PolicyApproval, policyApproval } from './policy-approval';

describe('the approval of the ⑧ policy', () => {
  it('is approved once an approver is recorded', () => {
    expect(policyApproval({ status: ReportStatus.Published, proposedBy: 'planner', approvedBy: 'approver' })).toBe(
      PolicyApproval.Approved,
    );
    expect(policyApproval({ status: ReportStatus.Decided, proposedBy: 'planner', approvedBy: 'approver' })).toBe(
      PolicyApproval.Approved,
    );
  });

  it('is pending while the proposal waits for the second planner', () => {
    expect(policyApproval({ status: ReportStatus.DecisionProposed, proposedBy: 'planner', approvedBy: null })).toBe(
      PolicyApproval.Pending,
    );
  });

  it('is not proposed, not pending, for a policy kept from before while planning redoes it (sent back or reopened)', () => {
    expect(policyApproval({ status: ReportStatus.Evaluated, proposedBy: null, approvedBy: null })).toBe(
      PolicyApproval.NotProposed,
    );
  });

  it.each([
    ReportStatus.Decided,
    ReportStatus.Published,
    ReportStatus.Correcting,
    ReportStatus.CorrectionSubmitted,
    ReportStatus.Withdrawn,
  ])('is not on record, never pending, for a %s report without an approver (imported as published)', (status) => {
    expect(policyApproval({ status, proposedBy: null, approvedBy: null })).toBe(PolicyApproval.NotRecorded);
  });
});
