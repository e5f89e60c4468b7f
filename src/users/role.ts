/** Roles a user holds within one organization. Japanese labels live in src/common/glossary.ts. */
export enum Role {
  ProjectOwner = 'project_owner',
  ExternalExpert = 'external_expert',
  PlanningDivision = 'planning_division',
  Administrator = 'administrator',
}

export const ALL_ROLES = Object.values(Role);
