import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { AppModule } from '../src/bootstrap/app.module';
import { SYSTEM_ACTOR } from '../src/audit/audit-log';
import { redisConnectionOptions } from '../src/infra/queue/queue.module';
import { NOTIFICATION_KINDS } from '../src/notifications/notification-catalogue';
import { NotificationEventsProcessor } from '../src/notifications/notification-events.processor';
import { NOTIFICATION_EVENTS_QUEUE } from '../src/notifications/queues';
import { Role } from '../src/access/role';
import { UsersService } from '../src/users/users.service';
import { benchAdministrator, withThrowAwayContext } from './support/bench-app';

/**
 * npm run bench:notifications — how many events per second the outbox relay hands to a queue, and how many
 * notifications per second flow from the outbox into inboxes on this machine, each next to the same number of trivial
 * BullMQ jobs with no app code. A benchmark, not a test.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const RECIPIENTS = 2;
/** Jobs of the bare BullMQ and relay figures: as many as the notifications of the end-to-end figure. */
const JOBS = EVENTS * RECIPIENTS;
const TARGET_RELAY_RATIO = 0.5;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * A fresh database and app, as in production (the app's role on a database the owner role migrated), with the
 * planning users every event reaches; work gets the app and returns a rate.
 */
async function withApp(
  work: (
    app: INestApplicationContext,
    dataSource: DataSource,
    organizationId: string,
    prefix: string,
  ) => Promise<number>,
): Promise<number> {
  return withThrowAwayContext(
    AppModule.forRoot,
    async (app, config) => {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      const { organizationId } = await benchAdministrator(app);
      const users = app.get(UsersService);
      for (let i = 0; i < RECIPIENTS; i++) {
        const user = await users.addMember(
          organizationId,
          { email: `planning${i}@example.jp`, displayName: `企画${i}`, password: randomBytes(12).toString('hex') },
          [{ role: Role.PlanningDivision }],
          SYSTEM_ACTOR,
        );
        // Inbox only: the benchmark measures the notification pipeline, not an SMTP server.
        await dataSource.query(
          `INSERT INTO notification_preferences (user_id, event_type, channel) SELECT $1, unnest($2::text[]), 'in_app_only'`,
          [user.id, Object.keys(NOTIFICATION_KINDS)],
        );
      }
      return work(app, dataSource, organizationId, `${config.redisPrefix}:bull`);
    },
    { REDIS_URL },
  );
}

async function addEvents(dataSource: DataSource, organizationId: string, count: number): Promise<void> {
  await dataSource.query(
    `INSERT INTO notification_outbox (organization_id, type, payload) SELECT $1, 'report.withdrawn', '{}'::jsonb FROM generate_series(1, $2)`,
    [organizationId, count],
  );
}

/**
 * The relay alone: outbox rows into the queue, taken by a consumer that does nothing — the same work as the bare
 * BullMQ figure (the same number of jobs added and taken by a no-op worker) plus what the app adds: reading and
 * marking the rows in PostgreSQL. The app's OutboxRelay runs as in production (woken at commit); only the events
 * worker is swapped for a no-op one.
 */
async function relayThroughput(): Promise<number> {
  return withApp(async (app, dataSource, organizationId, prefix) => {
    await app.get(NotificationEventsProcessor).worker.close();
    let done = 0;
    const noop = new Worker(NOTIFICATION_EVENTS_QUEUE, () => Promise.resolve(), {
      connection: redisConnectionOptions(REDIS_URL),
      prefix,
    });
    noop.on('completed', () => done++);
    try {
      const elapsed = await seconds(async () => {
        await addEvents(dataSource, organizationId, JOBS);
        await until(() => done >= JOBS);
      });
      return JOBS / elapsed;
    } finally {
      await noop.close();
    }
  });
}

/** The whole pipeline: outbox rows relayed, each event turned into its recipients' inbox rows. */
async function appThroughput(): Promise<number> {
  return withApp(async (_app, dataSource, organizationId) => {
    const elapsed = await seconds(async () => {
      await addEvents(dataSource, organizationId, EVENTS);
      await until(
        async () =>
          (await dataSource.query('SELECT count(*)::int AS count FROM notifications'))[0].count >= EVENTS * RECIPIENTS,
      );
    });
    return (EVENTS * RECIPIENTS) / elapsed;
  });
}

async function bareBullmqThroughput(): Promise<number> {
  const connection = redisConnectionOptions(REDIS_URL);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue('bare', { connection, prefix });
  let done = 0;
  const worker = new Worker('bare', () => Promise.resolve(), { connection, prefix });
  worker.on('completed', () => done++);
  try {
    const total = JOBS;
    const elapsed = await seconds(async () => {
      for (let start = 0; start < total; start += 500) {
        await queue.addBulk(
          Array.from({ length: Math.min(500, total - start) }, (_, index) => ({
            name: 'noop',
            data: { index: start + index },
            opts: { removeOnComplete: true },
          })),
        );
      }
      await until(() => done >= total);
    });
    return total / elapsed;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function main(): Promise<void> {
  // Each figure next to a bare run made just before it: on a shared machine the load changes from one run to the next.
  const bareBeforeRelay = await bareBullmqThroughput();
  const relay = await relayThroughput();
  const bareBeforeApp = await bareBullmqThroughput();
  const app = await appThroughput();
  const relayRatio = relay / bareBeforeRelay;
  console.log(`bare BullMQ no-op jobs (${JOBS} jobs):          ${bareBeforeRelay.toFixed(0)} jobs/s`);
  console.log(`outbox → queue → no-op worker (${JOBS} events):    ${relay.toFixed(0)} jobs/s`);
  console.log(`bare BullMQ no-op jobs (${JOBS} jobs):          ${bareBeforeApp.toFixed(0)} jobs/s`);
  console.log(`outbox → inbox (${EVENTS} events × ${RECIPIENTS} recipients): ${app.toFixed(0)} notifications/s`);
  console.log(`ratio relay / bare BullMQ: ${relayRatio.toFixed(3)}`);
  console.log(`ratio outbox → inbox / bare BullMQ: ${(app / bareBeforeApp).toFixed(3)}`);
  console.log(
    `target relay: ${relayRatio.toFixed(3)} (${relayRatio >= TARGET_RELAY_RATIO ? 'meets' : 'below'} target ${TARGET_RELAY_RATIO})`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
