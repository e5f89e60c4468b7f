import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parentPort } from 'node:worker_threads';
import { organizationOfChain } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { loadConfigFromProcess } from '../infra/config/app-config';
import { ChainVerifierModule } from './chain-verifier.module';
import { type ChainRequest, CLOSE, type ChainAnswer } from './chain-verifier-threads';

// A thread started by verifyOnThreads: the application's audit module with connections of its own, verifying the
// chains it is sent, one answer per request, until it is told to close.
const port = parentPort!;
const context = NestFactory.createApplicationContext(ChainVerifierModule.forRoot(loadConfigFromProcess()), {
  logger: ['error', 'warn'],
});

port.on('message', (message: ChainRequest | typeof CLOSE) => {
  if (message === CLOSE) {
    void context
      .then((app) => app.close())
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  const { index, chain } = message;
  void context
    .then((app) => app.get(AuditTrail).verify(organizationOfChain(chain)))
    .then(
      (result): ChainAnswer => ({ index, result }),
      (error: Error): ChainAnswer => ({ index, error: error.message }),
    )
    .then((answer) => port.postMessage(answer));
});
