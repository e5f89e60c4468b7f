import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Reports1795419992160 implements MigrationInterface {
  name = 'Reports1795419992160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "grant_types" (
                "code" text NOT NULL,
                "label" text NOT NULL,
                "sort_order" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_e704c2fc4f3d0977786bc5810a9" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."kpi_direction" AS ENUM('higher_is_better', 'lower_is_better')
        `);
    await queryRunner.query(`
            CREATE TABLE "kpi_definitions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "project_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "name" text NOT NULL,
                "baseline" numeric,
                "target" numeric,
                "unit" text NOT NULL DEFAULT '',
                "target_year_month" character(7),
                "direction" "public"."kpi_direction" NOT NULL DEFAULT 'higher_is_better',
                CONSTRAINT "CHK_a0bee812cbbcad981582464e6f" CHECK (
                    "target_year_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
                ),
                CONSTRAINT "CHK_c08c54d2f12af11f644f0cd92a" CHECK (
                    "position" BETWEEN 1 AND 4
                ),
                CONSTRAINT "PK_c68b23412c3d914579ce17c1d24" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_422b8a6f9bf7f422a9b43be341" ON "kpi_definitions" ("project_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "grant_projects" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "department_id" uuid NOT NULL,
                "project_number" text,
                "name" text NOT NULL,
                "grant_type_code" text NOT NULL,
                "plan_start_fiscal_year" integer NOT NULL,
                "plan_end_fiscal_year" integer NOT NULL,
                "overview" text NOT NULL DEFAULT '',
                "joint_application_note" text,
                "partner_municipalities" text array NOT NULL DEFAULT '{}',
                "policy_area" text,
                "version" integer NOT NULL,
                CONSTRAINT "CHK_ea4ded04c65b56148f96dd6700" CHECK (
                    "plan_end_fiscal_year" >= "plan_start_fiscal_year"
                ),
                CONSTRAINT "PK_26d9122c852dbe62d4ef07a981e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c8f57b0a58a4d4b885710d5f13" ON "grant_projects" ("organization_id", "department_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "budget_lines" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "name" text NOT NULL DEFAULT '',
                "summary" text NOT NULL DEFAULT '',
                "results" text NOT NULL DEFAULT '',
                "budget_amount" bigint,
                "budget_grant_amount" bigint,
                "actual_amount" bigint,
                "actual_grant_amount" bigint,
                CONSTRAINT "CHK_81dc8fe5f273cd6ade3b693953" CHECK (
                    LEAST(
                        "budget_amount",
                        "budget_grant_amount",
                        "actual_amount",
                        "actual_grant_amount"
                    ) >= 0
                ),
                CONSTRAINT "CHK_7a25c9c3d56fa02465b8c91220" CHECK (
                    "actual_grant_amount" IS NULL
                    OR "actual_amount" IS NULL
                    OR "actual_grant_amount" <= "actual_amount"
                ),
                CONSTRAINT "CHK_c92bbc085527240afe10c50ce2" CHECK (
                    "budget_grant_amount" IS NULL
                    OR "budget_amount" IS NULL
                    OR "budget_grant_amount" <= "budget_amount"
                ),
                CONSTRAINT "PK_4eabf9c9d7c8edc9ad302270c94" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_974f470a874fcc2a7db43e53a6" ON "budget_lines" ("report_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "kpi_results" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "latest_value" numeric,
                "latest_as_of" character(7),
                "is_reference" boolean NOT NULL DEFAULT false,
                "yearly_actuals" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "CHK_c59dd83c069c89d5b27827fd65" CHECK ("latest_as_of" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
                CONSTRAINT "CHK_9adbab8148ea8379c806bfe3e8" CHECK (
                    "position" BETWEEN 1 AND 4
                ),
                CONSTRAINT "PK_57be4620ae2c0aa403040be0c4e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_68575e59862dc9d66d1145031d" ON "kpi_results" ("report_id", "position")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."report_status" AS ENUM(
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
            CREATE TYPE "public"."effect_level" AS ENUM(
                'very_effective',
                'considerably_effective',
                'effective',
                'not_effective'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."panel_rating" AS ENUM(
                'very_effective',
                'considerably_effective',
                'effective',
                'not_effective'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."policy_decision" AS ENUM('continue', 'expand', 'end', 'revise', 'stop')
        `);
    await queryRunner.query(`
            CREATE TABLE "result_reports" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "project_id" uuid NOT NULL,
                "fiscal_year" integer NOT NULL,
                "status" "public"."report_status" NOT NULL DEFAULT 'draft',
                "actual_as_of" character(7),
                "typed_budget_total" bigint,
                "typed_budget_grant_total" bigint,
                "typed_actual_total" bigint,
                "typed_actual_grant_total" bigint,
                "acknowledged_warnings" jsonb NOT NULL DEFAULT '[]',
                "effect_level" "public"."effect_level",
                "effect_narrative" text NOT NULL DEFAULT '',
                "panel_rating" "public"."panel_rating",
                "panel_opinion" text NOT NULL DEFAULT '',
                "policy_decision" "public"."policy_decision",
                "policy_reason" text NOT NULL DEFAULT '',
                "created_by" uuid,
                "updated_by" uuid,
                "version" integer NOT NULL,
                CONSTRAINT "CHK_84c93cefae7854c166da0fc9d6" CHECK (
                    "fiscal_year" BETWEEN 1989 AND 2200
                ),
                CONSTRAINT "CHK_3c3b17aa01283448b35be28d6b" CHECK ("actual_as_of" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
                CONSTRAINT "PK_7b47e8112f9244a4d60ee62293b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c5de6b98629afeeebcefbd931e" ON "result_reports" ("organization_id", "fiscal_year", "status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c9227abd2293e9fe369b69add8" ON "result_reports" ("project_id", "fiscal_year")
        `);
    await queryRunner.query(`
            CREATE TABLE "report_revisions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "report_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "snapshot" jsonb NOT NULL,
                "changed_by" uuid,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c98e9634bfa2d0bbae627cfa957" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f88d60850001dde405cf43999f" ON "report_revisions" ("report_id", "version")
        `);
    await queryRunner.query(`
            ALTER TABLE "kpi_definitions"
            ADD CONSTRAINT "FK_5d1a65b4aee18ac540128e19793" FOREIGN KEY ("project_id") REFERENCES "grant_projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects"
            ADD CONSTRAINT "FK_43891d1ac31b05dfb376d46f58e" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects"
            ADD CONSTRAINT "FK_de2541f11947feac5f7ab06901e" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects"
            ADD CONSTRAINT "FK_7c30d7370e562472c69ccde3ae3" FOREIGN KEY ("grant_type_code") REFERENCES "grant_types"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_lines"
            ADD CONSTRAINT "FK_06f42b3f3cc879acdf40d7af83a" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "kpi_results"
            ADD CONSTRAINT "FK_c1a915202efb52df37eeaf6b44a" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD CONSTRAINT "FK_9769b09c93c72390873792d35dd" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD CONSTRAINT "FK_03af42a87cba0e691e4bb1b7e38" FOREIGN KEY ("project_id") REFERENCES "grant_projects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            INSERT INTO "grant_types" ("code", "label", "sort_order") VALUES
                ('promotion', '地方創生推進交付金', 10),
                ('base_development', '地方創生拠点整備交付金', 20),
                ('telework', '地方創生テレワーク交付金', 30),
                ('digital_garden_city', 'デジタル田園都市国家構想交付金', 40),
                ('new_regional_economy', '新しい地方経済・生活環境創生交付金', 50),
                ('corporate_hometown_tax', '企業版ふるさと納税', 60)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP CONSTRAINT "FK_03af42a87cba0e691e4bb1b7e38"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP CONSTRAINT "FK_9769b09c93c72390873792d35dd"
        `);
    await queryRunner.query(`
            ALTER TABLE "kpi_results" DROP CONSTRAINT "FK_c1a915202efb52df37eeaf6b44a"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_lines" DROP CONSTRAINT "FK_06f42b3f3cc879acdf40d7af83a"
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects" DROP CONSTRAINT "FK_7c30d7370e562472c69ccde3ae3"
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects" DROP CONSTRAINT "FK_de2541f11947feac5f7ab06901e"
        `);
    await queryRunner.query(`
            ALTER TABLE "grant_projects" DROP CONSTRAINT "FK_43891d1ac31b05dfb376d46f58e"
        `);
    await queryRunner.query(`
            ALTER TABLE "kpi_definitions" DROP CONSTRAINT "FK_5d1a65b4aee18ac540128e19793"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f88d60850001dde405cf43999f"
        `);
    await queryRunner.query(`
            DROP TABLE "report_revisions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c9227abd2293e9fe369b69add8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c5de6b98629afeeebcefbd931e"
        `);
    await queryRunner.query(`
            DROP TABLE "result_reports"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."policy_decision"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."panel_rating"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."effect_level"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."report_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_68575e59862dc9d66d1145031d"
        `);
    await queryRunner.query(`
            DROP TABLE "kpi_results"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_974f470a874fcc2a7db43e53a6"
        `);
    await queryRunner.query(`
            DROP TABLE "budget_lines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c8f57b0a58a4d4b885710d5f13"
        `);
    await queryRunner.query(`
            DROP TABLE "grant_projects"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_422b8a6f9bf7f422a9b43be341"
        `);
    await queryRunner.query(`
            DROP TABLE "kpi_definitions"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."kpi_direction"
        `);
    await queryRunner.query(`
            DROP TABLE "grant_types"
        `);
  }
}
