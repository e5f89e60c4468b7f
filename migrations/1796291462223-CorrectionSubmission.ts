import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 訂正提出済: the owner submits a correction, and planning publishes it or sends it back. Like a submitted draft, a
 * submitted correction is closed to edits by the workflow rules only; the triggers freeze published and withdrawn
 * reports, and a correction leaves that state when it starts, so they name no new status.
 *
 * PostgreSQL lets ADD VALUE run inside the migration's transaction but not use the new value before it commits: nothing
 * here casts 'correction_submitted'.
 */
export class CorrectionSubmission1796291462223 implements MigrationInterface {
  name = 'CorrectionSubmission1796291462223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TYPE "public"."report_status" ADD VALUE IF NOT EXISTS 'correction_submitted' AFTER 'correcting'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Without the state a submitted correction is one still under way: back to correcting, which loses no content.
    await queryRunner.query(
      `UPDATE "result_reports" SET "status" = 'correcting' WHERE "status"::text = 'correction_submitted'`,
    );
    // PostgreSQL cannot drop a value from an enum: the type is made again without it.
    await queryRunner.query(`ALTER TYPE "public"."report_status" RENAME TO "report_status_old"`);
    await queryRunner.query(`
      CREATE TYPE "public"."report_status" AS ENUM(
        'draft',
        'submitted',
        'in_expert_review',
        'evaluated',
        'decision_proposed',
        'decided',
        'published',
        'correcting',
        'withdrawn'
      )
    `);
    await queryRunner.query(`ALTER TABLE "result_reports" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      ALTER COLUMN "status" TYPE "public"."report_status" USING "status"::"text"::"public"."report_status"
    `);
    await queryRunner.query(`ALTER TABLE "result_reports" ALTER COLUMN "status" SET DEFAULT 'draft'`);
    await queryRunner.query(`DROP TYPE "public"."report_status_old"`);
  }
}
