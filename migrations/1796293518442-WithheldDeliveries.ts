import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A mail about a request settled before it went out is withheld rather than sent. Nothing here casts 'withheld':
 * PostgreSQL lets ADD VALUE run inside the migration's transaction but not use the new value before it commits.
 */
export class WithheldDeliveries1796293518442 implements MigrationInterface {
  name = 'WithheldDeliveries1796293518442';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."delivery_status" ADD VALUE IF NOT EXISTS 'withheld'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Without the state a withheld mail is one that was never sent, and is to be sent no more: failed, for the record.
    await queryRunner.query(`UPDATE "email_deliveries" SET "status" = 'failed' WHERE "status"::text = 'withheld'`);
    // PostgreSQL cannot drop a value from an enum: the type is made again without it.
    await queryRunner.query(`ALTER TYPE "public"."delivery_status" RENAME TO "delivery_status_old"`);
    await queryRunner.query(`CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent', 'failed')`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`
      ALTER TABLE "email_deliveries"
      ALTER COLUMN "status" TYPE "public"."delivery_status" USING "status"::"text"::"public"."delivery_status"
    `);
    await queryRunner.query(`ALTER TABLE "email_deliveries" ALTER COLUMN "status" SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE "public"."delivery_status_old"`);
  }
}
