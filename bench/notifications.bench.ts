import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { AppModule } from '../src/bootstrap/app.module';
import { SYSTEM_ACTOR } from '../src/audit/audit-log';
import { loadConfig } from '../src/infra/config/app-config';
import { dropDatabase, prepareDatabase } from '../src/infra/database/migrate';
import { redisConnectionOptions } from '../src/infra/queue/queue.module';
import { NOTIFICATION_KINDS } from '../src/notifications/notification-catalogue';
import { AdministratorBootstrap } from '../src/users/administrator-bootstrap';
import { Role } from '../src/access/role';
import { UsersService } from '../src/users/users.service';

/**
 * npm run bench:notifications — how many notifications per second flow from the outbox into inboxes on this
 * machine, next to the same number of trivial BullMQ jobs with no app code. A benchmark, not a test.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const RECIPIENTS = 2;
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function appThroughput(): Promise<number> {
  // As in production: the app's role on a database the owner role migrated.
  const url = new URL(SERVER);
  url.username = 'kpiv_app';
  url.password = '';
  url.pathname = `/kpiv_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url.toString(),
    DATABASE_ADMIN_URL: SERVER,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    OUTBOX_RELAY_INTERVAL_MS: '20',
  });
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const admin = await app.get(AdministratorBootstrap).createAdministrator({
      email: 'bench@example.jp',
      password: randomBytes(12).toString('hex'),
      organizationCode: '012041',
      organizationName: '旭川市',
    });
    const organizationId = admin.memberships![0].organizationId;
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
    const elapsed = await seconds(async () => {
      await dataSource.query(
        `INSERT INTO notification_outbox (organization_id, type, payload) SELECT $1, 'report.withdrawn', '{}'::jsonb FROM generate_series(1, $2)`,
        [organizationId, EVENTS],
      );
      await until(
        async () =>
          (await dataSource.query('SELECT count(*)::int AS count FROM notifications'))[0].count >= EVENTS * RECIPIENTS,
      );
    });
    return (EVENTS * RECIPIENTS) / elapsed;
  } finally {
    await app.close();
    await dropDatabase(config);
  }
}

async function bareBullmqThroughput(): Promise<number> {
  const connection = redisConnectionOptions(REDIS_URL);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue('bare', { connection, prefix });
  let done = 0;
  const worker = new Worker('bare', () => Promise.resolve(), { connection, prefix });
  worker.on('completed', () => done++);
  try {
    const total = EVENTS * RECIPIENTS;
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
  const app = await appThroughput();
  const bare = await bareBullmqThroughput();
  console.log(`outbox → inbox (${EVENTS} events × ${RECIPIENTS} recipients): ${app.toFixed(0)} notifications/s`);
  console.log(`bare BullMQ no-op jobs (${EVENTS * RECIPIENTS} jobs):          ${bare.toFixed(0)} jobs/s`);
  console.log(`ratio app / bare: ${(app / bare).toFixed(3)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
