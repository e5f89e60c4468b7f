import { Worker } from 'node:worker_threads';
import { type ChainVerification } from '../audit/audit-trail';
import { threadScript } from '../infra/threads/thread-script';

export interface ChainRequest {
  index: number;
  chain: string;
}

export type ChainAnswer = { index: number; result: ChainVerification } | { index: number; error: string };

export const CLOSE = 'close';

/** Two chains per thread: one chain's reads overlap the other's hashing. */
const CHAINS_PER_THREAD = 2;

const THREAD = threadScript(__filename, 'chain-verifier.thread');

/**
 * Verifies chains on `threads` worker threads and reports each result in the order of `chains`. Hashing a million
 * entries is CPU work, and one thread uses one core. Node's worker_threads rather than a pool library: each thread
 * must close its database connections when the work is done, which a pool's task API does not offer.
 */
export async function verifyOnThreads(
  chains: string[],
  threads: number,
  report: (chain: string, result: ChainVerification) => void,
): Promise<void> {
  if (chains.length === 0) return;
  const workers = Array.from(
    { length: Math.min(threads, chains.length) },
    () => new Worker(THREAD.filename, { execArgv: THREAD.execArgv }),
  );
  // Not events.once: it rejects on the thread's 'error', and an exit must be awaited after an error too.
  const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
  const answered = new Map<number, ChainVerification>();
  let sent = 0;
  let reported = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const sendNext = (worker: Worker) => {
        if (sent < chains.length) worker.postMessage({ index: sent, chain: chains[sent++] } satisfies ChainRequest);
      };
      for (const worker of workers) {
        worker.on('error', reject);
        worker.on('exit', () => reject(new Error('A verifying thread stopped before the chains were verified.')));
        worker.on('message', (answer: ChainAnswer) => {
          if ('error' in answer) return reject(new Error(`${chains[answer.index]}: ${answer.error}`));
          answered.set(answer.index, answer.result);
          for (let next = answered.get(reported); next; next = answered.get(reported)) {
            answered.delete(reported);
            report(chains[reported], next);
            reported++;
          }
          if (reported === chains.length) resolve();
          else sendNext(worker);
        });
        for (let request = 0; request < CHAINS_PER_THREAD; request++) sendNext(worker);
      }
    });
  } finally {
    for (const worker of workers) worker.postMessage(CLOSE);
    await Promise.all(exits);
  }
}
