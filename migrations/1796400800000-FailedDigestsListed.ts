import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A daily digest that fails is listed for the administrators of the municipality of its oldest notice, who may send it
 * again; row-level security hid it while it had no organization. Digests are marked as such: one whose items have all
 * gone into a later digest has nothing to send, unlike other mail about no notification. Digests written before are
 * known by their items, or, where a failure sent their open items back to wait (which unlinked them), by the subject
 * every digest has. Those unlinked ones get the municipality the recipient joined first, the only one left to know.
 */
export class FailedDigestsListed1796400800000 implements MigrationInterface {
  name = 'FailedDigestsListed1796400800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_deliveries" ADD "digest" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE "email_deliveries" d SET "digest" = true
       WHERE d."notification_id" IS NULL AND d."user_id" IS NOT NULL
         AND (EXISTS (SELECT 1 FROM "notifications" n WHERE n."digest_delivery_id" = d."id")
           OR d."subject" LIKE '%【まとめ】通知 %')`,
    );
    await queryRunner.query(
      `UPDATE "email_deliveries" d SET "organization_id" = coalesce(
         (SELECT n."organization_id" FROM "notifications" n WHERE n."digest_delivery_id" = d."id"
           ORDER BY n."created_at", n."id" LIMIT 1),
         (SELECT m."organization_id" FROM "memberships" m WHERE m."user_id" = d."user_id"
           ORDER BY m."created_at", m."id" LIMIT 1))
       WHERE d."digest" AND d."organization_id" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Before, a failed digest's items waiting again named no digest.
    await queryRunner.query(
      `UPDATE "notifications" SET "digest_delivery_id" = NULL
       WHERE "pending_digest" AND "digest_delivery_id" IS NOT NULL`,
    );
    await queryRunner.query(`UPDATE "email_deliveries" SET "organization_id" = NULL WHERE "digest"`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP COLUMN "digest"`);
  }
}
