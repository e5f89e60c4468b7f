import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each municipality's wording of its reminders to experts, and when each expert was last reminded. */
export class ReminderTemplates1796020192552 implements MigrationInterface {
  name = 'ReminderTemplates1796020192552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."reminder_kind" AS ENUM('before', 'due_today', 'after_due')`);
    await queryRunner.query(`
      CREATE TABLE "reminder_templates" (
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "kind" "public"."reminder_kind" NOT NULL,
        "subject" text NOT NULL,
        "body" text NOT NULL,
        CONSTRAINT "PK_d4e1f6b10a440630468fcb0a451" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_798d493ed7a3b787270a1535ce" ON "reminder_templates" ("organization_id", "kind")`,
    );
    await queryRunner.query(`
      ALTER TABLE "reminder_templates"
      ADD CONSTRAINT "FK_007d4c5d408630564d9647f1355" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "reminder_templates" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "reminder_templates"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
    await queryRunner.query(`ALTER TABLE "review_assignments" ADD "last_reminded_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review_assignments" DROP COLUMN "last_reminded_at"`);
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "reminder_templates"`);
    await queryRunner.query(`DROP TABLE "reminder_templates"`);
    await queryRunner.query(`DROP TYPE "public"."reminder_kind"`);
  }
}
