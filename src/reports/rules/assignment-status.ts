/** An external expert's assignment to a report: where it stands, and which states still count as assigned (the rules use them). */
export enum AssignmentStatus {
  /** Assigned; the expert has not answered yet. */
  Pending = 'pending',
  Accepted = 'accepted',
  Declined = 'declined',
  /** Taken off the report by an administrator (reassignment). */
  Removed = 'removed',
  /** Closed by the planning division because the expert did not answer or give an opinion (未回答で解除). */
  Dismissed = 'dismissed',
}

/** An external expert's answer to being asked for an opinion. */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  [AssignmentStatus.Pending]: '回答待ち',
  [AssignmentStatus.Accepted]: '引受け',
  [AssignmentStatus.Declined]: '辞退',
  [AssignmentStatus.Removed]: '割当解除',
  [AssignmentStatus.Dismissed]: '未回答で解除',
};

/** Assignments that still count: the expert sees the report and is expected to answer. */
export const ACTIVE_ASSIGNMENT_STATUSES = [AssignmentStatus.Pending, AssignmentStatus.Accepted];

/** Assignments the planning division may close for want of an answer: not answered, or accepted without an opinion yet. */
export const DISMISSIBLE_ASSIGNMENT_STATUSES = [AssignmentStatus.Pending, AssignmentStatus.Accepted];

/** Assignments the planning division may ask again (back to pending): the expert declined, or was dismissed. */
export const REOPENABLE_ASSIGNMENT_STATUSES = [AssignmentStatus.Declined, AssignmentStatus.Dismissed];

/** An expert the evaluation waits for: their assignment still counts and their opinion is not in (see awaitsOpinion). */
export interface AwaitedExpert {
  expertUserId: string;
  name: string;
  /** Pending: not answered yet; accepted: no opinion yet. */
  status: AssignmentStatus;
}

/** Whether the evaluation waits for this assignment's opinion (the repository's lock query reads the same in SQL). */
export function awaitsOpinion(assignment: { status: AssignmentStatus; opinionSubmittedAt: unknown }): boolean {
  return ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status) && !assignment.opinionSubmittedAt;
}
