import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AccountsAndPasswordResets1795999893581 implements MigrationInterface {
  name = 'AccountsAndPasswordResets1795999893581';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // When an account was deactivated replaces whether it is active; one disabled before keeps being so.
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "deactivated_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            UPDATE "users"
            SET "deactivated_at" = "updated_at"
            WHERE NOT "is_active"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "is_active"
        `);
    await queryRunner.query(`
            CREATE TABLE "password_resets" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "requested_by_id" uuid,
                "token_hash" text,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_323290a9239ad3d397ad78018e" ON "password_resets" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2050a50a42e99278bc83fa6c1a" ON "password_resets" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets"
            ADD CONSTRAINT "FK_f7a4c3bc48f24df007936d217be" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets"
            ADD CONSTRAINT "FK_554392938e2b49d86bc3d0f3734" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "password_resets" DROP CONSTRAINT "FK_554392938e2b49d86bc3d0f3734"
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets" DROP CONSTRAINT "FK_f7a4c3bc48f24df007936d217be"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2050a50a42e99278bc83fa6c1a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_323290a9239ad3d397ad78018e"
        `);
    await queryRunner.query(`
            DROP TABLE "password_resets"
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "is_active" boolean NOT NULL DEFAULT true
        `);
    await queryRunner.query(`
            UPDATE "users"
            SET "is_active" = false
            WHERE "deactivated_at" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "deactivated_at"
        `);
  }
}
