import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { type INestApplication } from '@nestjs/common';
import { type Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedUser } from '../access/actor';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { PlatformOperatorGate } from '../auth/platform-operator-gate';
import { SESSION_CLEANUP_QUEUE } from '../auth/session-cleanup.queue';
import { type HttpExceptionFilter } from '../infra/http/http-exception.filter';
import { requestIdOf } from '../infra/http/request-id';
import { NOTIFICATION_QUEUES } from './queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (@bull-board): jobs, failures, retries of every queue. Platform operators only: the queues hold
 * every municipality's jobs and the dashboard can pause, empty or obliterate them, which is beyond any one
 * organization's administrator. The role is a flag on the account granted by the CLI rather than a setting, so each grant
 * is audited and takes effect without a restart. Refusals get the API's error body and are audited like any denial;
 * each change an operator makes succeeds or fails in Redis, and one that succeeded is audited in the platform chain.
 */
export function mountQueueDashboard(app: INestApplication, errors: HttpExceptionFilter): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [...NOTIFICATION_QUEUES, SESSION_CLEANUP_QUEUE].map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
  });
  const gate = app.get(PlatformOperatorGate);
  const operatorsOnly = (request: Request, response: Response, next: NextFunction) =>
    void gate
      .refusal(request)
      .then(async (refusal) => {
        if (!refusal) return next();
        const body = await errors.outcome(refusal, request);
        response.status(body.statusCode).json(body);
      })
      .catch(next);
  const audit = app.get(AuditLog, { strict: false });
  const changesAudited = (request: Request, response: Response, next: NextFunction) => {
    if (!READS.includes(request.method)) {
      // Taken before the dashboard's router rewrites the URL; relative to the dashboard, as its API names it.
      const operation = `${request.method} ${request.path}`;
      const user = request.user as AuthenticatedUser;
      // The change is in Redis, outside any transaction of ours: it is recorded once the answer says it was made.
      response.on('finish', () => {
        if (response.statusCode < 200 || response.statusCode >= 300) return;
        void audit.recordQuietly(
          auditEvent(
            null,
            { userId: user.userId, roles: [], requestId: requestIdOf(request), ipAddress: request.ip ?? '' },
            'queue_dashboard.changed',
            undefined,
            { operation, status: response.statusCode },
          ),
        );
      });
    }
    next();
  };
  app.use(QUEUE_DASHBOARD_PATH, operatorsOnly, changesAudited, serverAdapter.getRouter());
}

/** Requests that only show the queues; any other (pause, empty, clean, retry, promote, obliterate, delete) is audited. */
const READS = ['GET', 'HEAD'];
