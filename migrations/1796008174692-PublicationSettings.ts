import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** What each municipality decides about its public site: panel members' names, and the open-data licence. */
export class PublicationSettings1796008174692 implements MigrationInterface {
  name = 'PublicationSettings1796008174692';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "organizations"
        ADD "publish_panel_member_names" boolean NOT NULL DEFAULT false,
        ADD "open_data_licence" text NOT NULL DEFAULT 'クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)',
        ADD "open_data_licence_url" text NOT NULL DEFAULT 'https://creativecommons.org/licenses/by/4.0/deed.ja'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "organizations"
        DROP COLUMN "open_data_licence_url",
        DROP COLUMN "open_data_licence",
        DROP COLUMN "publish_panel_member_names"
    `);
  }
}
