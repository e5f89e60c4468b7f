import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A notification remembers the daily digest e-mail it went out in, so that the digest is sent without the items
 * settled while it waited, or withheld when every one of them was.
 */
export class DigestItems1796301851207 implements MigrationInterface {
  name = 'DigestItems1796301851207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "digest_delivery_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_10ee5c76b1f9024c0f37f392f2" ON "notifications" ("digest_delivery_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_10ee5c76b1f9024c0f37f392f2"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "digest_delivery_id"`);
  }
}
