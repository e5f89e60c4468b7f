import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each notification records the roles it was addressed to its reader for, and for a department's project owners the
 * department: the inbox and the digests show it only while its reader holds one of them, not merely any role in its
 * organization. Rows written before get every role their kind reaches (the catalogue's audiences as they stand), and
 * any role for a kind no longer in it; the department is that of the report's project now, or the one the event named.
 * Where neither is known it stays empty: any department's project owners may read it, as before.
 */
export class NotificationAudiences1796400300000 implements MigrationInterface {
  name = 'NotificationAudiences1796400300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "audience_roles" "public"."role" array`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "audience_department_id" uuid`);
    await queryRunner.query(
      `UPDATE "notifications" n SET "audience_roles" = kind.roles::"public"."role"[]
       FROM (VALUES ${Object.entries(KIND_ROLES)
         .map(([type, roles]) => `('${type}', '{${roles.join(',')}}')`)
         .join(', ')}) AS kind (type, roles)
       WHERE n."type" = kind.type`,
    );
    await queryRunner.query(
      `UPDATE "notifications" SET "audience_roles" = enum_range(NULL::"public"."role") WHERE "audience_roles" IS NULL`,
    );
    await queryRunner.query(
      `UPDATE "notifications" n SET "audience_department_id" = p."department_id"
       FROM "result_reports" r JOIN "grant_projects" p ON p."id" = r."project_id"
       WHERE r."id" = n."report_id" AND 'project_owner' = ANY (n."audience_roles")`,
    );
    await queryRunner.query(
      `UPDATE "notifications" n SET "audience_department_id" = (o."payload"->>'departmentId')::uuid
       FROM "notification_outbox" o
       WHERE o."id" = n."outbox_event_id" AND n."report_id" IS NULL AND 'project_owner' = ANY (n."audience_roles")
         AND o."payload"->>'departmentId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "audience_roles" SET NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "audience_department_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "audience_roles"`);
  }
}

/** The roles each kind of the catalogue reached when this was written (its audiences' roles). */
const KIND_ROLES: Record<string, string[]> = {
  'cycle.opened': ['project_owner'],
  'cycle.deadline_changed': ['project_owner'],
  'report.submitted': ['planning_division'],
  'report.withdrawn': ['planning_division'],
  'report.returned': ['project_owner'],
  'expert.assigned': ['external_expert'],
  'assignment.accepted': ['planning_division'],
  'assignment.declined': ['planning_division'],
  'assignment.due_date_changed': ['external_expert'],
  'alternate.invited': ['planning_division'],
  'alternate.none_left': ['planning_division'],
  'assignment.removed': ['external_expert'],
  'assignment.dismissed': ['external_expert'],
  'assignment.reopened': ['external_expert'],
  'opinion.entered': ['planning_division'],
  'review.ready': ['planning_division'],
  'review.reminder': ['external_expert'],
  'review.due_today': ['external_expert'],
  'review.after_due': ['external_expert'],
  'review.overdue': ['planning_division'],
  'question.asked': ['project_owner'],
  'question.answered': ['external_expert'],
  'report.evaluated': ['project_owner'],
  'proposal.awaiting_approval': ['planning_division'],
  'proposal.sent_back': ['planning_division'],
  'report.decided': ['project_owner', 'external_expert'],
  'report.published': ['project_owner', 'external_expert'],
  'report.reopened': ['planning_division', 'project_owner'],
  'report.correction_started': ['planning_division', 'project_owner'],
  'correction.submitted': ['planning_division'],
  'correction.withdrawn': ['planning_division'],
  'correction.returned': ['project_owner'],
  'report.publication_withdrawn': ['planning_division', 'project_owner'],
};
