import { Client } from 'pg';

/**
 * Runs `during` while PostgreSQL refuses every audit entry of `action` ("audit log unavailable"), as an outage of the
 * log would: what must not happen unaudited must then not happen at all. The refusal is removed after, whatever
 * `during` did.
 */
export async function withAuditRefusing<T>(superuserUrl: string, action: string, during: () => Promise<T>): Promise<T> {
  const superuser = new Client({ connectionString: superuserUrl });
  await superuser.connect();
  await superuser.query(`
    CREATE FUNCTION refuse_audit_entry() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
    CREATE TRIGGER refuse_audit_entry BEFORE INSERT ON audit_entries
      FOR EACH ROW WHEN (NEW.action = '${action.replace(/'/g, "''")}') EXECUTE FUNCTION refuse_audit_entry();`);
  try {
    return await during();
  } finally {
    await superuser.query(`DROP TRIGGER refuse_audit_entry ON audit_entries; DROP FUNCTION refuse_audit_entry();`);
    await superuser.end();
  }
}
