import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 課の廃止・統合: a retired department keeps its row (its name and id stay on published reports, past editions and the
 * audit log) and names the department its projects and owners went to. The app requires a successor of a retired
 * department that had projects or owners to hand on, only of a retired one, and never the department itself; it is
 * restricted, so no successor is deleted from under the record.
 */
export class DepartmentRetirement1796400000000 implements MigrationInterface {
  name = 'DepartmentRetirement1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "departments" ADD "retired_at" TIMESTAMP WITH TIME ZONE, ADD "successor_id" uuid`,
    );
    await queryRunner.query(
      `ALTER TABLE "departments" ADD CONSTRAINT "FK_1b7c35b33dd040cc975e5b1f7d9" FOREIGN KEY ("successor_id")
         REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "departments" ADD CONSTRAINT "CHK_6f491cb9f0a4931f657a2b37e6"
         CHECK (("successor_id" IS NULL OR "retired_at" IS NOT NULL) AND "successor_id" IS DISTINCT FROM "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "departments" DROP CONSTRAINT "CHK_6f491cb9f0a4931f657a2b37e6"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP CONSTRAINT "FK_1b7c35b33dd040cc975e5b1f7d9"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP COLUMN "successor_id", DROP COLUMN "retired_at"`);
  }
}
