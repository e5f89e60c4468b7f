import { Role } from './role';
import { type OrganizationActor } from './actor';

/** Planning division and administrators see everything of their organization; others see their share. */
export function seesWholeOrganization(actor: OrganizationActor): boolean {
  return actor.roles.includes(Role.PlanningDivision) || actor.roles.includes(Role.Administrator);
}

/** A project owner acts for the departments of their project-owner memberships. */
export function ownsDepartment(actor: OrganizationActor, departmentId: string): boolean {
  return actor.roles.includes(Role.ProjectOwner) && actor.departmentIds.includes(departmentId);
}
