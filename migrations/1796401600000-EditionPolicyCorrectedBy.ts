import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each edition keeps who corrected its ⑧ in the correction it publishes (⑦⑧の訂正), so that the report says for good
 * who rewrote the policy after its approval and who published it. Editions published before hold null, as do those
 * whose ⑧ no one corrected; adding a column changes no row.
 */
export class EditionPolicyCorrectedBy1796401600000 implements MigrationInterface {
  name = 'EditionPolicyCorrectedBy1796401600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" ADD "policy_corrected_by" uuid[]`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" DROP COLUMN "policy_corrected_by"`);
  }
}
