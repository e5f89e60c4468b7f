import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Whether a user holds any role in an organization other than the one given: the question an administrator's
 * deactivation asks inside its own transaction, whose row-level security hides other organizations' memberships.
 * SECURITY DEFINER runs it as the owner role, which the policies do not narrow; it answers only yes or no, nothing of
 * the other organizations, and its search_path is fixed so that no caller's schema can stand in for a table.
 */
export class RolesElsewhere1796401100000 implements MigrationInterface {
  name = 'RolesElsewhere1796401100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "holds_roles_elsewhere"("of_user" uuid, "besides" uuid) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (
          SELECT 1 FROM "memberships" WHERE "user_id" = "of_user" AND "organization_id" <> "besides"
        )
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "holds_roles_elsewhere"(uuid, uuid)`);
  }
}
