import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parentPort, workerData } from 'node:worker_threads';
import { AuditTrail } from '../audit/audit-trail';
import { loadConfigFromProcess } from '../infra/config/app-config';
import { ChainVerifierModule } from './chain-verifier.module';
import { type ChainsAnswer } from './chain-verifier-threads';

// A thread started by verifyOnThreads: the application's audit module with connections of its own, verifying the
// chains it was started with, then answering once and closing.
async function verifyChains(chains: string[]): Promise<ChainsAnswer> {
  const app = await NestFactory.createApplicationContext(ChainVerifierModule.forRoot(loadConfigFromProcess()), {
    logger: ['error', 'warn'],
  });
  try {
    return { results: await app.get(AuditTrail).verifyChains(chains) };
  } finally {
    await app.close();
  }
}

void verifyChains(workerData as string[]).then(
  (answer) => parentPort!.postMessage(answer),
  (error: Error) => parentPort!.postMessage({ error: error.message } satisfies ChainsAnswer),
);
