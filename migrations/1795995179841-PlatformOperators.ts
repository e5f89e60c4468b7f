import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PlatformOperators1795995179841 implements MigrationInterface {
  name = 'PlatformOperators1795995179841';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "platform_operator" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "platform_operator"
        `);
  }
}
