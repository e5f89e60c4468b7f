import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The notice of a change of address to the old address gets a link that cancels the change: its token's hash, set when
 * the mails are written, as the confirmation link's is. Changes asked for before have none; their notices had no link.
 */
export class EmailChangeCancelLinks1796400100000 implements MigrationInterface {
  name = 'EmailChangeCancelLinks1796400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_changes" ADD "cancel_token_hash" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1a2aa311ce3977416f17de7055" ON "email_changes" ("cancel_token_hash")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_1a2aa311ce3977416f17de7055"`);
    await queryRunner.query(`ALTER TABLE "email_changes" DROP COLUMN "cancel_token_hash"`);
  }
}
