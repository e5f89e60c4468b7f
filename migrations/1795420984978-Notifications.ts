import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Notifications1795420984978 implements MigrationInterface {
  name = 'Notifications1795420984978';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "outbox_event_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "type" text NOT NULL,
                "report_id" uuid,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "link" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                "pending_digest" boolean NOT NULL DEFAULT false,
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2affd92afb4d9b86f1c2211530" ON "notifications" ("user_id", "read_at", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6514240f849ffae2da1bcdf1fc" ON "notifications" ("outbox_event_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."delivery_channel" AS ENUM('immediate_email', 'daily_digest', 'in_app_only')
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_preferences" (
                "user_id" uuid NOT NULL,
                "event_type" text NOT NULL,
                "channel" "public"."delivery_channel" NOT NULL,
                CONSTRAINT "PK_9b2bd20ed7079ec010254888cda" PRIMARY KEY ("user_id", "event_type")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent', 'failed')
        `);
    await queryRunner.query(`
            CREATE TABLE "email_deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid,
                "user_id" uuid NOT NULL,
                "notification_id" uuid,
                "to_address" text NOT NULL,
                "subject" text NOT NULL,
                "text" text NOT NULL,
                "html" text NOT NULL,
                "status" "public"."delivery_status" NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "retry_round" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "message_id" text,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_aa4e94683dafee7c55aaeb9f59d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_5de06ea2fecb3ba2cf21d64b97" ON "email_deliveries" ("notification_id")
            WHERE "notification_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_95cd6d5ac75d4a6d14553fac6e" ON "email_deliveries" ("status", "organization_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_95cd6d5ac75d4a6d14553fac6e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5de06ea2fecb3ba2cf21d64b97"
        `);
    await queryRunner.query(`
            DROP TABLE "email_deliveries"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."delivery_status"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preferences"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."delivery_channel"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6514240f849ffae2da1bcdf1fc"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2affd92afb4d9b86f1c2211530"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
  }
}
