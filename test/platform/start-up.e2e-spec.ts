import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../support/redis-server';
import { createSuiteDatabase, type SuiteDatabase } from '../support/test-database';

/** Runs an entry point as `npm start` / `npm run start:worker` would, and collects how it ends. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src', entry)],
      {
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A start that does not stop is ended with its test rather than left serving.
    const running = setTimeout(() => child.kill(), 50_000);
    child.on('exit', (code) => {
      clearTimeout(running);
      resolve({ code, stderr });
    });
  });
}

describe('Starting without Redis', () => {
  let redisUrl: string;

  beforeAll(async () => {
    redisUrl = `redis://127.0.0.1:${await freePort()}`;
  });

  it.each(['main.ts', 'worker.ts'])(
    '%s stops with one line naming REDIS_URL and how to start Redis',
    async (entry) => {
      const { code, stderr } = await run(entry, { REDIS_URL: redisUrl });

      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain('Cannot connect to Redis at 127.0.0.1');
      expect(stderr).toContain('redis-server');
      expect(stderr).toContain('REDIS_URL');
    },
    30_000,
  );
});

describe('Starting on a database whose migrations are not this version’s', () => {
  let database: SuiteDatabase;

  beforeEach(async () => {
    database = await createSuiteDatabase();
  });

  afterEach(() => database.drop());

  async function asSuperuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: database.superuserUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  const start = async (entry: string, env: Record<string, string> = {}) =>
    run(entry, { ...database.settings, PORT: String(await freePort()), ...env });

  it.each(['main.ts', 'worker.ts'])(
    '%s without RUN_MIGRATIONS stops with one line naming the pending migration and how to apply it',
    async (entry) => {
      // As if this version's newest migration had not run yet: the schema it expects is not there.
      const [{ name }] = await asSuperuser(async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING name`,
        );
        return rows;
      });

      const { code, stderr } = await start(entry, { RUN_MIGRATIONS: 'false' });

      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        `The database lacks a migration this version needs: ${name}. Run \`npm run migration:run\` (or start with ` +
          'RUN_MIGRATIONS=true), then start again.',
      ]);
    },
    60_000,
  );

  it.each([
    ['main.ts', 'true'],
    ['worker.ts', 'false'],
  ])(
    '%s (RUN_MIGRATIONS=%s) stops with one line naming a migration a newer version ran, and what to deploy',
    async (entry, runMigrations) => {
      await asSuperuser((client) =>
        client.query(`INSERT INTO schema_migrations (timestamp, name) VALUES ($1, $2)`, [
          4_102_444_800_000,
          'FromANewerVersion4102444800000',
        ]),
      );

      const { code, stderr } = await start(entry, { RUN_MIGRATIONS: runMigrations });

      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([
        'The database holds a migration this version does not know: FromANewerVersion4102444800000. A newer version ' +
          'of the app ran on it: deploy that version (or a newer one), not this one.',
      ]);
    },
    60_000,
  );
});
