import { Queue } from 'bullmq';
import { cpus, loadavg } from 'node:os';
import { entryHash, GENESIS_HASH } from '../src/audit/audit-hash';
import { redisConnectionOptions } from '../src/infra/queue/queue.module';
import { NOTIFICATION_KINDS } from '../src/notifications/notification-catalogue';
import { NOTIFICATION_EVENTS_QUEUE } from '../src/notifications/queues';
import { ReportStatus } from '../src/reports/rules/report-status';
import { type BenchApp, bearerToken, loadDemoData, startApiProcess, startBenchApp } from './support/bench-app';
import { startBenchWorker } from './support/bench-worker';
import { CONNECTIONS, describeLoad, measure } from './support/load';
import { type ServerProcess } from './support/server-process';
import { prepareDrafts, settled, walk, WRITE_ORGANIZATION } from './support/transitions';

/**
 * npm run bench:scale-out — the API is stateless and the workers are separate processes; this shows it. The same
 * transitions (submit, then accept with an expert, every request on a report of its own, all in one organization) run
 * once against one API process and one worker, and once against two of each on the same PostgreSQL and Redis, each on a
 * fresh copy of the same data. Both runs must end with the same totals of audit entries (by action) and notifications
 * (by kind), no notification twice, every chain sealed without a gap and every hash right. A benchmark, not a test: it
 * fails only when the totals differ or a chain is broken.
 */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 400);
/** Long enough that every run ends when its reports are used up, not by the clock. */
const UNTIL_DONE_SECONDS = 600;

interface Totals {
  audit: Record<string, number>;
  notifications: Record<string, number>;
  duplicates: number;
  chainProblems: string[];
  rate: Record<string, number>;
}

async function run(apiProcesses: number, workerProcesses: number): Promise<Totals> {
  let drafts: string[] = [];
  const app = await startBenchApp({
    // Each API process apart, as behind a reverse proxy on several hosts.
    settings: { API_PROCESSES: '1' },
    load: (config) => loadDemoData(config, async (context) => void (drafts = await prepareDrafts(context, REPORTS))),
  });
  const processes: ServerProcess[] = [];
  try {
    // Inbox only: the totals are the pipeline's, not an SMTP server's (none runs here).
    await app.query(
      `INSERT INTO notification_preferences (user_id, event_type, channel)
       SELECT u.id, kind, 'in_app_only' FROM users u, unnest($1::text[]) AS kind ON CONFLICT DO NOTHING`,
      [Object.keys(NOTIFICATION_KINDS)],
    );
    processes.push(
      ...(await Promise.all(Array.from({ length: apiProcesses - 1 }, () => startApiProcess(app.settings)))),
    );
    processes.push(
      ...(await Promise.all(Array.from({ length: workerProcesses }, () => startBenchWorker(app.settings)))),
    );
    const apis = [app, ...processes.slice(0, apiProcesses - 1)];
    const [write] = await app.query<{ organizationId: string; expertId: string }>(
      `SELECT o.id AS "organizationId", u.id AS "expertId" FROM organizations o, users u
        WHERE o.local_government_code = $1 AND u.email = 'expert@panel.example.jp'`,
      [WRITE_ORGANIZATION],
    );
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const steps = [
      { work: 'submit', from: ReportStatus.Draft, token: await bearerToken(app, 'owner@kushiro.example.jp'), body: {} },
      {
        work: 'accept',
        from: ReportStatus.Submitted,
        token: await bearerToken(app, 'planning@kushiro.example.jp'),
        body: { experts: [write.expertId], dueDate },
      },
    ];
    const rate: Record<string, number> = {};
    for (const { work, from, token, body } of steps) {
      // The reports split between the API processes, as a reverse proxy would spread the requests.
      const slices = apis.map((_, index) => drafts.filter((_id, position) => position % apis.length === index));
      const results = await Promise.all(
        apis.map((api, index) => {
          const walking = walk(api, write.organizationId, slices[index], work, token, body);
          return measure(walking.target, {
            seconds: UNTIL_DONE_SECONDS,
            remaining: walking.remaining,
            connections: CONNECTIONS / apis.length,
          }).catch((error: Error) => {
            throw new Error(`${work}: ${error.message}; first refusal: ${walking.refusal() ?? '(none)'}`);
          });
        }),
      );
      await settled(app, drafts, from);
      rate[work] = results.reduce((sum, result) => sum + result.requestsPerSecond, 0);
      for (const [index, result] of results.entries())
        console.log(describeLoad(`${work} via API process ${index + 1}`, result));
    }
    await quiet(app);
    return { ...(await totals(app)), rate };
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
    await app.close();
  }
}

/** Until every outbox row is relayed, every event job done and every audit entry sealed. */
async function quiet(app: BenchApp): Promise<void> {
  const queue = new Queue(NOTIFICATION_EVENTS_QUEUE, {
    connection: redisConnectionOptions(app.config.redisUrl),
    prefix: `${app.config.redisPrefix}:bull`,
  });
  try {
    for (;;) {
      const [{ waiting }] = await app.query<{ waiting: number }>(
        `SELECT (SELECT count(*) FROM notification_outbox WHERE dispatched_at IS NULL)
              + (SELECT count(*) FROM audit_entries WHERE hash IS NULL) AS waiting`,
      );
      const jobs = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Number(waiting) + Object.values(jobs).reduce((sum, count) => sum + count, 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await queue.close();
  }
}

async function totals(app: BenchApp): Promise<Omit<Totals, 'rate'>> {
  const counted = async (sql: string) =>
    Object.fromEntries(
      (await app.query<{ key: string; count: number }>(sql)).map(({ key, count }) => [key, Number(count)]),
    );
  const [{ duplicates }] = await app.query<{ duplicates: number }>(
    `SELECT count(*) - count(DISTINCT (outbox_event_id, user_id)) AS duplicates FROM notifications`,
  );
  return {
    audit: await counted(`SELECT action AS key, count(*) FROM audit_entries GROUP BY action ORDER BY action`),
    notifications: await counted(`SELECT type AS key, count(*) FROM notifications GROUP BY type ORDER BY type`),
    duplicates: Number(duplicates),
    chainProblems: await chainProblems(app),
  };
}

/** Every chain numbered 1…n without a gap, each entry linked to the one before and hashing to what it holds. */
async function chainProblems(app: BenchApp): Promise<string[]> {
  const rows = await app.query<Parameters<typeof entryHash>[0] & { previousHash: string; hash: string }>(
    `SELECT chain, sequence, organization_id AS "organizationId", occurred_at AS "occurredAt",
            actor_user_id AS "actorUserId", actor_roles AS "actorRoles", action, entity_type AS "entityType",
            entity_id AS "entityId", request_id AS "requestId", ip_address AS "ipAddress", details,
            previous_hash AS "previousHash", hash
       FROM audit_entries ORDER BY chain, sequence`,
  );
  const problems: string[] = [];
  let chain = '';
  let previous = { sequence: 0, hash: GENESIS_HASH };
  for (const row of rows) {
    if (row.chain !== chain) [chain, previous] = [row.chain, { sequence: 0, hash: GENESIS_HASH }];
    if (row.sequence !== previous.sequence + 1) problems.push(`${chain}: ${row.sequence} follows ${previous.sequence}`);
    else if (row.previousHash !== previous.hash || entryHash(row, previous.hash) !== row.hash)
      problems.push(`${chain}: entry ${row.sequence} does not verify`);
    previous = { sequence: row.sequence, hash: row.hash };
  }
  return problems;
}

function compare(label: string, one: Record<string, number>, two: Record<string, number>): boolean {
  const keys = [...new Set([...Object.keys(one), ...Object.keys(two)])].sort();
  const differing = keys.filter((key) => one[key] !== two[key]);
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
  console.log(
    `${label}: ${sum(one)} with one API and one worker, ${sum(two)} with two of each` +
      (differing.length === 0
        ? ` — the same, kind by kind (${keys.length} kinds)`
        : ` — DIFFERENT: ${differing.map((key) => `${key} ${one[key] ?? 0} ≠ ${two[key] ?? 0}`).join(', ')}`),
  );
  return differing.length === 0;
}

async function main(): Promise<void> {
  console.log(
    `bench:scale-out — ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}, ` +
      `${REPORTS} reports submitted and accepted in ${WRITE_ORGANIZATION}, ${CONNECTIONS} connections in all`,
  );
  console.log('\none API process, one worker');
  const single = await run(1, 1);
  console.log('\ntwo API processes, two workers (same PostgreSQL and Redis)');
  const double = await run(2, 2);
  console.log('');
  const same = [
    compare('audit entries', single.audit, double.audit),
    compare('notifications', single.notifications, double.notifications),
  ].every(Boolean);
  for (const [label, totals] of [
    ['one of each', single],
    ['two of each', double],
  ] as const)
    console.log(
      `${label}: submit ${totals.rate.submit.toFixed(0)}/s, accept ${totals.rate.accept.toFixed(0)}/s; ` +
        `${totals.duplicates} notifications twice; chains ${totals.chainProblems.length === 0 ? 'whole' : totals.chainProblems.slice(0, 5).join('; ')}`,
    );
  if (
    !same ||
    single.duplicates + double.duplicates > 0 ||
    single.chainProblems.length + double.chainProblems.length > 0
  )
    throw new Error('Two API processes and two workers did not give the same, whole record as one of each.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
