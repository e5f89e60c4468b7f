import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each edition keeps whether the municipality named its panel when it was published (外部有識者の氏名の掲載), so that
 * turning the setting on later names no expert of an edition published without names. Editions published before hold
 * null (the setting then is not known) and follow today's setting, as they did; adding a column changes no row.
 */
export class EditionPanelNamed1796401200000 implements MigrationInterface {
  name = 'EditionPanelNamed1796401200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" ADD "panel_named" boolean`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" DROP COLUMN "panel_named"`);
  }
}
