import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The public record's last change (data.json's updatedAt, the feed's updated, the sitemap's lastmod) read the
 * organization's updated_at, which every setting moves, the ⑥ threshold too, which no public page shows. A column moved
 * only by what the public pages show of the municipality: set by a trigger, so that no path can forget it; existing
 * municipalities start from their updated_at, as the record read it so far.
 */
export class OrganizationPublicChangedAt1796402200000 implements MigrationInterface {
  name = 'OrganizationPublicChangedAt1796402200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD "public_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(`UPDATE "organizations" SET "public_changed_at" = "updated_at"`);
    await queryRunner.query(`
      CREATE FUNCTION "organization_public_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW."name", NEW."publish_panel_member_names", NEW."open_data_licence", NEW."open_data_licence_url")
           IS DISTINCT FROM (OLD."name", OLD."publish_panel_member_names", OLD."open_data_licence", OLD."open_data_licence_url") THEN
          NEW."public_changed_at" := now();
        ELSE
          NEW."public_changed_at" := OLD."public_changed_at";
        END IF;
        RETURN NEW;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "organizations_public_changed" BEFORE UPDATE ON "organizations"
      FOR EACH ROW EXECUTE FUNCTION "organization_public_changed"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "organizations_public_changed" ON "organizations"`);
    await queryRunner.query(`DROP FUNCTION "organization_public_changed"()`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "public_changed_at"`);
  }
}
