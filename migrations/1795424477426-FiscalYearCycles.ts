import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class FiscalYearCycles1795424477426 implements MigrationInterface {
  name = 'FiscalYearCycles1795424477426';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."cycle_status" AS ENUM('open', 'closed')
        `);
    await queryRunner.query(`
            CREATE TABLE "fiscal_year_cycles" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "fiscal_year" integer NOT NULL,
                "submission_due_date" date NOT NULL,
                "review_due_date" date,
                "status" "public"."cycle_status" NOT NULL DEFAULT 'open',
                "opened_by" uuid NOT NULL,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_2fa7405fc99f75d650dec574807" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_65036f74bd804f65251fd02617" ON "fiscal_year_cycles" ("organization_id", "fiscal_year")
        `);
    await queryRunner.query(`
            ALTER TABLE "fiscal_year_cycles"
            ADD CONSTRAINT "FK_453f543fa2d53767e5bcdb8730b" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "fiscal_year_cycles" DROP CONSTRAINT "FK_453f543fa2d53767e5bcdb8730b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_65036f74bd804f65251fd02617"
        `);
    await queryRunner.query(`
            DROP TABLE "fiscal_year_cycles"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."cycle_status"
        `);
  }
}
