import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { allListening } from '../../src/infra/http/api-processes';
import { processTree } from './process-tree';
import { type ServerProcess, stopChild } from './server-process';

/**
 * The API as it is deployed: the compiled app (`npm run build`) started by `npm run serve`'s own command, heap limit
 * included, so that the benchmarks measure the memory and speed of what runs in production, not of a process that
 * also holds a TypeScript compiler.
 */
const ROOT = join(__dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;

let built = false;

/** `npm run build`, once per benchmark run. */
function buildOnce(): void {
  if (built) return;
  console.log('building the app (npm run build) …');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/** A script of the compiled app, e.g. `dist/src/cli.js` (built once per run): what production runs. */
export function builtScript(path: string): string {
  buildOnce();
  return join(ROOT, path);
}

/** `npm run serve`'s command line without npm's shell in between, so that the process measured is the app itself. */
function serveCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = scripts.serve.split(/\s+/);
  if (command[0] !== 'node' || command.some((part) => /[$&|;<>]/.test(part)))
    throw new Error(`npm run serve should be a plain node command line, not: ${scripts.serve}`);
  return command;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The resident set size of a process (Linux, as the benchmarks' machine). */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  if (!line) throw new Error(`No VmRSS for process ${pid}`);
  return Number(line[1]) * 1024;
}

/** Starts the built API with `settings` as its environment (no migrations: the benchmark prepared the database). */
export async function startBuiltApi(settings: Record<string, string>): Promise<ServerProcess> {
  buildOnce();
  const port = await freePort();
  const [node, ...args] = serveCommand();
  const child = spawn(node === 'node' ? process.execPath : node, args, {
    cwd: ROOT,
    env: { ...process.env, ...settings, PORT: String(port), RUN_MIGRATIONS: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // On several processes the first copy answers /health before the others listen: the run waits for all of them.
  const copies = Number(settings.API_PROCESSES ?? 1);
  let output = '';
  const allCopies = () => copies <= 1 || output.includes(allListening(copies, port));
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!allCopies()) output += chunk.toString();
  });
  // A benchmark that crashed or was interrupted must not leave its servers running.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited (code ${child.exitCode}) before it answered`);
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy && allCopies()) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`The app did not answer /health within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    // A copy gone between listing and reading rejects the sample instead of throwing past it.
    rssBytes: () =>
      new Promise<number>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error('The app is no longer running');
        resolve(Math.max(...processTree(child.pid!).map(rssOf)));
      }),
    stop: async () => {
      process.off('exit', orphaned);
      await stopChild(child);
    },
  };
}
