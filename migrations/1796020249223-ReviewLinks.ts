import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Experts' one-click links (only a hash of each token) and the scope of a session opened by one: that session may act
 * on its one assignment only.
 */
export class ReviewLinks1796020249223 implements MigrationInterface {
  name = 'ReviewLinks1796020249223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "review_links" (
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "assignment_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_4b40e21104a7555ff596462bd7f" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_9c15e94fb8c0b2ac17e6a801c1" ON "review_links" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "IDX_bf27f8a0904f018eb167e705cb" ON "review_links" ("assignment_id")`);
    await queryRunner.query(`
      ALTER TABLE "review_links"
      ADD CONSTRAINT "FK_3c98e5e61488c4a23f2736ce805" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "review_links"
      ADD CONSTRAINT "FK_bf27f8a0904f018eb167e705cb1" FOREIGN KEY ("assignment_id") REFERENCES "review_assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    // A municipality's rows, like every table with an organization_id (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "review_links" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY "organization_isolation" ON "review_links"
      USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
    `);

    await queryRunner.query(`ALTER TABLE "sessions" ADD "scope_organization_id" uuid`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "scope_report_id" uuid`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "scope_assignment_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_ccc58c9662904d52b596adbb69" ON "sessions" ("scope_assignment_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_ccc58c9662904d52b596adbb69"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "scope_assignment_id"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "scope_report_id"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "scope_organization_id"`);
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "review_links"`);
    await queryRunner.query(`DROP TABLE "review_links"`);
  }
}
