import { HttpException } from '@nestjs/common';
import { type OrganizationActor } from '../../access/actor';
import { type ReportView } from '../../reports/report/report-view';
import { type AssignmentView } from '../../reports/reviews/reviews.dto';
import { ACTIVE_ASSIGNMENT_STATUSES, type AwaitedExpert, awaitsOpinion } from '../../reports/rules/assignment-status';
import { correctionOpenedFrom } from '../../reports/rules/report-status';
import { authorizeAction, ReportAction, type ReportSubject } from '../../reports/rules/report-workflow';

/** The report's assignments as a page has them, each expert named. */
export type AssignmentFacts = Pick<AssignmentView, 'expertUserId' | 'expertName' | 'status' | 'opinionSubmittedAt'>;

export interface ReportPermissions {
  /** What the caller may do to the report now, by action, as the workflow rules decide. */
  can: Record<ReportAction, boolean>;
  /** Submitting (a draft or a correction) is the caller's next step, but the report is not complete yet. */
  submissionIncomplete: boolean;
  /** Approving is the caller's step, except that they proposed it themselves (four-eyes). */
  approvalNeedsAnotherPlanner: boolean;
  /** Publishing the correction is the caller's step, except that they corrected its ⑧ themselves (four-eyes). */
  publicationNeedsAnotherPlanner: boolean;
  /** Evaluating is the caller's step once these experts' opinions are in (or they are dismissed); empty otherwise. */
  evaluationAwaits: AwaitedExpert[];
}

/**
 * Asks the workflow rules (the same authorizeAction every change passes) which actions to offer, so a page shows
 * exactly the buttons the server would accept. The server still checks every request; this only saves detours.
 */
export function permissionsFor(
  view: ReportView,
  actor: OrganizationActor,
  assignments: AssignmentFacts[],
): ReportPermissions {
  const subject = subjectOf(view, assignments);
  const allowed = (action: ReportAction, facts: ReportSubject = subject): boolean => {
    try {
      authorizeAction(action, facts, actor);
      return true;
    } catch (error) {
      if (error instanceof HttpException) return false;
      throw error;
    }
  };
  const can = Object.fromEntries(Object.values(ReportAction).map((action) => [action, allowed(action)])) as Record<
    ReportAction,
    boolean
  >;
  const completeWouldAllow = (action: ReportAction) =>
    !can[action] && allowed(action, { ...subject, submissionProblems: [] });
  return {
    can,
    submissionIncomplete: completeWouldAllow(ReportAction.Submit) || completeWouldAllow(ReportAction.SubmitCorrection),
    approvalNeedsAnotherPlanner:
      !can[ReportAction.ApprovePolicy] && allowed(ReportAction.ApprovePolicy, { ...subject, proposedBy: null }),
    publicationNeedsAnotherPlanner:
      !can[ReportAction.Publish] && allowed(ReportAction.Publish, { ...subject, policyCorrectedBy: [] }),
    evaluationAwaits:
      !can[ReportAction.Evaluate] && allowed(ReportAction.Evaluate, { ...subject, awaitedExperts: [] })
        ? subject.awaitedExperts
        : [],
  };
}

/** Throws what the workflow rules say (403/409/422) when the caller may not do the action now; for pages that lead to one. */
export function assertPermitted(
  action: ReportAction,
  view: ReportView,
  actor: OrganizationActor,
  assignments: AssignmentFacts[] = [],
): void {
  authorizeAction(action, subjectOf(view, assignments), actor);
}

/** The facts the workflow rules need, as the report's read model and its assignments have them. */
function subjectOf(view: ReportView, assignments: AssignmentFacts[]): ReportSubject {
  return {
    status: view.status,
    organizationId: view.organizationId,
    departmentId: view.project.departmentId,
    assignedExpertIds: assignments
      .filter((assignment) => ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status))
      .map((assignment) => assignment.expertUserId),
    awaitedExperts: assignments.filter(awaitsOpinion).map(({ expertUserId, expertName, status }) => ({
      expertUserId,
      name: expertName ?? '',
      status,
    })),
    proposedBy: view.policy.proposedBy,
    policyCorrectedBy: view.policy.correctedBy,
    submissionProblems: view.submission.problems,
    openedFrom: correctionOpenedFrom(view),
  };
}
