import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An expert's decline gives a reason (and may suggest someone else); an acceptance declares any conflict of interest;
 * the planning division may close an assignment whose expert does not answer (未回答で解除, with a note).
 *
 * PostgreSQL lets ADD VALUE run inside the migration's transaction but not use the new value before it commits:
 * nothing here casts 'dismissed'.
 */
export class AssignmentAnswersAndDismissal1796020149239 implements MigrationInterface {
  name = 'AssignmentAnswersAndDismissal1796020149239';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."assignment_status" ADD VALUE IF NOT EXISTS 'dismissed'`);
    await queryRunner.query(
      `CREATE TYPE "public"."decline_reason" AS ENUM('no_time', 'conflict_of_interest', 'outside_expertise', 'other')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."conflict_of_interest" AS ENUM('none', 'declared')`);
    await queryRunner.query(`
      ALTER TABLE "review_assignments"
      ADD "decline_reason_kind" "public"."decline_reason",
      ADD "suggested_expert" jsonb,
      ADD "conflict_of_interest" "public"."conflict_of_interest",
      ADD "conflict_of_interest_details" text NOT NULL DEFAULT '',
      ADD "dismissal_note" text NOT NULL DEFAULT '',
      ADD "dismissed_at" TIMESTAMP WITH TIME ZONE
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "review_assignments"
      DROP COLUMN "dismissed_at",
      DROP COLUMN "dismissal_note",
      DROP COLUMN "conflict_of_interest_details",
      DROP COLUMN "conflict_of_interest",
      DROP COLUMN "suggested_expert",
      DROP COLUMN "decline_reason_kind"
    `);
    await queryRunner.query(`DROP TYPE "public"."conflict_of_interest"`);
    await queryRunner.query(`DROP TYPE "public"."decline_reason"`);

    // PostgreSQL cannot drop a value from an enum: the type is made again without it. A dismissed assignment was
    // closed for want of an answer, which is what a removal meant before.
    await queryRunner.query(`UPDATE "review_assignments" SET "status" = 'removed' WHERE "status"::text = 'dismissed'`);
    // The indexes on the column go with the old type and come back on the new one.
    await queryRunner.query(`DROP INDEX "public"."IDX_83a4272720ad7dee82ec06c6c9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fa8ad1e3abbd13cb97b9ea8e0e"`);
    await queryRunner.query(`ALTER TYPE "public"."assignment_status" RENAME TO "assignment_status_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."assignment_status" AS ENUM('pending', 'accepted', 'declined', 'removed')`,
    );
    await queryRunner.query(`ALTER TABLE "review_assignments" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`
      ALTER TABLE "review_assignments"
      ALTER COLUMN "status" TYPE "public"."assignment_status" USING "status"::"text"::"public"."assignment_status"
    `);
    await queryRunner.query(`ALTER TABLE "review_assignments" ALTER COLUMN "status" SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE "public"."assignment_status_old"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_83a4272720ad7dee82ec06c6c9" ON "review_assignments" ("expert_user_id", "status")`,
    );
    await queryRunner.query(`
      CREATE UNIQUE INDEX "IDX_fa8ad1e3abbd13cb97b9ea8e0e" ON "review_assignments" ("report_id", "expert_user_id")
      WHERE "status" <> 'removed'
    `);
  }
}
