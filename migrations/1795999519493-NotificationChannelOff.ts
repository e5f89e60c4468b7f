import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class NotificationChannelOff1795999519493 implements MigrationInterface {
  name = 'NotificationChannelOff1795999519493';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TYPE "public"."delivery_channel"
            RENAME TO "delivery_channel_old"
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."delivery_channel" AS ENUM('immediate_email', 'daily_digest', 'in_app_only', 'off')
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ALTER COLUMN "channel" TYPE "public"."delivery_channel" USING "channel"::"text"::"public"."delivery_channel"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."delivery_channel_old"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Without "off" the nearest choice is to keep the notification out of the mail: only in the inbox.
    await queryRunner.query(`
            UPDATE "notification_preferences" SET "channel" = 'in_app_only' WHERE "channel" = 'off'
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."delivery_channel_old" AS ENUM('immediate_email', 'daily_digest', 'in_app_only')
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ALTER COLUMN "channel" TYPE "public"."delivery_channel_old" USING "channel"::"text"::"public"."delivery_channel_old"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."delivery_channel"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."delivery_channel_old"
            RENAME TO "delivery_channel"
        `);
  }
}
