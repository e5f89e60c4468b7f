import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every withdrawal of a publication (公表の取消) kept for good (report_withdrawals): the report's withdrawn_at and
 * withdrawal_reason are cleared when a corrected edition is published, and the public record lost the withdrawal with
 * them. The reports withdrawn now are recorded from those columns, to the millisecond, so the feed's entries keep
 * their ids; earlier withdrawals, already cleared, come back from the audit log, which holds each with its reason.
 */
export class WithdrawalHistory1796401000000 implements MigrationInterface {
  name = 'WithdrawalHistory1796401000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_withdrawals" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "report_id" uuid NOT NULL,
        "fiscal_year" integer NOT NULL,
        "edition" integer NOT NULL,
        "withdrawn_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "reason" text NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "UQ_556c1859c282c8799501a52f4ba" UNIQUE ("report_id", "withdrawn_at"),
        CONSTRAINT "PK_2012a109a8e4fd2bdc511314191" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE INDEX "IDX_8e48c5c84bf08dcb4d38d599c9" ON "report_withdrawals" ("organization_id", "withdrawn_at")
    `);
    await queryRunner.query(`
      ALTER TABLE "report_withdrawals"
      ADD CONSTRAINT "FK_4d2765ba239a10f2211bd07fab0" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "report_withdrawals" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "report_withdrawals"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
    // A withdrawal announced is on the public record: written once, never changed or removed, as an edition. The
    // editions' guard serves both, renamed, naming the table it refused ("report editions are permanent: …").
    await queryRunner.query(`ALTER FUNCTION "report_edition_is_permanent"() RENAME TO "public_record_is_permanent"`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "public_record_is_permanent"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% are permanent: % refused', replace(TG_TABLE_NAME, '_', ' '), TG_OP USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "report_withdrawals_permanent" BEFORE UPDATE OR DELETE ON "report_withdrawals"
      FOR EACH ROW EXECUTE FUNCTION "public_record_is_permanent"()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "report_withdrawals_no_truncate" BEFORE TRUNCATE ON "report_withdrawals"
      FOR EACH STATEMENT EXECUTE FUNCTION "public_record_is_permanent"()
    `);
    // The audit entry of a withdrawal is written just after the report's withdrawn_at is set: an entry before it is an
    // earlier withdrawal. Each names the edition that was the latest written by then.
    await queryRunner.query(`
      INSERT INTO "report_withdrawals" ("organization_id", "report_id", "fiscal_year", "edition", "withdrawn_at", "reason")
      SELECT r."organization_id", r."id", r."fiscal_year",
        coalesce((SELECT max(e."edition") FROM "report_editions" e
          WHERE e."report_id" = r."id" AND coalesce(e."recorded_at", e."published_at") <= w."withdrawn_at"), 1),
        w."withdrawn_at", w."reason"
      FROM (
        SELECT r."id" AS "report_id", a."occurred_at" AS "withdrawn_at", coalesce(a."details" ->> 'reason', '') AS "reason"
        FROM "audit_entries" a
        JOIN "result_reports" r ON r."id"::text = a."entity_id"
        WHERE a."action" = 'report.publication_withdrawn' AND a."entity_type" = 'report'
          AND (r."withdrawn_at" IS NULL OR a."occurred_at" < r."withdrawn_at")
        UNION ALL
        SELECT "id", "withdrawn_at", coalesce("withdrawal_reason", '') FROM "result_reports" WHERE "withdrawn_at" IS NOT NULL
      ) w
      JOIN "result_reports" r ON r."id" = w."report_id"
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_withdrawals"`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "public_record_is_permanent"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report editions are permanent: % refused', TG_OP USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`ALTER FUNCTION "public_record_is_permanent"() RENAME TO "report_edition_is_permanent"`);
  }
}
