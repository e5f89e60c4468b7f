import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A workflow event whose handling failed every attempt is marked on its outbox row (with the last error), so that the
 * organization's administrators see it and can send it again, rather than it lying in the queue's failed set unseen.
 */
export class FailedNotificationEvents1796400500000 implements MigrationInterface {
  name = 'FailedNotificationEvents1796400500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_outbox" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notification_outbox" ADD "last_error" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_notification_outbox_failed" ON "notification_outbox" ("organization_id", "failed_at") WHERE "failed_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notification_outbox_failed"`);
    await queryRunner.query(`ALTER TABLE "notification_outbox" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "notification_outbox" DROP COLUMN "failed_at"`);
  }
}
