import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A change of address asked for in アカウント設定 waits here for its link to be opened. A table of its own rather than
 * password_resets: a reset carries no address, and a new password ends every open reset link, which must not end a
 * change of address; one table for both would have every query tell the two apart.
 */
export class EmailChanges1796393312384 implements MigrationInterface {
  name = 'EmailChanges1796393312384';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "email_changes" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "new_email" text NOT NULL,
                "token_hash" text,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_6626b2af49c359b24442c10bbb1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_783a2e0c1a8fafd72ed0684b5d" ON "email_changes" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_474b58b7e4b1fc4dad7d84172b" ON "email_changes" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "email_changes"
            ADD CONSTRAINT "FK_38edd6558e3b8386e9297c2636e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "email_changes" DROP CONSTRAINT "FK_38edd6558e3b8386e9297c2636e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_474b58b7e4b1fc4dad7d84172b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_783a2e0c1a8fafd72ed0684b5d"
        `);
    await queryRunner.query(`
            DROP TABLE "email_changes"
        `);
  }
}
