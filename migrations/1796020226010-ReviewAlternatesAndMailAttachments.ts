import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The alternates a planning division lists per report, asked in order when an expert declines or is dismissed; and
 * files sent with an e-mail (the calendar entry of an expert's due date).
 */
export class ReviewAlternatesAndMailAttachments1796020226010 implements MigrationInterface {
  name = 'ReviewAlternatesAndMailAttachments1796020226010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_deliveries" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`
      CREATE TABLE "review_alternates" (
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "report_id" uuid NOT NULL,
        "expert_user_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "listed_by" uuid NOT NULL,
        "invited_assignment_id" uuid,
        "replaced_assignment_id" uuid,
        "cause_event_id" uuid,
        CONSTRAINT "PK_426573640d21df272ba6461fd74" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_b3a1d1f64ad997a1aa52021a5f" ON "review_alternates" ("cause_event_id") WHERE "cause_event_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_63e72946cb8d3cf0d85b4097e0" ON "review_alternates" ("report_id", "position")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cf2fde5783aa18ec77f657c857" ON "review_alternates" ("report_id", "expert_user_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "review_alternates"
      ADD CONSTRAINT "FK_30ceef7107d218f84722b5038e0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "review_alternates"
      ADD CONSTRAINT "FK_6bc65fd52cdaeff4082d60b0315" FOREIGN KEY ("report_id") REFERENCES "result_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "review_alternates"
      ADD CONSTRAINT "FK_0edcb37ede5dea67562bd8591d7" FOREIGN KEY ("expert_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "review_alternates"
      ADD CONSTRAINT "FK_cf6d860ea0e5cb0716fae61e230" FOREIGN KEY ("invited_assignment_id") REFERENCES "review_assignments"("id") ON DELETE SET NULL ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "review_alternates" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "review_alternates"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "review_alternates"`);
    await queryRunner.query(`DROP TABLE "review_alternates"`);
    await queryRunner.query(`ALTER TABLE "email_deliveries" DROP COLUMN "attachments"`);
  }
}
