import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each report keeps its own year's plan (report_plans), published reports are frozen in PostgreSQL, and every
 * publication is an edition (report_editions) that is never changed.
 *
 * Existing reports get their plan copy from their project AS IT IS NOW: the earlier plans were never stored, so this is
 * the best record there is; from here on each report keeps its own. Reports published before this migration get their
 * first edition written when it is first superseded (see ReportEditions.recordFirst): until then the frozen report row
 * is that edition.
 */
export class YearPlansAndEditions1795988245700 implements MigrationInterface {
  name = 'YearPlansAndEditions1795988245700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "report_plans" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "report_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "project_number" text,
                "name" text NOT NULL,
                "department_id" uuid NOT NULL,
                "department_name" text NOT NULL DEFAULT '',
                "grant_type_code" text NOT NULL,
                "grant_type_label" text,
                "plan_start_fiscal_year" integer NOT NULL,
                "plan_end_fiscal_year" integer NOT NULL,
                "overview" text NOT NULL DEFAULT '',
                "joint_application_note" text,
                "partner_municipalities" text array NOT NULL DEFAULT '{}',
                "policy_area" text,
                "kpis" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "PK_4806b79ade8bd7aa8f5744c3c8b" PRIMARY KEY ("report_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "report_editions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "edition" integer NOT NULL,
                "report_version" integer NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "published_by" uuid,
                "correction_reason" text,
                "snapshot" jsonb NOT NULL,
                CONSTRAINT "UQ_10a3e04015efbbaf9213e8d3538" UNIQUE ("report_id", "edition"),
                CONSTRAINT "CHK_ae8a36d3a9a6ebb1ad9c505e3b" CHECK (
                    "edition" = 1
                    OR "correction_reason" IS NOT NULL
                ),
                CONSTRAINT "PK_beaf4b02f765142c893700d1e3c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD "correction_reason" text
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c5de6b98629afeeebcefbd931e"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."report_status"
            RENAME TO "report_status_old"
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."report_status" AS ENUM(
                'draft',
                'submitted',
                'in_expert_review',
                'evaluated',
                'decision_proposed',
                'decided',
                'published',
                'correcting'
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status" TYPE "public"."report_status" USING "status"::"text"::"public"."report_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status"
            SET DEFAULT 'draft'
        `);
    await queryRunner.query(`
            DROP TYPE "public"."report_status_old"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c5de6b98629afeeebcefbd931e" ON "result_reports" ("organization_id", "fiscal_year", "status")
        `);
    await queryRunner.query(`
            ALTER TABLE "report_plans"
            ADD CONSTRAINT "FK_4806b79ade8bd7aa8f5744c3c8b" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "report_editions"
            ADD CONSTRAINT "FK_d6fd5b3574593c7e4d780b55d91" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
      INSERT INTO "report_plans" ("report_id", "organization_id", "project_number", "name", "department_id", "department_name",
        "grant_type_code", "grant_type_label", "plan_start_fiscal_year", "plan_end_fiscal_year", "overview",
        "joint_application_note", "partner_municipalities", "policy_area", "kpis")
      SELECT r."id", r."organization_id", p."project_number", p."name", p."department_id", coalesce(d."name", ''),
        p."grant_type_code", g."label", p."plan_start_fiscal_year", p."plan_end_fiscal_year", p."overview",
        p."joint_application_note", p."partner_municipalities", p."policy_area",
        coalesce((SELECT jsonb_agg(jsonb_build_object('position', k."position", 'name', k."name", 'baseline', k."baseline",
            'target', k."target", 'unit', k."unit", 'targetYearMonth', k."target_year_month", 'direction', k."direction")
            ORDER BY k."position") FROM "kpi_definitions" k WHERE k."project_id" = p."id"), '[]'::jsonb)
      FROM "result_reports" r
      JOIN "grant_projects" p ON p."id" = r."project_id"
      LEFT JOIN "departments" d ON d."id" = p."department_id"
      LEFT JOIN "grant_types" g ON g."code" = p."grant_type_code"
    `);
    // An edition is a public record: written once, never changed or removed.
    await queryRunner.query(`
      CREATE FUNCTION "report_edition_is_permanent"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report editions are permanent: % refused', TG_OP USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "report_editions_permanent" BEFORE UPDATE OR DELETE ON "report_editions"
      FOR EACH ROW EXECUTE FUNCTION "report_edition_is_permanent"()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "report_editions_no_truncate" BEFORE TRUNCATE ON "report_editions"
      FOR EACH STATEMENT EXECUTE FUNCTION "report_edition_is_permanent"()
    `);

    // A published report is frozen: the only change allowed is the start of a correction (訂正), which moves it to
    // 'correcting' without touching its content (the published content stays in report_editions either way).
    await queryRunner.query(`
      CREATE FUNCTION "published_report_is_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bookkeeping text[] := ARRAY['status', 'version', 'updated_at', 'updated_by', 'correction_reason'];
      BEGIN
        IF OLD."status" <> 'published' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW."status" = 'correcting' AND (to_jsonb(NEW) - bookkeeping) = (to_jsonb(OLD) - bookkeeping) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'report % is published and cannot change; correct it (訂正) instead', OLD."id" USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "result_reports_published_frozen" BEFORE UPDATE OR DELETE ON "result_reports"
      FOR EACH ROW EXECUTE FUNCTION "published_report_is_frozen"()
    `);

    // The rows that belong to a report (budget lines, KPI results, its plan copy) are frozen with it.
    await queryRunner.query(`
      CREATE FUNCTION "report_part_follows_report"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = OLD."report_id" AND "status" = 'published'))
          OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = NEW."report_id" AND "status" = 'published')) THEN
          RAISE EXCEPTION 'report is published and its % cannot change; correct it (訂正) instead', TG_TABLE_NAME USING ERRCODE = 'RPF01';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$
    `);
    for (const table of ['budget_lines', 'kpi_results', 'report_plans']) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_follow_report" BEFORE INSERT OR UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION "report_part_follows_report"()
      `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['budget_lines', 'kpi_results', 'report_plans'])
      await queryRunner.query(`DROP TRIGGER "${table}_follow_report" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "report_part_follows_report"()`);
    await queryRunner.query(`DROP TRIGGER "result_reports_published_frozen" ON "result_reports"`);
    await queryRunner.query(`DROP FUNCTION "published_report_is_frozen"()`);

    await queryRunner.query(`
            ALTER TABLE "report_editions" DROP CONSTRAINT "FK_d6fd5b3574593c7e4d780b55d91"
        `);
    await queryRunner.query(`
            ALTER TABLE "report_plans" DROP CONSTRAINT "FK_4806b79ade8bd7aa8f5744c3c8b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c5de6b98629afeeebcefbd931e"
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."report_status_old" AS ENUM(
                'draft',
                'submitted',
                'in_expert_review',
                'evaluated',
                'decision_proposed',
                'decided',
                'published'
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status" TYPE "public"."report_status_old" USING "status"::"text"::"public"."report_status_old"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ALTER COLUMN "status"
            SET DEFAULT 'draft'
        `);
    await queryRunner.query(`
            DROP TYPE "public"."report_status"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."report_status_old"
            RENAME TO "report_status"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c5de6b98629afeeebcefbd931e" ON "result_reports" ("organization_id", "fiscal_year", "status")
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP COLUMN "correction_reason"
        `);
    await queryRunner.query(`
            DROP TABLE "report_editions"
        `);
    await queryRunner.query(`
            DROP TABLE "report_plans"
        `);
    await queryRunner.query(`DROP FUNCTION "report_edition_is_permanent"()`);
  }
}
