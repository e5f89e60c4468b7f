import { ReportStatus } from '../rules/report-status';
import { PolicyApproval, policyApproval } from './policy-approval';

describe('the approval of the ⑧ policy', () => {
  it('is approved once an approver is recorded', () => {
    expect(policyApproval({ status: ReportStatus.Published, approvedBy: 'approver' })).toBe(PolicyApproval.Approved);
    expect(policyApproval({ status: ReportStatus.Decided, approvedBy: 'approver' })).toBe(PolicyApproval.Approved);
  });

  it('is pending while the proposal waits for the second planner', () => {
    expect(policyApproval({ status: ReportStatus.DecisionProposed, approvedBy: null })).toBe(PolicyApproval.Pending);
  });

  it.each([
    ReportStatus.Decided,
    ReportStatus.Published,
    ReportStatus.Correcting,
    ReportStatus.CorrectionSubmitted,
    ReportStatus.Withdrawn,
  ])('is not on record, never pending, for a %s report without an approver (imported as published)', (status) => {
    expect(policyApproval({ status, approvedBy: null })).toBe(PolicyApproval.NotRecorded);
  });
});
