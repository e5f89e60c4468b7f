import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { type Queue, QueueEvents } from 'bullmq';
import { SESSION_CLEANUP_QUEUE } from '../../src/auth/session-cleanup.queue';
import { redisConnectionOptions } from '../../src/infra/queue/queue.module';
import { createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

describe('Worker in the API process (RUN_WORKER=true)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true' });
    await seedOrganization(t, '012041', '旭川市');
  });

  afterAll(() => t.close());

  it('registers the daily session clean-up and processes it through real Redis', async () => {
    const queue = t.app.get<Queue>(getQueueToken(SESSION_CLEANUP_QUEUE));
    expect((await queue.getJobSchedulers()).map((scheduler) => scheduler.key)).toContain('daily-session-cleanup');

    await signIn(t, 'admin@012041.example.jp');
    await t.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '60 days'`);
    const events = new QueueEvents(SESSION_CLEANUP_QUEUE, {
      connection: redisConnectionOptions(t.config.redisUrl),
      prefix: `${t.config.redisPrefix}:bull`,
    });
    await events.waitUntilReady();
    try {
      const job = await queue.add('purge', {});
      expect(await job.waitUntilFinished(events, 15_000)).toEqual({ deleted: 1 });
    } finally {
      await events.close();
    }
    expect(await t.dataSource.query('SELECT id FROM sessions')).toEqual([]);
  });

  it("logs a worker's errors through the app's logger, never to the console", () => {
    const workers = t.app
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
    expect(workers.map((worker) => worker.name)).toContain(SESSION_CLEANUP_QUEUE);
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // As BullMQ emits one when a job's key vanished under it or Redis went away mid-call.
      for (const worker of workers) worker.emit('error', new Error('Missing key for job 1. moveToFinished'));
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});
