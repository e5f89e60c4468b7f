import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ExpertRelationColumn1795997973220 implements MigrationInterface {
  name = 'ExpertRelationColumn1795997973220';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "review_assignments" DROP CONSTRAINT "FK_b4965bee1a65eb3bbd3bc72f79a"
        `);
    await queryRunner.query(`
            ALTER TABLE "review_assignments" DROP COLUMN "expert_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "review_assignments"
            ADD CONSTRAINT "FK_d64fce5b679d44e5d7dabfa5ec4" FOREIGN KEY ("expert_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "review_assignments" DROP CONSTRAINT "FK_d64fce5b679d44e5d7dabfa5ec4"
        `);
    await queryRunner.query(`
            ALTER TABLE "review_assignments"
            ADD "expert_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "review_assignments"
            ADD CONSTRAINT "FK_b4965bee1a65eb3bbd3bc72f79a" FOREIGN KEY ("expert_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }
}
