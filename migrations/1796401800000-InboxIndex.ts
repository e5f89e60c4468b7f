import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A reader's inbox at national scale (a planner of the largest municipality holds about 6,500 notifications after ten
 * years, spread over as many pages of the table as they arrived among everyone else's): its page, its total and the
 * unread counts each read every one of the reader's rows from the table, by (user, read_at, created_at). One index by
 * (user, organization, created_at) that also carries what the inbox filters on (read or not, type, the audience it was
 * addressed to) and the id answers the counts and the page's ids from the index alone, newest first, and replaces it.
 */
export class InboxIndex1796401800000 implements MigrationInterface {
  name = 'InboxIndex1796401800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_inbox" ON "notifications" ("user_id", "organization_id", "created_at") INCLUDE ("id", "read_at", "type", "audience_roles", "audience_department_id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_2affd92afb4d9b86f1c2211530"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_2affd92afb4d9b86f1c2211530" ON "notifications" ("user_id", "read_at", "created_at")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_inbox"`);
  }
}
