import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each municipality's own wording of ⑥ 事業効果, ⑦ 事業の評価 and ⑧ 今後の方針, every option counting as one national
 * kind; and on each report the option and wording it was decided with (the enum columns keep holding the kind, so
 * every summary across municipalities adds up as before). Reports from before have no wording: they show the national one.
 */
export class AssessmentOptions1796008417131 implements MigrationInterface {
  name = 'AssessmentOptions1796008417131';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TYPE "public"."assessment_scale" AS ENUM('effect_level', 'panel_rating', 'policy_decision')
    `);
    await queryRunner.query(`
      CREATE TABLE "assessment_options" (
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "scale" "public"."assessment_scale" NOT NULL,
        "key" text NOT NULL,
        "kind" text NOT NULL,
        "label" text NOT NULL,
        "form_text" text,
        "position" integer NOT NULL,
        "retired" boolean NOT NULL DEFAULT false,
        CONSTRAINT "PK_52b8ef855d0d51a9022f7da26c8" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "IDX_ea5680d81d6f44f5b96b47db7e" ON "assessment_options" ("organization_id", "scale", "key")
    `);
    await queryRunner.query(`
      ALTER TABLE "assessment_options"
      ADD CONSTRAINT "FK_e1de2e1b094afcb9d094da62ff7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "assessment_options" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "assessment_options"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      ADD "effect_level_option" text,
      ADD "effect_level_label" text,
      ADD "panel_rating_option" text,
      ADD "panel_rating_label" text,
      ADD "policy_decision_option" text,
      ADD "policy_decision_label" text,
      ADD "policy_decision_form_text" text
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      DROP COLUMN "policy_decision_form_text",
      DROP COLUMN "policy_decision_label",
      DROP COLUMN "policy_decision_option",
      DROP COLUMN "panel_rating_label",
      DROP COLUMN "panel_rating_option",
      DROP COLUMN "effect_level_label",
      DROP COLUMN "effect_level_option"
    `);
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "assessment_options"`);
    await queryRunner.query(`DROP TABLE "assessment_options"`);
    await queryRunner.query(`DROP TYPE "public"."assessment_scale"`);
  }
}
