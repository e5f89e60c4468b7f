import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each municipality's way of running expert reviews: reminder days, how long one-click links last, alternates. */
export class ReviewSettings1796019975878 implements MigrationInterface {
  name = 'ReviewSettings1796019975878';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "review_settings" (
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "reminder_offsets" integer array NOT NULL DEFAULT '{-7,-3,0,1,3}',
        "link_valid_days_after_due" integer NOT NULL DEFAULT '30',
        "auto_invite_alternates" boolean NOT NULL DEFAULT false,
        CONSTRAINT "CHK_2a45f7f5ab77084e77f306779b" CHECK ("link_valid_days_after_due" BETWEEN 1 AND 365),
        CONSTRAINT "PK_dbca1b7e4a9ed1258094998b812" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_75af6ac8377de8fbb46b51bbf0" ON "review_settings" ("organization_id")`,
    );
    await queryRunner.query(`
      ALTER TABLE "review_settings"
      ADD CONSTRAINT "FK_75af6ac8377de8fbb46b51bbf08" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "review_settings" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "review_settings"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "review_settings"`);
    await queryRunner.query(`DROP TABLE "review_settings"`);
  }
}
