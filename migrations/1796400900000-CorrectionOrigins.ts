import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 訂正の取りやめ: a correction started by mistake can be cancelled, the report going back to the values of its latest
 * edition. Those are kept, as its rows stood, when a correction starts (the report is frozen until then); where the
 * correction was opened from (公表 or 公表の取消) the report already says by its withdrawn_at.
 */
export class CorrectionOrigins1796400900000 implements MigrationInterface {
  name = 'CorrectionOrigins1796400900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_correction_origins" (
        "report_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "report_row" jsonb NOT NULL,
        "budget_lines" jsonb NOT NULL,
        "kpi_results" jsonb NOT NULL,
        "plan" jsonb,
        CONSTRAINT "PK_2622ed3bd8d2d1d1d62ba2e5d6f" PRIMARY KEY ("report_id")
      )
    `);
    await queryRunner.query(`
      ALTER TABLE "report_correction_origins"
      ADD CONSTRAINT "FK_2622ed3bd8d2d1d1d62ba2e5d6f" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "report_correction_origins" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "report_correction_origins"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "report_correction_origins"`);
    await queryRunner.query(`DROP TABLE "report_correction_origins"`);
  }
}
