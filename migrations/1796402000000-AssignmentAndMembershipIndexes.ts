import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Three reads that every municipality makes read the whole country's rows for want of an index (found by following
 * every page's links as a planner, an owner, an expert and an administrator on ten years of national data): a report's
 * review assignments, removed ones included (each report page: the unique index holds only those not removed; 196,718
 * rows, 50–200 ms), an organization's assignments by expert (the experts page and its years), and an organization's
 * members (member lists, department owners). Adding an index changes no row.
 */
export class AssignmentAndMembershipIndexes1796402000000 implements MigrationInterface {
  name = 'AssignmentAndMembershipIndexes1796402000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_review_assignments_report" ON "review_assignments" ("report_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_review_assignments_organization_expert" ON "review_assignments" ("organization_id", "expert_user_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_memberships_organization" ON "memberships" ("organization_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_memberships_organization"`);
    await queryRunner.query(`DROP INDEX "IDX_review_assignments_organization_expert"`);
    await queryRunner.query(`DROP INDEX "IDX_review_assignments_report"`);
  }
}
