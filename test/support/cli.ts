import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type TestApp } from './test-app';

/** The very command README gives, so that what the operator runs is what is tested (the ts-node program included). */
const NPM_CLI = ['run', '--silent', 'cli', '--'];

/** The process's environment with the test app's database, audit checkpoint folder and secrets. */
function cliOptions(t: TestApp, env: Record<string, string>) {
  const settings = {
    DATABASE_URL: t.config.databaseUrl,
    DATABASE_OWNER_URL: t.config.databaseOwnerUrl,
    DATABASE_ADMIN_URL: t.config.databaseAdminUrl,
    AUTH_SECRET: t.config.authSecret,
    AUDIT_CHECKPOINT_DIR: t.config.auditCheckpointDir,
    LOG_LEVEL: 'silent',
    ...env,
  };
  return {
    cwd: join(__dirname, '../..'),
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
    },
  };
}

/**
 * `npm run cli -- <args>` in a process of its own, as an operator runs it, against a test app's database and audit
 * checkpoint folder, with the app's secrets (so a key derived from AUTH_SECRET is the app's too).
 */
export function runCli(t: TestApp, args: string[], env: Record<string, string> = {}) {
  return spawnSync('npm', [...NPM_CLI, ...args], { ...cliOptions(t, env), encoding: 'utf8', timeout: 60_000 });
}

/**
 * `runCli` without waiting for the process: the test goes on (to let go of a row the command waits for, say) while it
 * runs. `exited` says whether it has ended; `ended` answers as runCli does once it has.
 */
export function startCli(t: TestApp, args: string[], env: Record<string, string> = {}) {
  const child = spawn('npm', [...NPM_CLI, ...args], { ...cliOptions(t, env), timeout: 60_000 });
  let [stdout, stderr, exited] = ['', '', false];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<{ stdout: string; stderr: string; status: number | null }>((resolve) =>
    child.on('close', (status) => {
      exited = true;
      resolve({ stdout, stderr, status });
    }),
  );
  return { exited: () => exited, ended };
}
