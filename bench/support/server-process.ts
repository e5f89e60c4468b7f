import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/**
 * A server a benchmark measures runs in a process of its own, so that the load generator never shares its event loop
 * and the server's memory can be sampled alone. The two sides talk over Node's IPC channel.
 */
type ToServer = { type: 'start'; settings: unknown } | { type: 'rss' };
type FromServer =
  { type: 'listening'; port: number } | { type: 'rss'; bytes: number } | { type: 'failed'; error: string };

export interface ServerProcess {
  /** http://127.0.0.1:port */
  url: string;
  pid: number;
  /** The resident set size now of the server's largest process (of its copies, when it runs on several). */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * Processes each measured server runs on: the app's copies (API_PROCESSES) and the bare server's alike, one per core as
 * a deployment on this machine would run the API (one Node process runs JavaScript on one core). BENCH_PROCESSES sets
 * another number.
 */
export const SERVER_PROCESSES = Number(process.env.BENCH_PROCESSES ?? availableParallelism());

/**
 * Each of the app's copies' DATABASE_POOL_SIZE, as README advises a deployment to set it: twice the database server's
 * cores in all (here the same machine's), at least 2 a copy. BENCH_POOL_SIZE sets another number.
 */
export const SERVER_POOL_SIZE = Number(
  process.env.BENCH_POOL_SIZE ?? Math.max(2, Math.round((2 * availableParallelism()) / SERVER_PROCESSES)),
);

/** Forks `entry` (a .ts file calling serveParent), hands it `settings` and waits until it listens. */
export async function startServerProcess(entry: string, settings: unknown): Promise<ServerProcess> {
  const child = fork(entry, [], {
    execArgv: ['-r', join(__dirname, 'swc-register.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const rssWaiters: { resolve: (bytes: number) => void; reject: (error: Error) => void }[] = [];
  child.on('exit', () => {
    for (const waiter of rssWaiters.splice(0)) waiter.reject(new Error(`${entry} exited`));
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited (code ${code}) before it listened`)));
    child.on('message', (message: FromServer) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'failed') reject(new Error(`${entry} could not start: ${message.error}`));
      else rssWaiters.shift()?.resolve(message.bytes);
    });
    child.send({ type: 'start', settings } satisfies ToServer);
  }).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rssBytes: () =>
      new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${entry} is no longer running`));
        const waiter = { resolve, reject };
        rssWaiters.push(waiter);
        // The channel may close between the check above and this send (the server is stopping).
        child.send({ type: 'rss' } satisfies ToServer, (error) => {
          if (!error) return;
          const index = rssWaiters.indexOf(waiter);
          if (index >= 0) rssWaiters.splice(index, 1);
          reject(error);
        });
      }),
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if the process has not ended within STOP_TIMEOUT_MS. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The server side: starts when the parent says so, answers memory samples, and ends with its parent. */
export function serveParent<Settings>(start: (settings: Settings) => Promise<number>): void {
  const send = (message: FromServer) => process.send!(message);
  process.on('message', (message: ToServer) => {
    if (message.type === 'rss') return send({ type: 'rss', bytes: process.memoryUsage.rss() });
    start(message.settings as Settings).then(
      (port) => send({ type: 'listening', port }),
      (error: unknown) => {
        send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      },
    );
  });
  // A benchmark that crashed or was killed must not leave its servers running.
  process.on('disconnect', () => process.exit(0));
}

export interface RssSummary {
  startBytes: number;
  peakBytes: number;
  endBytes: number;
  samples: number;
}

/** Samples a server's RSS every `intervalMs` until stopped; the peak is what a memory budget is checked against. */
export function sampleRss(server: ServerProcess, intervalMs = 250): { stop(): Promise<RssSummary> } {
  const samples: number[] = [];
  let failure: Error | undefined;
  let inFlight: Promise<void> | undefined;
  const take = () => {
    inFlight ??= server
      .rssBytes()
      .then((bytes) => void samples.push(bytes))
      .catch((error: Error) => void (failure ??= error))
      .finally(() => (inFlight = undefined));
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      take();
      await inFlight;
      if (failure) throw failure;
      return {
        startBytes: samples[0],
        peakBytes: Math.max(...samples),
        endBytes: samples[samples.length - 1],
        samples: samples.length,
      };
    },
  };
}

export const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
