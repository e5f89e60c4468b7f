import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each edition keeps the names of the experts whose opinions its ⑦ rests on, so the public page of an edition shows the
 * panel of that edition. Editions published before this hold the panel as the public pages showed it until now (read
 * from the assignments, which no longer change once a report is past review); filling them in is the one change to an
 * edition ever made, so the permanence trigger steps aside for this statement only.
 */
export class EditionPanelMembers1796265374753 implements MigrationInterface {
  name = 'EditionPanelMembers1796265374753';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "report_editions" ADD "panel_member_names" text array NOT NULL DEFAULT '{}'::text[]`,
    );
    await queryRunner.query(`ALTER TABLE "report_editions" DISABLE TRIGGER "report_editions_permanent"`);
    await queryRunner.query(`
      UPDATE "report_editions" "edition" SET "panel_member_names" = "panel"."names"
      FROM (
        SELECT "assignment"."report_id", array_agg(DISTINCT "expert"."display_name" ORDER BY "expert"."display_name") AS "names"
        FROM "review_assignments" "assignment"
        JOIN "users" "expert" ON "expert"."id" = "assignment"."expert_user_id"
        WHERE "assignment"."opinion_submitted_at" IS NOT NULL AND "assignment"."status" <> 'removed'
        GROUP BY "assignment"."report_id"
      ) "panel"
      WHERE "panel"."report_id" = "edition"."report_id"
    `);
    await queryRunner.query(`ALTER TABLE "report_editions" ENABLE TRIGGER "report_editions_permanent"`);
    await queryRunner.query(`ALTER TABLE "report_editions" ALTER COLUMN "panel_member_names" DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_editions" DROP COLUMN "panel_member_names"`);
  }
}
