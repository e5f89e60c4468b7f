import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A 要対応 notification is settled (対応済み) once what it asked for has happened or can no longer happen; it stays in
 * the inbox as a record. The outbox is searched by report for what settles a request, in the order it was written.
 */
export class SettledNotifications1796289879219 implements MigrationInterface {
  name = 'SettledNotifications1796289879219';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "settled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "IDX_35d4fe4fb78ae06ef9af08fc58" ON "notification_outbox" ("report_id", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_35d4fe4fb78ae06ef9af08fc58"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "settled_at"`);
  }
}
