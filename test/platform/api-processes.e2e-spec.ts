import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { processTree } from '../../bench/support/process-tree';
import { deleteRedisKeys } from '../../bench/support/redis-keys';
import { loadConfig } from '../../src/infra/config/app-config';
import { allListening } from '../../src/infra/http/api-processes';
import { freePort } from '../support/redis-server';
import { eventually } from '../support/smtp-sink';
import { createSuiteDatabase, type SuiteDatabase } from '../support/test-database';

const ADMIN_EMAIL = 'first-admin@example.jp';

/** `npm start`'s entry point with API_PROCESSES, as a deployment on a machine of that many cores would run it. */
function startApi(settings: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../../src/main.ts')], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', RUN_WORKER: 'false', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The copies the supervisor `pid` started (and whatever they started: none). */
const copiesOf = (pid: number) => processTree(pid).slice(1);

const healthy = (url: string) =>
  fetch(`${url}/health`).then(
    (response) => response.ok,
    () => false,
  );

describe('The API on several processes (API_PROCESSES)', () => {
  let database: SuiteDatabase;
  let settings: Record<string, string>;
  let url: string;
  let api: ChildProcess;
  /** What the supervisor has logged so far. */
  let output = '';

  beforeAll(async () => {
    database = await createSuiteDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    settings = {
      ...database.settings,
      PORT: String(port),
      REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}`,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      INITIAL_ADMIN_EMAIL: ADMIN_EMAIL,
      INITIAL_ADMIN_PASSWORD: 'correct horse battery staple',
      INITIAL_ADMIN_ORGANIZATION_CODE: '012041',
      INITIAL_ADMIN_ORGANIZATION_NAME: '旭川市',
    };
    api = startApi({ ...settings, API_PROCESSES: '2' });
    api.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      () => output,
      (text) => text.includes(allListening(2, port)),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    if (api.exitCode === null) api.kill('SIGKILL');
    for (const pid of copiesOf(api.pid!)) process.kill(pid, 'SIGKILL');
    await deleteRedisKeys(loadConfig({ NODE_ENV: 'test', ...settings }));
    await database.drop();
  });

  it('starts the copies one after another, so the initial administrator and municipality are created once', async () => {
    const client = new Client({ connectionString: database.superuserUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM users WHERE email = $1',
        [ADMIN_EMAIL],
      );
      expect(rows[0].count).toBe(1);
      const created = await client.query(`SELECT details FROM audit_entries WHERE action = 'organization.created'`);
      expect(created.rows).toEqual([{ details: { name: '旭川市', localGovernmentCode: '012041' } }]);
    } finally {
      await client.end();
    }
  });

  it('keeps serving on the same port when a copy dies, and starts another in its place', async () => {
    const [killed, survivor] = copiesOf(api.pid!);
    process.kill(killed, 'SIGKILL');

    const now = await eventually(
      () => copiesOf(api.pid!),
      (pids) => pids.length === 2 && !pids.includes(killed),
      60_000,
    );
    expect(now).toContain(survivor);
    // The new copy is still starting: the survivor answers alone.
    for (let request = 0; request < 5; request++) expect(await healthy(url)).toBe(true);
  }, 90_000);

  it('waits before replacing a copy that ended soon after it started, longer each time in a row', async () => {
    // The copy started in place of the one killed above, once it listens: the third to have listened.
    const listened = () => [...output.matchAll(/API process (\d+) listening/g)].map((match) => Number(match[1]));
    const replacement = (await eventually(listened, (pids) => pids.length === 3, 60_000))[2];
    process.kill(replacement, 'SIGKILL');

    const logged = await eventually(
      () => output,
      (text) => text.includes(`API process ${replacement} ended`),
    );
    // Ended seconds after it listened: the first kill above counts too unless it came 30 s after that copy listened.
    expect(logged).toMatch(
      new RegExp(`API process ${replacement} ended \\(signal SIGKILL\\); starting another in [12] s \\([12] in a row`),
    );
    await eventually(
      () => copiesOf(api.pid!),
      (pids) => pids.length === 2 && !pids.includes(replacement),
      60_000,
    );
  }, 90_000);

  it('stops every copy on SIGTERM and ends with code 0', async () => {
    const copies = copiesOf(api.pid!);
    const exited = once(api, 'exit');
    api.kill('SIGTERM');

    expect((await exited)[0]).toBe(0);
    for (const pid of copies) expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);

  it('ends with an error when a copy cannot start, leaving none running', async () => {
    const failing = startApi({ ...settings, API_PROCESSES: '2', REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    let stderr = '';
    failing.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(failing, 'exit')) as [number];

    expect(code).not.toBe(0);
    expect(stderr).toContain('Cannot connect to Redis');
    expect(stderr).toContain('before it listened');
    expect(copiesOf(failing.pid!)).toEqual([]);
  }, 90_000);
});
