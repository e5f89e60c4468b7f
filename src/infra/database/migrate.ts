import { type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { type AppConfig, ConfigError } from '../config/app-config';

// Arbitrary constant: all processes of this app take the same lock, so two starting at once
// (API and worker, or two replicas) never run the same migration twice.
const MIGRATION_LOCK_KEY = 7_314_202_601;

export async function runMigrationsWithLock(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

/** A connection to the server's maintenance database, for creating and dropping databases. */
async function withServer<T>(databaseUrl: string, work: (client: Client, name: string) => Promise<T>): Promise<T> {
  const target = new URL(databaseUrl);
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError(
      `Cannot connect to PostgreSQL at ${target.host} (${(error as Error).message}). Start it, or set DATABASE_URL to a reachable server.`,
    );
  }
  try {
    return await work(client, decodeURIComponent(target.pathname.slice(1)));
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates the app's database on first start, so `npm start` works on a fresh PostgreSQL.
 * Connection failures become one actionable line instead of a driver stack trace.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, async (client, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${quoted(name)}`);
  });
}

/** For throw-away databases (benchmarks). */
export async function dropDatabaseIfExists(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, (client, name) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}

/** Migrates the database of a Nest application context (the app, the worker, the demo seed). */
export function migrateContext(context: INestApplicationContext): Promise<string[]> {
  return runMigrationsWithLock(context.get<DataSource>(getDataSourceToken()));
}

/** Start-up step of both the API and the worker process: whichever starts first migrates, under the lock. */
export async function migrateOnStart(
  context: INestApplicationContext,
  config: AppConfig,
  logger: LoggerService,
): Promise<void> {
  if (!config.runMigrations) return;
  const applied = await migrateContext(context);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
}
