import { Client } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { type AppConfig, ConfigError, roleOf } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

// Arbitrary constants: all processes of this app take the same locks, so two starting at once (API and worker, or
// two replicas) never set up the roles or run the same migration twice.
const MIGRATION_LOCK_KEY = 7_314_202_601;
const ROLES_LOCK_KEY = 7_314_202_602;

/** Written once and never changed (triggers refuse it as well): the app's role may add rows, not alter them. */
const INSERT_ONLY_TABLES = ['audit_entries', 'report_editions', 'report_withdrawals'];

interface Roles {
  /** Owns the database, the schema and every object in it; migrations run as it. */
  owner: string;
  /** The app's role: owns nothing, reads and writes rows, cannot alter tables or switch triggers off. */
  app: string;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Start-up step of the API, the worker, the CLI and the demo seed. With the admin connection (a superuser), creates
 * the two roles and the database when missing and makes the owner role own everything in it; then, as the owner,
 * applies pending migrations and grants the app's role what it needs and no more. Idempotent, and under locks.
 * Returns the names of the migrations applied. Refuses a database a newer version has migrated.
 */
export async function prepareDatabase(config: AppConfig): Promise<string[]> {
  const roles: Roles = { owner: roleOf(config.databaseOwnerUrl), app: roleOf(config.databaseUrl) };
  if (config.databaseAdminUrl) await setUpRoles(config.databaseAdminUrl, config, roles);
  return asOwner(config, roles, async (owner) => {
    await assertLeastPrivilege(owner, roles);
    return withLock(owner, MIGRATION_LOCK_KEY, async () => {
      // Before anything runs: this version's migrations would be applied over a schema they were not written for.
      await assertMigrationsMatch(owner, { pending: false });
      const applied = await owner.runMigrations({ transaction: 'each' });
      // Grants name the app's role, which is deployment configuration (DATABASE_URL), not schema: so they are
      // applied here after every migration run, idempotently, rather than written into a migration.
      await grantToApp(owner, roles);
      return applied.map((migration) => migration.name);
    });
  });
}

/**
 * The start of the API, the worker and the CLI with RUN_MIGRATIONS=false, which migrate nothing: refuses a database
 * with migrations this version needs and that have not run, or that a newer version ran. Either way the schema is not
 * the one the code was written for, and requests would fail on it one by one rather than the start at once.
 */
async function assertDatabaseMigrated(config: AppConfig): Promise<void> {
  const roles: Roles = { owner: roleOf(config.databaseOwnerUrl), app: roleOf(config.databaseUrl) };
  // As the owner: the app's role may not read the migrations table.
  await asOwner(config, roles, (owner) => assertMigrationsMatch(owner, { pending: true }));
}

/** Either start step, as RUN_MIGRATIONS says; the names of the migrations applied. */
export async function databaseAtStart(config: AppConfig): Promise<string[]> {
  if (config.runMigrations) return prepareDatabase(config);
  await assertDatabaseMigrated(config);
  return [];
}

async function asOwner<T>(config: AppConfig, roles: Roles, work: (owner: DataSource) => Promise<T>): Promise<T> {
  const owner = new DataSource(typeOrmOptions(config.databaseOwnerUrl));
  await owner.initialize().catch((error: Error) => {
    throw new ConfigError(
      `Cannot connect to PostgreSQL as ${roles.owner} (DATABASE_OWNER_URL: ${error.message}). ` +
        'Set DATABASE_ADMIN_URL to a superuser connection so the roles and the database are created on start, or create them (see README).',
    );
  });
  try {
    return await work(owner);
  } finally {
    await owner.destroy();
  }
}

/**
 * Compares the migrations table with this version's migrations (TypeORM's own reading of both): one a newer version
 * ran is always refused, one not run yet only when asked (`pending`).
 */
async function assertMigrationsMatch(owner: DataSource, refuse: { pending: boolean }): Promise<void> {
  const executor = new MigrationExecutor(owner);
  const known = new Set(owner.migrations.map((migration) => migration.name ?? migration.constructor.name));
  const unknown = (await executor.getExecutedMigrations()).filter((migration) => !known.has(migration.name));
  if (unknown.length > 0)
    throw new ConfigError(
      `The database holds ${migrationsCounted(unknown)} this version does not know: ${migrationNames(unknown)}. ` +
        'A newer version of the app ran on it: deploy that version (or a newer one), not this one.',
    );
  const pending = refuse.pending ? await executor.getPendingMigrations() : [];
  if (pending.length > 0)
    throw new ConfigError(
      `The database lacks ${migrationsCounted(pending)} this version needs: ${migrationNames(pending)}. ` +
        'Run `npm run migration:run` (or start with RUN_MIGRATIONS=true), then start again.',
    );
}

const migrationsCounted = (migrations: { name: string }[]) =>
  migrations.length === 1 ? 'a migration' : `${migrations.length} migrations`;
const migrationNames = (migrations: { name: string }[]) => migrations.map((migration) => migration.name).join(', ');

async function withLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await lock.release();
  }
}

/** A superuser connection to one database of the server named by the admin URL (its own database part is not used). */
async function connectAsAdmin(adminUrl: string, database: string): Promise<Client> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(
      `Cannot connect to PostgreSQL at ${url.host} as ${roleOf(adminUrl)} (DATABASE_ADMIN_URL: ${(error as Error).message}). ` +
        'Start it, or set DATABASE_ADMIN_URL to a reachable server and superuser.',
    );
  }
  return client;
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

function passwordOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).password);
}

async function setUpRoles(adminUrl: string, config: AppConfig, roles: Roles): Promise<void> {
  const database = databaseName(config.databaseOwnerUrl);
  const server = await connectAsAdmin(adminUrl, 'postgres');
  try {
    // Roles are shared by the whole server: the lock is taken in its maintenance database and ends with the session.
    await server.query('SELECT pg_advisory_lock($1)', [ROLES_LOCK_KEY]);
    await ensureRole(server, roles.owner, passwordOf(config.databaseOwnerUrl));
    await ensureRole(server, roles.app, passwordOf(config.databaseUrl));
    const { rows } = await server.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [database],
    );
    if (rows.length === 0) await server.query(`CREATE DATABASE ${quoted(database)} OWNER ${quoted(roles.owner)}`);
    else if (rows[0].owner !== roles.owner)
      await server.query(`ALTER DATABASE ${quoted(database)} OWNER TO ${quoted(roles.owner)}`);
    const target = await connectAsAdmin(adminUrl, database);
    try {
      await target.query(handOverSchema(target, roles.owner));
    } finally {
      await target.end();
    }
  } finally {
    await server.end();
  }
}

/** Created when missing, with the password of its URL; an existing role is left as its administrator set it. */
async function ensureRole(server: Client, role: string, password: string): Promise<void> {
  const { rowCount } = await server.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (rowCount) return;
  await server.query(
    `CREATE ROLE ${quoted(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS` +
      (password ? ` PASSWORD ${server.escapeLiteral(password)}` : ''),
  );
}

/**
 * Makes the owner role own the public schema and everything in it, so a database created by an earlier version (as
 * the superuser) is taken over; nobody else may create objects there.
 */
function handOverSchema(client: Client, owner: string): string {
  return `
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    DO $$
    DECLARE
      owner CONSTANT text := ${client.escapeLiteral(owner)};
      statement text;
    BEGIN
      IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'public') <> to_regrole(owner) THEN
        EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner);
      END IF;
      FOR statement IN
        SELECT format('ALTER %s %s OWNER TO %I',
            CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
            c.oid::regclass, owner)
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner <> to_regrole(owner)
          -- Sequences of identity and serial columns go with their table.
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
            AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, owner)
        FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> to_regrole(owner)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, owner)
        FROM pg_type t
        WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e' AND t.typowner <> to_regrole(owner)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
      LOOP
        EXECUTE statement;
      END LOOP;
    END $$;
  `;
}

/**
 * Rows only: no TRUNCATE, REFERENCES or TRIGGER, nothing on the migrations table, no UPDATE or DELETE on the
 * insert-only tables but the audit entries' chain columns, which the sealer sets once (a trigger refuses any other
 * update). Starting from REVOKE ALL (in one transaction) also takes back anything granted earlier by hand.
 */
async function grantToApp(owner: DataSource, roles: Roles): Promise<void> {
  const app = quoted(roles.app);
  const tables = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoted(roles.owner)} IN SCHEMA public GRANT`;
  await owner.query(`
    GRANT USAGE ON SCHEMA public TO ${app};
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
    REVOKE UPDATE, DELETE ON ${INSERT_ONLY_TABLES.map(quoted).join(', ')} FROM ${app};
    GRANT UPDATE (sequence, previous_hash, hash) ON audit_entries TO ${app};
    REVOKE ALL ON ${quoted(owner.options.migrationsTableName ?? 'migrations')} FROM ${app};
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app};
    ${tables} SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
    ${tables} USAGE ON SEQUENCES TO ${app};
  `);
}

/** Refuses to serve as a role that could switch the database's own safeguards off. */
async function assertLeastPrivilege(owner: DataSource, roles: Roles): Promise<void> {
  const [role] = await owner.query<{ superuser: boolean; bypassesRls: boolean; ownsTables: boolean }[]>(
    `SELECT r.rolsuper AS superuser, r.rolbypassrls AS "bypassesRls",
        EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace) AS "ownsTables"
     FROM pg_roles r WHERE r.rolname = $1`,
    [roles.app],
  );
  const fix = `Point DATABASE_URL at a role of its own, e.g. postgres://kpiv_app@127.0.0.1:5432/kpi_verification (created on start when DATABASE_ADMIN_URL is set).`;
  if (!role)
    throw new ConfigError(
      `The role ${roles.app} of DATABASE_URL does not exist. Set DATABASE_ADMIN_URL to a superuser connection so it is created on start, or create it (see README).`,
    );
  if (role.superuser || role.bypassesRls)
    throw new ConfigError(
      `DATABASE_URL connects as ${roles.app}, a ${role.superuser ? 'superuser' : 'role that bypasses row-level security'}, which could switch off the audit log's and published reports' safeguards. ${fix}`,
    );
  if (role.ownsTables)
    throw new ConfigError(
      `DATABASE_URL connects as ${roles.app}, which owns tables and so could alter them. Hand them to ${roles.owner} (REASSIGN OWNED BY ${roles.app} TO ${roles.owner}, or set DATABASE_ADMIN_URL and start again).`,
    );
}

/** For throw-away databases (benchmarks): drops it as the admin connection. */
export async function dropDatabase(config: AppConfig): Promise<void> {
  if (!config.databaseAdminUrl) throw new ConfigError('Dropping a database needs DATABASE_ADMIN_URL.');
  const server = await connectAsAdmin(config.databaseAdminUrl, 'postgres');
  try {
    await server.query(`DROP DATABASE IF EXISTS ${quoted(databaseName(config.databaseUrl))} WITH (FORCE)`);
  } finally {
    await server.end();
  }
}
