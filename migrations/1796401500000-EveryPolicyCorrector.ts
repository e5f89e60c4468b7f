import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * ⑦⑧の訂正: every planning user who corrected ⑧ in the correction under way is refused its publication (four-eyes),
 * not only the last, so the column lists them all; whom it named stays named. The origins kept by corrections under
 * way, which cancelling one restores, say it as a list too. Down keeps the last corrector, as the column did.
 */
export class EveryPolicyCorrector1796401500000 implements MigrationInterface {
  name = 'EveryPolicyCorrector1796401500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "result_reports" ALTER COLUMN "policy_corrected_by" TYPE uuid[]
         USING CASE WHEN "policy_corrected_by" IS NULL THEN NULL ELSE ARRAY["policy_corrected_by"] END`,
    );
    await queryRunner.query(
      `UPDATE "report_correction_origins"
         SET "report_row" = jsonb_set("report_row", '{policy_corrected_by}', jsonb_build_array("report_row" -> 'policy_corrected_by'))
         WHERE jsonb_typeof("report_row" -> 'policy_corrected_by') = 'string'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "report_correction_origins"
         SET "report_row" = jsonb_set("report_row", '{policy_corrected_by}', "report_row" -> 'policy_corrected_by' -> -1)
         WHERE jsonb_typeof("report_row" -> 'policy_corrected_by') = 'array'`,
    );
    await queryRunner.query(
      `ALTER TABLE "result_reports" ALTER COLUMN "policy_corrected_by" TYPE uuid
         USING "policy_corrected_by"[array_length("policy_corrected_by", 1)]`,
    );
  }
}
