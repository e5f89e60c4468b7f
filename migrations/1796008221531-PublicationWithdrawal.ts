import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 公表の取消: an administrator may withdraw a published report, with a reason. A withdrawn report stays frozen like a
 * published one (its content is a public record); it can only be reopened for a correction (訂正), whose publication
 * makes it public again.
 *
 * PostgreSQL lets ADD VALUE run inside the migration's transaction but not use the new value before it commits, so the
 * trigger functions compare status as text: nothing here, nor a later migration of the same run, casts 'withdrawn'.
 */
export class PublicationWithdrawal1796008221531 implements MigrationInterface {
  name = 'PublicationWithdrawal1796008221531';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."report_status" ADD VALUE IF NOT EXISTS 'withdrawn'`);
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE,
      ADD "withdrawal_reason" text
    `);

    // Frozen: published and withdrawn. The moves allowed change bookkeeping only: published → correcting (訂正),
    // published → withdrawn (公表の取消, with when and why), withdrawn → correcting.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "published_report_is_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bookkeeping text[] := ARRAY['status', 'version', 'updated_at', 'updated_by', 'correction_reason'];
        withdrawal text[] := bookkeeping || ARRAY['withdrawn_at', 'withdrawal_reason'];
        moved text;
      BEGIN
        IF OLD."status"::text NOT IN ('published', 'withdrawn') THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE' THEN
          moved := OLD."status"::text || ' -> ' || NEW."status"::text;
          IF moved IN ('published -> correcting', 'withdrawn -> correcting')
            AND (to_jsonb(NEW) - bookkeeping) = (to_jsonb(OLD) - bookkeeping) THEN
            RETURN NEW;
          END IF;
          IF moved = 'published -> withdrawn' AND (to_jsonb(NEW) - withdrawal) = (to_jsonb(OLD) - withdrawal) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'report % is % and cannot change; correct it (訂正) instead', OLD."id", OLD."status" USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "report_part_follows_report"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = OLD."report_id" AND "status"::text IN ('published', 'withdrawn')))
          OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = NEW."report_id" AND "status"::text IN ('published', 'withdrawn'))) THEN
          RAISE EXCEPTION 'report is published or withdrawn and its % cannot change; correct it (訂正) instead', TG_TABLE_NAME USING ERRCODE = 'RPF01';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Without the state a withdrawn report would have to become published again: refused rather than done silently.
    const [{ withdrawn }] = (await queryRunner.query(
      `SELECT count(*)::int AS withdrawn FROM "result_reports" WHERE "status"::text = 'withdrawn'`,
    )) as { withdrawn: number }[];
    if (withdrawn > 0)
      throw new Error(
        `${withdrawn} report(s) are withdrawn (公表取消); correct or delete them before reverting PublicationWithdrawal.`,
      );

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "report_part_follows_report"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = OLD."report_id" AND "status" = 'published'))
          OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM "result_reports" WHERE "id" = NEW."report_id" AND "status" = 'published')) THEN
          RAISE EXCEPTION 'report is published and its % cannot change; correct it (訂正) instead', TG_TABLE_NAME USING ERRCODE = 'RPF01';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$
    `);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "published_report_is_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bookkeeping text[] := ARRAY['status', 'version', 'updated_at', 'updated_by', 'correction_reason'];
      BEGIN
        IF OLD."status" <> 'published' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW."status" = 'correcting' AND (to_jsonb(NEW) - bookkeeping) = (to_jsonb(OLD) - bookkeeping) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'report % is published and cannot change; correct it (訂正) instead', OLD."id" USING ERRCODE = 'RPF01';
      END $$
    `);
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      DROP COLUMN "withdrawal_reason",
      DROP COLUMN "withdrawn_at"
    `);

    // PostgreSQL cannot drop a value from an enum: the type is made again without it.
    await queryRunner.query(`ALTER TYPE "public"."report_status" RENAME TO "report_status_old"`);
    await queryRunner.query(`
      CREATE TYPE "public"."report_status" AS ENUM(
        'draft',
        'submitted',
        'in_expert_review',
        'evaluated',
        'decision_proposed',
        'decided',
        'published',
        'correcting'
      )
    `);
    await queryRunner.query(`ALTER TABLE "result_reports" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`
      ALTER TABLE "result_reports"
      ALTER COLUMN "status" TYPE "public"."report_status" USING "status"::"text"::"public"."report_status"
    `);
    await queryRunner.query(`ALTER TABLE "result_reports" ALTER COLUMN "status" SET DEFAULT 'draft'`);
    await queryRunner.query(`DROP TYPE "public"."report_status_old"`);
  }
}
