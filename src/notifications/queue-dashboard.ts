import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { type INestApplication } from '@nestjs/common';
import { type Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AdministratorGate } from '../auth/administrator-gate';
import { SESSION_CLEANUP_QUEUE } from '../auth/session-cleanup.queue';
import { NOTIFICATION_QUEUES } from './queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The BullMQ dashboard (@bull-board) for administrators: jobs, failures, retries of every queue. */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [...NOTIFICATION_QUEUES, SESSION_CLEANUP_QUEUE].map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
  });
  const gate = app.get(AdministratorGate);
  const administratorsOnly = (request: Request, response: Response, next: NextFunction) =>
    void gate.check(request).then((status) => {
      if (status === 200) return next();
      const message = status === 401 ? 'Sign-in required.' : 'Only administrators may open the queue dashboard.';
      response
        .status(status)
        .json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
    }, next);
  app.use(QUEUE_DASHBOARD_PATH, administratorsOnly, serverAdapter.getRouter());
}
