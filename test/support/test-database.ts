import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/infra/config/app-config';
import { prepareDatabase } from '../../src/infra/database/migrate';

/**
 * PostgreSQL server the tests use, as a superuser; override with TEST_DATABASE_URL (its database part is ignored).
 * The apps under test connect as the roles production uses: an owner the migrations run as, and the app's role.
 */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROLES = { owner: 'kpiv_test_owner', app: 'kpiv_test_app' };
/**
 * The migrated template of this test run. Named per run (global setup sets it for the workers), so two runs on
 * one server — two developers, or a developer and CI — never drop each other's template.
 */
export const TEMPLATE_DATABASE = (process.env.KPIV_TEST_TEMPLATE ??= `kpiv_test_template_${process.pid}`);

/** A database of the test server, as the superuser or as one of the roles (whose password is its name). */
export function databaseUrl(name: string, role?: keyof typeof ROLES): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  if (role) url.username = url.password = ROLES[role];
  return url.toString();
}

/** The database settings of an app on a test database. */
export function databaseSettings(name: string) {
  return {
    DATABASE_URL: databaseUrl(name, 'app'),
    DATABASE_OWNER_URL: databaseUrl(name, 'owner'),
    DATABASE_ADMIN_URL: TEST_SERVER_URL,
  };
}

async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, template?: string): Promise<void> {
  await withServer((client) =>
    client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}" OWNER "${ROLES.owner}"` : ''}`),
  );
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Builds the run's template as `npm start` builds a database: roles, migrations as the owner, grants. */
export async function createTemplateDatabase(): Promise<void> {
  await dropDatabase(TEMPLATE_DATABASE);
  await prepareDatabase(loadConfig({ NODE_ENV: 'test', ...databaseSettings(TEMPLATE_DATABASE) }));
}

export interface SuiteDatabase {
  name: string;
  /** What an app on this database is configured with: it connects as the app's role. */
  settings: ReturnType<typeof databaseSettings>;
  /** For tests that tamper with rows as an attacker with full database access would. */
  superuserUrl: string;
  drop: () => Promise<void>;
}

/** A fresh database for one test suite, copied from the migrated template (fast, and isolated from other suites). */
export async function createSuiteDatabase(): Promise<SuiteDatabase> {
  const name = `kpiv_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, TEMPLATE_DATABASE);
  return { name, settings: databaseSettings(name), superuserUrl: databaseUrl(name), drop: () => dropDatabase(name) };
}
