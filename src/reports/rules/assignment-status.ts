/** An external expert's assignment to a report: where it stands, and which states still count as assigned (the rules use them). */
export enum AssignmentStatus {
  /** Assigned; the expert has not answered yet. */
  Pending = 'pending',
  Accepted = 'accepted',
  Declined = 'declined',
  /** Taken off the report by an administrator (reassignment). */
  Removed = 'removed',
}

/** An external expert's answer to being asked for an opinion. */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  [AssignmentStatus.Pending]: '回答待ち',
  [AssignmentStatus.Accepted]: '引受け',
  [AssignmentStatus.Declined]: '辞退',
  [AssignmentStatus.Removed]: '割当解除',
};

/** Assignments that still count: the expert sees the report and is expected to answer. */
export const ACTIVE_ASSIGNMENT_STATUSES = [AssignmentStatus.Pending, AssignmentStatus.Accepted];
