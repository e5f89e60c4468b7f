import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * ⑦⑧の訂正: who corrected ⑧ in the correction under way, whom its publication needs another planning user than
 * (four-eyes). The origins kept by corrections under way say no one, so that cancelling one clears it too.
 */
export class PolicyCorrectedBy1796401400000 implements MigrationInterface {
  name = 'PolicyCorrectedBy1796401400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "result_reports" ADD "policy_corrected_by" uuid`);
    await queryRunner.query(
      `UPDATE "report_correction_origins" SET "report_row" = "report_row" || '{"policy_corrected_by": null}'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "report_correction_origins" SET "report_row" = "report_row" - 'policy_corrected_by'`,
    );
    await queryRunner.query(`ALTER TABLE "result_reports" DROP COLUMN "policy_corrected_by"`);
  }
}
