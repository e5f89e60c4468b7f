import { ConflictException, ForbiddenException } from '@nestjs/common';
import { OrganizationActor } from '../auth/actor';
import { REPORT_STATUS_LABELS } from '../common/glossary';
import { Role } from '../users/role';
import { ReportStatus } from './report-status';

/** Everything anyone can do to a yearly report. */
export enum ReportAction {
  Edit = 'edit',
  Delete = 'delete',
}

export interface WorkflowRule {
  action: ReportAction;
  /** States the action may start from. */
  from: ReportStatus[];
  /** State it leads to; absent when the report stays where it is. */
  to?: ReportStatus;
  /** Roles that may do it, each within its relation to the report (see relationHolds). */
  by: Role[];
}

/**
 * The workflow, declared as data in one place: who may do what from which state.
 * Enforced only through authorizeAction below.
 */
export const WORKFLOW_RULES: readonly WorkflowRule[] = [
  { action: ReportAction.Edit, from: [ReportStatus.Draft], by: [Role.ProjectOwner] },
  { action: ReportAction.Delete, from: [ReportStatus.Draft], by: [Role.ProjectOwner, Role.PlanningDivision] },
];

/** The facts about one report that the rules need. */
export interface ReportSubject {
  status: ReportStatus;
  organizationId: string;
  departmentId: string;
  assignedExpertIds: string[];
}

/**
 * A role counts only in its relation to the report: an owner for their department's reports,
 * an expert for reports assigned to them, planning and administrators for their organization's.
 */
function relationHolds(role: Role, report: ReportSubject, actor: OrganizationActor): boolean {
  if (!actor.roles.includes(role) || report.organizationId !== actor.organizationId) return false;
  switch (role) {
    case Role.ProjectOwner:
      return actor.departmentIds.includes(report.departmentId);
    case Role.ExternalExpert:
      return report.assignedExpertIds.includes(actor.userId);
    case Role.PlanningDivision:
    case Role.Administrator:
      return true;
  }
}

/**
 * Throws 403 when the caller may never do this to this report, 409 when they could but not in its current
 * state. Returns the rule that applies, whose `to` is the next state.
 */
export function authorizeAction(action: ReportAction, report: ReportSubject, actor: OrganizationActor): WorkflowRule {
  const rules = WORKFLOW_RULES.filter((rule) => rule.action === action);
  const permitted = rules.filter((rule) => rule.by.some((role) => relationHolds(role, report, actor)));
  if (permitted.length === 0) throw new ForbiddenException(`You may not ${action.replace(/_/g, ' ')} this report.`);
  const applicable = permitted.find((rule) => rule.from.includes(report.status));
  if (!applicable) {
    throw new ConflictException(`"${action}" is not possible while the report is ${REPORT_STATUS_LABELS[report.status]} (${report.status}).`);
  }
  return applicable;
}
