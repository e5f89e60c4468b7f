/**
 * 地方公共団体コード by organization id. The audit log knows organizations by id only; the organizations module,
 * above it, provides this so that checkpoints name the municipality.
 */
export abstract class OrganizationCodes {
  abstract codesOf(organizationIds: string[]): Promise<Map<string, string>>;
}
