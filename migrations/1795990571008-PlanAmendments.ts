import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PlanAmendments1795990571008 implements MigrationInterface {
  name = 'PlanAmendments1795990571008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "plan_amendments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "project_id" uuid NOT NULL,
                "effective_fiscal_year" integer NOT NULL,
                "reason" text NOT NULL,
                "changes" jsonb NOT NULL,
                "amended_by" uuid NOT NULL,
                "amended_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_097a6540224e9522ddfd2902498" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f1258baecff9180e492c5e9b5e" ON "plan_amendments" ("project_id", "amended_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "plan_amendments"
            ADD CONSTRAINT "FK_703eff76732420f7f28e6a3db4c" FOREIGN KEY ("project_id") REFERENCES "grant_projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "plan_amendments" DROP CONSTRAINT "FK_703eff76732420f7f28e6a3db4c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f1258baecff9180e492c5e9b5e"
        `);
    await queryRunner.query(`
            DROP TABLE "plan_amendments"
        `);
  }
}
