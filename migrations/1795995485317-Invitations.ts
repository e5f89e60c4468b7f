import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Invitations1795995485317 implements MigrationInterface {
  name = 'Invitations1795995485317';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "invitations" (
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "email" text NOT NULL,
                "grants" jsonb NOT NULL,
                "invited_by_id" uuid,
                "token_hash" text,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                "declined_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_ff9be6a053d71c33c172f1e74d" CHECK (
                    num_nonnulls("accepted_at", "declined_at", "revoked_at") <= 1
                ),
                CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_872ac94a64b3d44fc4b554780c" ON "invitations" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d0f38b0332971fcc13b42cd175" ON "invitations" ("organization_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "email_deliveries"
            ALTER COLUMN "user_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "invitations"
            ADD CONSTRAINT "FK_42d1dbb4d85dc3643fdc6560af0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invitations"
            ADD CONSTRAINT "FK_d4de0403dd012cf87b430af70ef" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    // The same second wall as every other table of an organization (see OrganizationRowLevelSecurity).
    await queryRunner.query(`ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
            CREATE POLICY "organization_isolation" ON "invitations"
            USING ("in_current_organization"("organization_id")) WITH CHECK ("in_current_organization"("organization_id"))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "organization_isolation" ON "invitations"`);
    await queryRunner.query(`
            ALTER TABLE "invitations" DROP CONSTRAINT "FK_d4de0403dd012cf87b430af70ef"
        `);
    await queryRunner.query(`
            ALTER TABLE "invitations" DROP CONSTRAINT "FK_42d1dbb4d85dc3643fdc6560af0"
        `);
    // Invitation mails have no user; they cannot survive the column becoming required again.
    await queryRunner.query(`
            DELETE FROM "email_deliveries"
            WHERE "user_id" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "email_deliveries"
            ALTER COLUMN "user_id"
            SET NOT NULL
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d0f38b0332971fcc13b42cd175"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_872ac94a64b3d44fc4b554780c"
        `);
    await queryRunner.query(`
            DROP TABLE "invitations"
        `);
  }
}
