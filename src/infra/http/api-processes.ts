import cluster, { type Worker } from 'node:cluster';
import { type LoggerService } from '@nestjs/common';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Logged each time every copy listens: what a deployment script (or a benchmark) may wait for. */
export const allListening = (count: number, port: number) => `All ${count} API processes listening on port ${port}`;

/** A copy that served this long before it ended is replaced at once; one that ended sooner, after a growing wait. */
const STABLE_MS = 30_000;
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/**
 * How long to wait before replacing a copy that ended, given how many copies in a row ended soon after they listened
 * (this one included): none for a copy that ran a while, then 1, 2, 4 … up to 30 seconds, so that a copy that keeps
 * crashing (a bad deployment, a request that kills it) does not take the host's cores in a loop of restarts.
 */
export function restartWait(endedSoonInARow: number): number {
  if (endedSoonInARow === 0) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (endedSoonInARow - 1), LONGEST_WAIT_MS);
}

/**
 * Runs `count` copies of the API on one port and keeps them running; resolves with the exit code this process should
 * end with. One Node process runs JavaScript on one core, so a machine's other cores serve requests only through more
 * processes; node:cluster (built in) shares the port between them, so `npm run serve` stays one command with no process
 * manager or proxy beside it.
 *
 * The first copy starts alone: it runs the migrations and creates the initial administrator before the others start,
 * which find both done. A copy that ends before it listens cannot start (configuration, database): all are stopped and
 * its exit code is returned. One that ends later is replaced (restartWait). SIGTERM or SIGINT stops every copy
 * gracefully.
 * Its few lines (a copy listening, a copy replaced) are logged at any LOG_LEVEL: an operator must see them.
 */
export function superviseApiProcesses(
  { count, port }: { count: number; port: number },
  logger: LoggerService,
): Promise<number> {
  return new Promise((resolve) => {
    const listeningSince = new WeakMap<Worker, number>();
    const running = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    let stopping = false;
    let exitCode = 0;
    let endedSoonInARow = 0;
    const pendingRestarts = new Set<NodeJS.Timeout>();

    const stopAll = (code: number) => {
      stopping = true;
      exitCode = code;
      if (running().length === 0) return finish();
      for (const worker of running()) worker.process.kill('SIGTERM');
    };
    const finish = () => {
      for (const timer of pendingRestarts) clearTimeout(timer);
      for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
      resolve(exitCode);
    };
    const onSignal = () => stopAll(0);
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);

    // Listening on the API's port, not another a copy may open (the development mail sink).
    const fork = (then?: () => void) => {
      const worker = cluster.fork();
      const onListening = (address: { port: number }) => {
        if (address.port !== port) return;
        worker.off('listening', onListening);
        listeningSince.set(worker, Date.now());
        const ready = running().filter((copy) => listeningSince.has(copy)).length;
        logger.log(`API process ${worker.process.pid} listening on port ${port} (${ready} of ${count})`);
        if (ready === count) logger.log(allListening(count, port));
        then?.();
      };
      worker.on('listening', onListening);
    };
    fork(() => {
      for (let started = 1; started < count && !stopping; started++) fork();
    });

    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (running().length === 0) finish();
        return;
      }
      const how = signal ? `signal ${signal}` : `code ${code}`;
      const since = listeningSince.get(worker);
      if (since === undefined) {
        logger.error(`An API process ended (${how}) before it listened; stopping the others.`);
        return stopAll(code || 1);
      }
      endedSoonInARow = Date.now() - since < STABLE_MS ? endedSoonInARow + 1 : 0;
      const wait = restartWait(endedSoonInARow);
      logger.warn(
        `API process ${worker.process.pid} ended (${how}); starting another` +
          (wait > 0 ? ` in ${wait / 1000} s (${endedSoonInARow} in a row ended within ${STABLE_MS / 1000} s).` : '.'),
      );
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (!stopping) fork();
      }, wait);
      pendingRestarts.add(timer);
    });
  });
}
