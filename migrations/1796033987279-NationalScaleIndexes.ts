import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes the reads of one organization's pages need once every municipality is on the platform (npm run bench:scale):
 * each of these was a scan of the whole table, for every organization at once.
 * - memberships by user and organization: every authenticated request reads the caller's memberships, and the two
 *   unique indexes are partial (with or without a department), so neither serves it.
 * - report_comments by parent: the open-question badge of every listed report looks for a question's answer.
 * - the opinions still awaited, by report and by organization: the badges and the overdue list ask for them, and the
 *   assignments' status is an enum whose comparison is not leakproof, so under row-level security it can only narrow
 *   an index through a partial index's predicate. Few at any time (reports in review now), whatever the history.
 */
export class NationalScaleIndexes1796033987279 implements MigrationInterface {
  name = 'NationalScaleIndexes1796033987279';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_d43d9c8d18fcd49de0fa44bbd7" ON "memberships" ("user_id", "organization_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cadddb9d10305f64b251394f74" ON "report_comments" ("parent_id")`);
    await queryRunner.query(`
      CREATE INDEX "IDX_ff101dce41008c9e7c447f76ce" ON "review_assignments" ("report_id", "organization_id", "due_date")
      WHERE "opinion_submitted_at" IS NULL AND "status" <> 'removed'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_ff101dce41008c9e7c447f76ce"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cadddb9d10305f64b251394f74"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d43d9c8d18fcd49de0fa44bbd7"`);
  }
}
