import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class FollowUpAndEffectSuggestion1795989152624 implements MigrationInterface {
  name = 'FollowUpAndEffectSuggestion1795989152624';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "organizations"
            ADD "effect_close_threshold" numeric(4, 3) NOT NULL DEFAULT 0.8
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD "effect_level_reason" text NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD "result_factors" text NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD "improvement_measures" text NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports"
            ADD "previous_policy_follow_up" text NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`ALTER TABLE "result_reports" ADD "previous_decision" jsonb`);
    await queryRunner.query(`ALTER TABLE "result_reports" ADD "effect_close_threshold" numeric(4, 3)`);
    await queryRunner.query(`
            ALTER TABLE "organizations"
            ADD CONSTRAINT "CHK_62e92744148ab7bfa513ac8b7f" CHECK (
                    "effect_close_threshold" > 0
                    AND "effect_close_threshold" < 1
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "organizations" DROP CONSTRAINT "CHK_62e92744148ab7bfa513ac8b7f"
        `);
    await queryRunner.query(`ALTER TABLE "result_reports" DROP COLUMN "effect_close_threshold"`);
    await queryRunner.query(`ALTER TABLE "result_reports" DROP COLUMN "previous_decision"`);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP COLUMN "previous_policy_follow_up"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP COLUMN "improvement_measures"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP COLUMN "result_factors"
        `);
    await queryRunner.query(`
            ALTER TABLE "result_reports" DROP COLUMN "effect_level_reason"
        `);
    await queryRunner.query(`
            ALTER TABLE "organizations" DROP COLUMN "effect_close_threshold"
        `);
  }
}
