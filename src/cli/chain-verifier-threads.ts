import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type ChainVerification } from '../audit/audit-trail';
import { threadScript } from '../infra/threads/thread-script';

/** A thread's answer: its chains' verifications in the order it was given them. */
export type ChainsAnswer = { results: ChainVerification[] } | { error: string };

const THREAD = threadScript(__filename, 'chain-verifier.thread');

/**
 * Verifies chains on `threads` worker threads and reports each result in the order of `chains`. Hashing a million
 * entries is CPU work, and one thread uses one core. Each thread takes every `threads`-th chain (each share about as
 * long) and reads them in one pass over the log (AuditTrail.verifyChains). Node's worker_threads rather than a pool
 * library: each thread must close its database connections when the work is done, which a pool's task API does not
 * offer.
 */
export async function verifyOnThreads(
  chains: string[],
  threads: number,
  report: (chain: string, result: ChainVerification) => void,
): Promise<void> {
  const shares = Array.from({ length: Math.min(threads, chains.length) }, (_, thread) =>
    chains.filter((_, index) => index % threads === thread),
  );
  const workers = shares.map((share) => new Worker(THREAD.filename, { execArgv: THREAD.execArgv, workerData: share }));
  // Each thread closes its connections and exits after answering; on a failure the others are stopped.
  const exits = workers.map((worker) => once(worker, 'exit').catch(() => undefined));
  try {
    const answers = await Promise.all(workers.map(answerOf));
    const verifications = new Map(
      shares.flatMap((share, thread) => share.map((chain, index) => [chain, answers[thread][index]] as const)),
    );
    await Promise.all(exits);
    for (const chain of chains) report(chain, verifications.get(chain)!);
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}

function answerOf(worker: Worker): Promise<ChainVerification[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: ChainsAnswer) =>
      'error' in answer ? reject(new Error(answer.error)) : resolve(answer.results),
    );
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('A verifying thread stopped before its chains were verified.')));
  });
}
