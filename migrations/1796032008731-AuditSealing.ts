import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Audit entries are written unsealed in the transaction of their change (no chain lock, so an organization's writers no
 * longer wait for each other) and chained afterwards by the sealer, in the order their transactions committed: it sets
 * sequence, previous_hash and hash once. The trigger allows exactly that one update (content unchanged, only an unsealed
 * entry); a sealed entry stays as immutable as before. Inserts notify the sealer and the outbox relay at commit.
 */
export class AuditSealing1796032008731 implements MigrationInterface {
  name = 'AuditSealing1796032008731';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "sequence" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "previous_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "hash" DROP NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX "IDX_audit_entries_unsealed" ON "audit_entries" ("chain", "id") WHERE "hash" IS NULL
    `);
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_seal_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.sequence IS NOT NULL AND NEW.previous_hash IS NOT NULL
          AND (NEW.id, NEW.chain, NEW.organization_id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_roles, NEW.action,
               NEW.entity_type, NEW.entity_id, NEW.request_id, NEW.ip_address, NEW.details)
          IS NOT DISTINCT FROM
              (OLD.id, OLD.chain, OLD.organization_id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_roles, OLD.action,
               OLD.entity_type, OLD.entity_id, OLD.request_id, OLD.ip_address, OLD.details)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entries is append-only: only sealing an unsealed entry is allowed' USING ERRCODE = 'insufficient_privilege';
      END
      $$
    `);
    await queryRunner.query(`DROP TRIGGER audit_entries_no_update_or_delete ON "audit_entries"`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_are_append_only()
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_seal_once BEFORE UPDATE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_seal_once()
    `);
    // Statement-level, so a bulk insert notifies once per chain; NOTIFY is delivered at commit, never for a rollback.
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_notify_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('audit_entries_unsealed', chain) FROM (SELECT DISTINCT chain FROM inserted) AS chains;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_notify_unsealed AFTER INSERT ON "audit_entries"
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_notify_unsealed()
    `);
    await queryRunner.query(`
      CREATE FUNCTION notification_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('notification_outbox', '');
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER notification_outbox_notify AFTER INSERT ON "notification_outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION notification_outbox_notify()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER notification_outbox_notify ON "notification_outbox"`);
    await queryRunner.query(`DROP FUNCTION notification_outbox_notify()`);
    await queryRunner.query(`DROP TRIGGER audit_entries_notify_unsealed ON "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION audit_entries_notify_unsealed()`);
    await queryRunner.query(`DROP TRIGGER audit_entries_seal_once ON "audit_entries"`);
    await queryRunner.query(`DROP TRIGGER audit_entries_no_delete ON "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION audit_entries_seal_once()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_are_append_only()
    `);
    await queryRunner.query(`DROP INDEX "IDX_audit_entries_unsealed"`);
    // Entries still unsealed cannot go back under NOT NULL; seal them (start the worker) before reverting.
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "previous_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "sequence" SET NOT NULL`);
  }
}
