import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When a report was first submitted, kept when it is sent back (差戻し) or withdrawn (取下げ), so that the planning
 * division is told a resubmission from a first one. Reports that may still be submitted again (drafts, submissions
 * not yet accepted) take it from the audit log's first 'report.submitted'; the others never are, and keep none.
 */
export class ReportFirstSubmission1796402100000 implements MigrationInterface {
  name = 'ReportFirstSubmission1796402100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_reports" ADD "first_submitted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
      UPDATE "result_reports" r SET "first_submitted_at" = s."at"
      FROM (
        SELECT "entity_id", min("occurred_at") AS "at" FROM "audit_entries"
        WHERE "entity_type" = 'report' AND "action" = 'report.submitted'
        GROUP BY "entity_id"
      ) s
      WHERE s."entity_id" = r."id"::text AND r."status" IN ('draft', 'submitted')
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_reports" DROP COLUMN "first_submitted_at"`);
  }
}
