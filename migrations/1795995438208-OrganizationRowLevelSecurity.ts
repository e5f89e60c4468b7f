import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The tables whose rows belong to one organization. A table added later with an organization_id needs its own
 * policy (test/platform/database-roles.e2e-spec.ts fails until it has one).
 */
const TENANT_TABLES = [
  'audit_entries',
  'departments',
  'email_deliveries',
  'fiscal_year_cycles',
  'grant_projects',
  'memberships',
  'notification_outbox',
  'notifications',
  'plan_amendments',
  'report_comments',
  'report_editions',
  'report_plans',
  'report_revisions',
  'result_reports',
  'review_assignments',
];

/**
 * Row-level security keyed by the organization a transaction works for (app.organization_id, set transaction-locally
 * by the app for organization requests): a second wall behind the app's own scoping, so a query that forgot its
 * organization still cannot read or write another's rows. Without the setting (workers, CLI, sign-in, platform work)
 * rows are not narrowed: there the app's own scoping is the only wall. The owner role (migrations) is not forced
 * under the policies: migrations work across all organizations by nature.
 */
export class OrganizationRowLevelSecurity1795995438208 implements MigrationInterface {
  name = 'OrganizationRowLevelSecurity1795995438208';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "in_current_organization"("organization_id" uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('app.organization_id', true), '') IS NULL
          OR "organization_id" = nullif(current_setting('app.organization_id', true), '')::uuid
      $$
    `);
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`
        CREATE POLICY "organization_isolation" ON "${table}"
        USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
      `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`DROP POLICY "organization_isolation" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`DROP FUNCTION "in_current_organization"(uuid)`);
  }
}
