import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A correction keeps, beside its report's rows, its project's row as the correction started: what of ①③ (and the
 * other fields no amendment dates) its owner changed through the project since is what the correction follows; the
 * rest stays as its edition has it. Corrections started before hold null and follow the project as they did.
 */
export class CorrectionProjectOrigin1796401300000 implements MigrationInterface {
  name = 'CorrectionProjectOrigin1796401300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_correction_origins" ADD "project" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_correction_origins" DROP COLUMN "project"`);
  }
}
