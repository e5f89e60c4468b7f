import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/redis-server';

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
    child.on('exit', (code) => resolve({ code, stderr }));
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
