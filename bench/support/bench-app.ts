import 'reflect-metadata';
import { type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DemoModule } from '../../src/demo/demo.module';
import { DemoSeed } from '../../src/demo/demo-seed';
import { type AppConfig, loadConfig } from '../../src/infra/config/app-config';
import { apiPath } from '../../src/infra/http/api-path';
import { dropDatabase, prepareDatabase } from '../../src/infra/database/migrate';
import { assertRedisReachable } from '../../src/infra/redis/redis-reachable';
import { AdministratorBootstrap } from '../../src/users/administrator-bootstrap';
import { startBuiltApi } from './built-api';
import { alsoOnInterrupt } from './interrupt';
import { deleteRedisKeys } from './redis-keys';
import { type ServerProcess, SERVER_POOL_SIZE, SERVER_PROCESSES } from './server-process';

/** The PostgreSQL server (as its superuser) that benchmarks create their throw-away databases on. */
export const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchApp extends ServerProcess {
  config: AppConfig;
  /** What the app was started with: for more processes on the same database and Redis (startApiProcess). */
  settings: Record<string, string>;
  /** A query as the superuser on the benchmark's database (no row-level security): to look up what to request. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Stops the app, then drops its database, its Redis keys and its audit checkpoints. */
  close(): Promise<void>;
}

export interface BenchAppOptions {
  /** Settings over the defaults below, e.g. `{ RUN_WORKER: 'true' }`. */
  settings?: Record<string, string>;
  /** Writes what the benchmark reads, before the app starts; the demo data (`npm run seed:demo`) by default. */
  load?: (config: AppConfig) => Promise<void>;
}

/**
 * Where a benchmark's app keeps its data, both named by one random id: a throw-away database of SERVER as the app's role
 * connects to it — as in production, the app's role on a database the owner role migrates (prepareDatabase creates both
 * from DATABASE_ADMIN_URL) — and a Redis key prefix of its own. dropThrowAwayStorage removes both.
 */
function throwAwayStorage(): Record<'DATABASE_URL' | 'DATABASE_ADMIN_URL' | 'REDIS_PREFIX', string> {
  const id = randomBytes(4).toString('hex');
  const database = new URL(SERVER);
  database.username = 'kpiv_app';
  database.password = '';
  database.pathname = `/kpiv_bench_${id}`;
  return { DATABASE_URL: database.toString(), DATABASE_ADMIN_URL: SERVER, REDIS_PREFIX: `bench-${id}` };
}

/** Drops the database and deletes the keys of throwAwayStorage: the app's queues leave a thousand and more a run. */
async function dropThrowAwayStorage(config: AppConfig): Promise<void> {
  await dropDatabase(config);
  await deleteRedisKeys(config);
}

export interface ThrowAwayDatabase {
  /** The configuration of the app's modules run in the benchmark's own process on this database. */
  config: AppConfig;
  /** The migrations that prepared it. */
  applied: string[];
  /** Drops it and deletes the keys under its Redis prefix; an interrupt (Ctrl-C) before then does it too. */
  drop: () => Promise<void>;
}

/**
 * For a benchmark that runs the app's modules in its own process: a throw-away database of SERVER, created and migrated
 * as the app's start-up does, and a Redis key prefix of its own; `settings` over the defaults, e.g. Redis.
 */
export async function prepareThrowAwayDatabase(settings: Record<string, string> = {}): Promise<ThrowAwayDatabase> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...throwAwayStorage(), ...settings });
  const drop = alsoOnInterrupt(() => dropThrowAwayStorage(config));
  try {
    return { config, applied: await prepareDatabase(config), drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * The app's modules (`module` of the configuration) in the benchmark's own process on a throw-away database
 * (prepareThrowAwayDatabase) while `work` runs; then closed and the database dropped, also when they fail to start.
 */
export async function withThrowAwayContext<T>(
  module: (config: AppConfig) => DynamicModule,
  work: (app: INestApplicationContext, config: AppConfig) => Promise<T>,
  settings: Record<string, string> = {},
): Promise<T> {
  const { config, drop } = await prepareThrowAwayDatabase(settings);
  try {
    return await withContext(module(config), (app) => work(app, config));
  } finally {
    await drop();
  }
}

/** The administrator of 旭川市 on a throw-away database, created as the CLI's `create-admin` does. */
export async function benchAdministrator(
  app: INestApplicationContext,
): Promise<{ userId: string; organizationId: string }> {
  const admin = await app.get(AdministratorBootstrap).createAdministrator({
    email: 'bench@example.jp',
    password: randomBytes(12).toString('hex'),
    organizationCode: '012041',
    organizationName: '旭川市',
  });
  return { userId: admin.id, organizationId: admin.memberships![0].organizationId };
}

/** `module` started in this process while `work` runs, then closed. */
async function withContext<T>(module: DynamicModule, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // Thrown, not a process exit, so that the caller still drops its database when the app cannot start.
  const app = await NestFactory.createApplicationContext(module, { logger: ['error'], abortOnError: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * The real app for a benchmark: the built app as `npm run serve` starts it (startBuiltApi), on a throw-away database
 * prepared as in production (the app's role on a database the owner role migrated) and on its own Redis key prefix.
 */
export async function startBenchApp(options: BenchAppOptions = {}): Promise<BenchApp> {
  const checkpoints = mkdtempSync(join(tmpdir(), 'kpiv-bench-checkpoints-'));
  const settings: Record<string, string> = {
    // As served: production compiles each template once (other environments re-read them on every request).
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ...throwAwayStorage(),
    REDIS_URL,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64'),
    // Required in production; nothing is mailed while the worker is off.
    SMTP_URL: 'smtp://127.0.0.1:2525',
    // The worker is a process of its own in production (README, "Running the worker separately").
    RUN_WORKER: 'false',
    API_PROCESSES: String(SERVER_PROCESSES),
    DATABASE_POOL_SIZE: String(SERVER_POOL_SIZE),
    AUDIT_CHECKPOINT_DIR: checkpoints,
    ...options.settings,
  };
  const config = loadConfig(settings);
  let server: ServerProcess | undefined;
  const close = alsoOnInterrupt(async () => {
    try {
      await server?.stop();
    } finally {
      await dropThrowAwayStorage(config);
      rmSync(checkpoints, { recursive: true, force: true });
    }
  });
  try {
    await assertRedisReachable(config.redisUrl);
    await prepareDatabase(config);
    await (options.load ?? loadDemoData)(config);
    server = await startBuiltApi(settings);
  } catch (error) {
    await close();
    throw error;
  }
  const superuser = new URL(SERVER);
  superuser.pathname = new URL(config.databaseUrl).pathname;
  return {
    ...server,
    config,
    settings,
    close,
    query: async <Row>(sql: string, params?: unknown[]) => {
      const client = new Client({ connectionString: superuser.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Row[];
      } finally {
        await client.end();
      }
    },
  };
}

/** Another API process, as a second instance behind a reverse proxy would be; the caller stops it. */
export function startApiProcess(settings: Record<string, string>): Promise<ServerProcess> {
  return startBuiltApi(settings);
}

/** The password of every demo user in this run's throw-away database. */
export const DEMO_PASSWORD = randomBytes(12).toString('base64url');

/**
 * What `npm run seed:demo` loads: 旭川市's R4 results as published reports, 釧路市's as drafts, a user per role
 * (admin@asahikawa.example.jp, planning@…, owner@…, expert@panel.example.jp; see src/demo/demo-seed.ts).
 * `more` adds what a benchmark needs beyond it, through the app's own services.
 */
export async function loadDemoData(
  config: AppConfig,
  more?: (context: INestApplicationContext) => Promise<void>,
): Promise<void> {
  await withAppServices(config, async (context) => {
    await context.get(DemoSeed).run(DEMO_PASSWORD);
    await more?.(context);
  });
}

/** The services the demo data is written through (no HTTP, queues or worker) on `config`'s database while `work` runs. */
export function withAppServices<T>(
  config: AppConfig,
  work: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withContext(DemoModule.forRoot(config), work);
}

/** A bearer token of a demo user, for measuring API routes. */
export async function bearerToken(app: BenchApp, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${app.url}/${apiPath('auth/login')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`Signing in as ${email} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
