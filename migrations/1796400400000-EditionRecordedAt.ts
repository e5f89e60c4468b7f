import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When each edition was written, apart from the date it gives (published_at, which an import of earlier years sets in
 * the past): the public record's Last-Modified and the stamp its built pages are kept under follow what was written
 * when, so an edition dated in the past still shows at once. Editions written before keep NULL (their publication time
 * was when they were written); the column is added without a default first, so no permanent row is rewritten.
 */
export class EditionRecordedAt1796400400000 implements MigrationInterface {
  name = 'EditionRecordedAt1796400400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" ADD "recorded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "report_editions" ALTER COLUMN "recorded_at" SET DEFAULT clock_timestamp()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" DROP COLUMN "recorded_at"`);
  }
}
