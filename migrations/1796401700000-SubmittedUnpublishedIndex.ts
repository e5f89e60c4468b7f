import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The planning division's lists (対応が必要: submissions to check, reviews, proposals, decisions to publish) read an
 * organization's reports in a few states whatever the year; row-level security keeps the status condition from being
 * an index condition, so they read all its reports, 1,100 in the largest municipality after ten years. A partial index
 * of the reports submitted and not yet published reaches those few. Adding an index changes no row.
 */
export class SubmittedUnpublishedIndex1796401700000 implements MigrationInterface {
  name = 'SubmittedUnpublishedIndex1796401700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_result_reports_submitted_unpublished" ON "result_reports" ("organization_id") WHERE "status" IN ('submitted', 'in_expert_review', 'evaluated', 'decision_proposed', 'decided', 'correction_submitted')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_result_reports_submitted_unpublished"`);
  }
}
