import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../src/infra/database/typeorm-options';

/** PostgreSQL server the tests use; override with TEST_DATABASE_URL (its database part is ignored). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * The migrated template of this test run. Named per run (global setup sets it for the workers), so two runs on
 * one server — two developers, or a developer and CI — never drop each other's template.
 */
export const TEMPLATE_DATABASE = (process.env.KPIV_TEST_TEMPLATE ??= `kpiv_test_template_${process.pid}`);

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
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
  await withServer((client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A fresh database for one test suite, copied from the migrated template (fast, and isolated from other suites). */
export async function createSuiteDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `kpiv_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, TEMPLATE_DATABASE);
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(typeOrmOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
