/** Roles a user holds within one organization. Japanese labels beside it. */
export enum Role {
  ProjectOwner = 'project_owner',
  ExternalExpert = 'external_expert',
  PlanningDivision = 'planning_division',
  Administrator = 'administrator',
}

/**
 * The Japanese terms of the domain, in one place. Identifiers stay English; what users read comes from here.
 * See ../shared/DOMAIN.md for what each term means.
 */
export const ROLE_LABELS: Record<Role, string> = {
  [Role.ProjectOwner]: '事業担当課',
  [Role.ExternalExpert]: '外部有識者',
  [Role.PlanningDivision]: '企画政策課',
  [Role.Administrator]: 'システム管理者',
};

export const ALL_ROLES = Object.values(Role);
