import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type TestApp } from './test-app';

/**
 * `npm run cli -- <args>` in a process of its own, as an operator runs it, against a test app's database and audit
 * checkpoint folder, with the app's secrets (so a key derived from AUTH_SECRET is the app's too).
 */
export function runCli(t: TestApp, args: string[], env: Record<string, string> = {}) {
  const settings = {
    DATABASE_URL: t.config.databaseUrl,
    DATABASE_OWNER_URL: t.config.databaseOwnerUrl,
    DATABASE_ADMIN_URL: t.config.databaseAdminUrl,
    AUTH_SECRET: t.config.authSecret,
    AUDIT_CHECKPOINT_DIR: t.config.auditCheckpointDir,
    LOG_LEVEL: 'silent',
    ...env,
  };
  // The very command README gives, so that what the operator runs is what is tested (the ts-node program included).
  return spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: join(__dirname, '../..'),
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}
