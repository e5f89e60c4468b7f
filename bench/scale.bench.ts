import { NestFactory } from '@nestjs/core';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { AppModule } from '../src/bootstrap/app.module';
import { configureApp } from '../src/bootstrap/configure-app';
import { roleOf } from '../src/infra/config/app-config';
import { apiPath } from '../src/infra/http/api-path';
import { ReportStatus } from '../src/reports/rules/report-status';
import {
  type BenchApp,
  bearerToken,
  SERVER,
  startBenchApp,
  prepareThrowAwayDatabase,
  withAppServices,
} from './support/bench-app';
import { startBareHttp } from './support/bare-http';
import { builtScript } from './support/built-api';
import { describeLoad, type LoadResult, measure, median, sampleResponse } from './support/load';
import { writeFirstEditions } from './support/national-editions';
import {
  generateNationalData,
  type GeneratedData,
  LAST_YEAR,
  MEASURED_CODE,
  NATIONAL_SIZES,
  type NationalSizes,
  planningEmail,
} from './support/national-data';
import {
  type CapturedQuery,
  captureQueries,
  type ExplainedQuery,
  explainQueries,
  LARGE_TABLE_ROWS,
} from './support/query-plans';
import { mebibytes } from './support/server-process';

/**
 * npm run bench:scale — issue #16, national scale: what every municipality of Japan would hold after ten years (1,741
 * organizations, 100,000 reports with their parts, editions and notifications, 1,000,000 sealed audit entries; see
 * support/national-data.ts), written into a throw-away database by set-based SQL as the owner role (the editions by the
 * app), then one organization's view measured on it (the largest: the report list with filters and by keyword, the year
 * board page, one report's audit query, its planner's inbox page and unread count, a report's page as its planner reads
 * it, the experts page and the projects page, its public year page, report page and KPI file), each at one connection
 * (what one user waits) and at 32 (as bench:api), and the year board page after pauses of PAUSE_SECONDS (one user
 * between two pages) beside the bare server answering its bytes after as long, with EXPLAIN (ANALYZE, BUFFERS) of every
 * statement those routes run; `audit:verify` of every chain as the operator runs it, with its RSS; and all migrations
 * on an empty database. BENCH_SCALE (1) scales the three sizes (BENCH_ORGANIZATIONS, BENCH_REPORTS, BENCH_AUDIT_ENTRIES
 * set one alone); BENCH_SECONDS (10) is each measurement's length. A benchmark, not a test: it fails on errors, never
 * on a target.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const sized = (variable: string, full: number, least: number) =>
  Number(process.env[variable] ?? Math.max(least, Math.round(full * SCALE)));
const SIZES: NationalSizes = {
  organizations: sized('BENCH_ORGANIZATIONS', NATIONAL_SIZES.organizations, 2),
  reports: sized('BENCH_REPORTS', NATIONAL_SIZES.reports, 100),
  auditEntries: sized('BENCH_AUDIT_ENTRIES', NATIONAL_SIZES.auditEntries, 1000),
};
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** audit:verify is stopped after this long (a verifier that reads a chain by OFFSET slows down with its length). */
const VERIFY_LIMIT_SECONDS = Number(process.env.BENCH_VERIFY_LIMIT_SECONDS ?? 600);
const CONNECTIONS = [1, 32];
/** A user's pause between two pages, longer than a pool that closes idle connections after seconds would wait. */
const PAUSE_SECONDS = 15;
const PAUSES = 3;
/** Requests back to back whose median the bare server's answers after the pauses are set beside. */
const PAUSE_CONTROL_REQUESTS = 50;

const TARGETS = { readP99Ms: 100, verifySeconds: 30, migrationSeconds: 60, verifyGrowth: 1.25 };

interface Route {
  work: string;
  path: string;
  headers: Record<string, string>;
}

interface Target {
  name: string;
  figure: string;
  meets: boolean;
}

const seconds = (from: number) => (performance.now() - from) / 1000;

/** Every migration, on an empty database of its own, as the app's start-up runs them (roles, database, grants too). */
async function timeMigrations(): Promise<{ seconds: number; applied: number }> {
  const started = performance.now();
  const { applied, drop } = await prepareThrowAwayDatabase();
  const took = seconds(started);
  await drop();
  return { seconds: took, applied: applied.length };
}

function describeData(generated: GeneratedData): void {
  const table = (name: string) => (generated.rows[name] ?? 0).toLocaleString('en');
  console.log(
    `\nwritten: ${table('organizations')} organizations, ${table('departments')} departments, ${table('users')} users, ` +
      `${table('grant_projects')} projects with ${table('kpi_definitions')} KPIs, ${table('result_reports')} reports with ` +
      `${table('budget_lines')} budget lines, ${table('kpi_results')} KPI results, ${table('report_revisions')} revisions, ` +
      `${table('report_editions')} editions, ${table('review_assignments')} review assignments, ` +
      `${table('report_comments')} comments, ${table('notifications')} notifications; ${table('audit_entries')} audit entries`,
  );
  console.log(
    `audit entries by action: ${generated.auditMix.map(({ action, entries }) => `${action} ${entries.toLocaleString('en')}`).join(', ')}`,
  );
  console.log(`generated in ${generated.seconds.toFixed(0)} s`);
}

/**
 * The measured organization's view: its report list of the last fully published year, filtered by state and by its
 * department with the most reports that year; its reports of every year searched by two words; its board of the year
 * being verified (every state); the audit query of its report with the longest trail; and the signed-in planner's
 * inbox, the busiest of its readers: the inbox page's first page of 要対応 (with its tabs' and badge's unread counts)
 * and the unread count the API gives; and its public site: the page of the last fully published year, one published
 * report of that year (its first edition, as published), and that year's KPI file of open data.
 */
async function routesOf(app: BenchApp, token: string): Promise<{ routes: Route[]; about: string }> {
  const listedYear = LAST_YEAR - 1;
  const [view] = await app.query<{
    organizationId: string;
    departmentId: string;
    reports: number;
    reportId: string;
    publishedReportId: string;
    notices: number;
    unread: number;
  }>(
    `WITH organization AS (SELECT id FROM organizations WHERE local_government_code = $1)
     SELECT organization.id AS "organizationId",
       (SELECT p.department_id FROM result_reports r JOIN grant_projects p ON p.id = r.project_id
         WHERE r.organization_id = organization.id AND r.fiscal_year = $2 GROUP BY p.department_id
         ORDER BY count(*) DESC, p.department_id LIMIT 1) AS "departmentId",
       (SELECT count(*)::int FROM result_reports r WHERE r.organization_id = organization.id) AS reports,
       (SELECT entity_id FROM audit_entries WHERE organization_id = organization.id AND entity_type = 'report'
         GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1) AS "reportId",
       (SELECT r.id FROM result_reports r WHERE r.organization_id = organization.id AND r.fiscal_year = $2
         AND r.status = 'published' ORDER BY r.id LIMIT 1) AS "publishedReportId",
       (SELECT count(*)::int FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = $3) AS notices,
       (SELECT count(*)::int FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE u.email = $3 AND n.read_at IS NULL) AS unread
     FROM organization`,
    [MEASURED_CODE, listedYear, planningEmail(MEASURED_CODE)],
  );
  const bearer = { authorization: `Bearer ${token}` };
  const filters = new URLSearchParams({
    fiscalYear: String(listedYear),
    status: ReportStatus.Published,
    departmentId: view.departmentId,
  });
  const organization = `organizations/${view.organizationId}`;
  return {
    about: `${MEASURED_CODE} (the largest organization: ${view.reports.toLocaleString('en')} reports; its planner's inbox ${view.notices.toLocaleString('en')} notifications, ${view.unread.toLocaleString('en')} unread)`,
    routes: [
      { work: 'report list', path: `${apiPath(`${organization}/reports`)}?${filters.toString()}`, headers: bearer },
      {
        // Every year's reports read by name: two words, typed full-width as Japanese input methods give them.
        work: 'report list by keyword',
        path: `${apiPath(`${organization}/reports`)}?${new URLSearchParams({ q: 'ＩＣＴ　プロジェクト' }).toString()}`,
        headers: bearer,
      },
      {
        // As the browser asks for it: the same token in the session cookie.
        work: 'year board page',
        path: `o/${view.organizationId}/board?fiscalYear=${LAST_YEAR}`,
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      },
      {
        work: 'report audit query',
        path: `${apiPath(`${organization}/audit`)}?reportId=${view.reportId}`,
        headers: bearer,
      },
      { work: 'inbox page', path: `o/${view.organizationId}/inbox`, headers: { cookie: `${SESSION_COOKIE}=${token}` } },
      // A planner's report page: the report with its history, and what each expert has been asked here.
      {
        work: 'report page',
        path: `o/${view.organizationId}/reports/${view.reportId}`,
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      },
      {
        work: 'experts page',
        path: `o/${view.organizationId}/experts`,
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      },
      {
        work: 'project list page',
        path: `o/${view.organizationId}/projects`,
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      },
      { work: 'inbox unread count', path: apiPath('notifications/unread-count'), headers: bearer },
      // What citizens read, signed in as no one: pages and files are kept once built (as a busy site serves them).
      { work: 'public year page', path: `public/${MEASURED_CODE}/${listedYear}`, headers: {} },
      { work: 'public report page', path: `public/${MEASURED_CODE}/reports/${view.publishedReportId}`, headers: {} },
      { work: 'open data year CSV', path: `public/${MEASURED_CODE}/open-data/${listedYear}/kpis.csv`, headers: {} },
    ],
  };
}

/**
 * The statements each route runs, captured in an instance of the app in this process on the same database (the
 * measured one runs in a process of its own), once the route has answered once (caches warm, templates compiled).
 */
async function captureRoutes(app: BenchApp, routes: Route[]): Promise<Map<string, CapturedQuery[]>> {
  const nest = await NestFactory.create(AppModule.forRoot(app.config), { logger: false });
  configureApp(nest);
  await nest.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${((nest.getHttpServer() as Server).address() as AddressInfo).port}`;
  const captured = new Map<string, CapturedQuery[]>();
  try {
    for (const route of routes) {
      await sampleResponse(`${url}/${route.path}`, route.headers);
      const capture = captureQueries();
      try {
        await sampleResponse(`${url}/${route.path}`, route.headers);
      } finally {
        captured.set(route.work, capture.stop());
      }
    }
  } finally {
    await nest.close();
  }
  return captured;
}

const milliseconds = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function describePlans(work: string, statements: number, explained: ExplainedQuery[]): void {
  const execution = explained.reduce((sum, query) => sum + query.execution, 0);
  console.log(
    `\n${work}: ${statements} statements, ${explained.length} distinct reads explained, ` +
      `${milliseconds(execution)} of execution in all`,
  );
  for (const query of [...explained].sort((a, b) => b.execution - a.execution))
    console.log(
      `  ${milliseconds(query.execution).padStart(9)}  hit ${String(query.sharedHit).padStart(6)}  read ` +
        `${String(query.sharedRead).padStart(5)}  ${query.text.replace(/\s+/g, ' ').slice(0, 110)}`,
    );
  const scanning = explained.filter((query) => query.plan);
  if (scanning.length === 0)
    console.log(`  no statement reads a table of more than ${LARGE_TABLE_ROWS.toLocaleString('en')} rows whole`);
  for (const query of scanning) {
    const scans = query.fullScans.map(
      ({ table, rows, scan }) => `${scan} on ${table} (${rows.toLocaleString('en')} rows)`,
    );
    console.log(`\n  ${scans.join(', ')} in:\n${query.text}\n  parameters: ${JSON.stringify(query.values)}`);
    console.log(query.plan!.replace(/^/gm, '    '));
  }
}

interface VerifyRun {
  seconds: number;
  exitCode: number | null;
  finished: boolean;
  chains: number;
  chainsOk: number;
  entries: number;
  problems: string[];
  /**
   * The highest RSS in each quarter of the run's time: the threads report their chains together at the end (each reads
   * its share in one pass), so the time is what tells how far they have read; peaks, as the collector's sawtooth goes.
   */
  quarterPeaks: number[];
}

/**
 * The operator's command as production runs it (the built dist/src/cli.js audit:verify: its threads load the built
 * scripts too, where from the sources each would compile them), against the benchmark's database.
 */
async function runVerify(app: BenchApp): Promise<VerifyRun> {
  // The app's own settings: its database, Redis, signing key and checkpoint directory; the migrations are done.
  const env = { ...process.env, ...app.settings, RUN_MIGRATIONS: 'false' };
  const started = performance.now();
  const child = spawn(process.execPath, [builtScript('dist/src/cli.js'), 'audit:verify'], {
    cwd: join(__dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: VerifyRun = {
    seconds: 0,
    exitCode: null,
    finished: false,
    chains: 0,
    chainsOk: 0,
    entries: 0,
    problems: [],
    quarterPeaks: [],
  };
  const samples: { at: number; bytes: number }[] = [];
  const sample = () => {
    const bytes = rssOf(child);
    if (bytes === undefined) return;
    samples.push({ at: seconds(started), bytes });
  };
  const timer = setInterval(sample, 200);
  const limit = setTimeout(() => child.kill('SIGTERM'), VERIFY_LIMIT_SECONDS * 1000);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const ok = /: OK \((\d+) entries/.exec(line);
    if (ok) {
      run.chains++;
      run.chainsOk++;
      run.entries += Number(ok[1]);
    } else if (run.problems.length < 10) run.problems.push(line);
    sample();
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearInterval(timer);
  clearTimeout(limit);
  run.seconds = seconds(started);
  run.exitCode = code;
  run.finished = code !== null;
  run.quarterPeaks = [1, 2, 3, 4].map((quarter) =>
    Math.max(0, ...samples.filter(({ at }) => Math.ceil((at / run.seconds) * 4) === quarter).map(({ bytes }) => bytes)),
  );
  if (stderr.trim()) run.problems.push(...stderr.trim().split('\n').slice(0, 10));
  return run;
}

/** The resident set size of a running child, from /proc (Linux). */
function rssOf(child: ChildProcess): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return kib ? Number(kib[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:scale — ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}; ` +
      `${SIZES.organizations.toLocaleString('en')} organizations, ${SIZES.reports.toLocaleString('en')} reports, ` +
      `${SIZES.auditEntries.toLocaleString('en')} audit entries (BENCH_SCALE ${SCALE}); ${SECONDS} s per measurement`,
  );
  const started = performance.now();
  const targets: Target[] = [];

  const migrations = await timeMigrations();
  console.log(`\nall ${migrations.applied} migrations on an empty database: ${migrations.seconds.toFixed(1)} s`);
  targets.push({
    name: 'migrations from empty',
    figure: `${migrations.seconds.toFixed(1)} s for ${migrations.applied} migrations, target < ${TARGETS.migrationSeconds} s`,
    meets: migrations.seconds < TARGETS.migrationSeconds,
  });

  const password = randomBytes(12).toString('base64url');
  let generated: GeneratedData | undefined;
  console.log('\ngenerating (set-based SQL as the owner role):');
  const app = await startBenchApp({
    load: async (config) =>
      void (generated = await generateNationalData(config, SIZES, password, console.log, () =>
        withAppServices(config, writeFirstEditions),
      )),
  });
  try {
    describeData(generated!);
    const token = await bearerToken(app, planningEmail(MEASURED_CODE), password);
    const { routes, about } = await routesOf(app, token);

    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of every statement the routes run, as the app's role, in ${about}:`);
    const captured = await captureRoutes(app, routes);
    for (const route of routes) {
      const statements = captured.get(route.work)!;
      describePlans(
        route.work,
        statements.length,
        await explainQueries(superuserUrl(app), roleOf(app.config.databaseUrl), statements),
      );
    }

    console.log(`\none organization's view, ${about}:`);
    const measured: { work: string; connections: number; result: LoadResult }[] = [];
    for (const route of routes) {
      const url = `${app.url}/${route.path}`;
      const sample = await sampleResponse(url, route.headers);
      console.log(`\nGET /${route.path} → ${sample.contentType}, ${sample.body.length.toLocaleString('en')} bytes`);
      for (const connections of CONNECTIONS) {
        const result = await measure({ url, headers: route.headers }, { seconds: SECONDS, connections });
        const label = `${route.work} (${connections} connection${connections > 1 ? 's' : ''})`;
        console.log(describeLoad(label, result));
        measured.push({ work: route.work, connections, result });
      }
    }
    const board = routes.find(({ work }) => work === 'year board page')!;
    const boardUrl = `${app.url}/${board.path}`;
    const boardAtOne = measured.find(({ work, connections }) => work === board.work && connections === 1)!.result;
    console.log(
      `\nyear board page after a pause of ${PAUSE_SECONDS} s (one user between two pages), ${PAUSES} times: ` +
        `${(await afterPauses(boardUrl, board.headers)).map(milliseconds).join(', ')}; p50 at one connection ` +
        milliseconds(boardAtOne.p50),
    );
    // The machine's own slowing after idleness, beside the app's: a server with nothing of the app, same bytes.
    const { body, contentType } = await sampleResponse(boardUrl, board.headers);
    const bare = await startBareHttp(body, contentType);
    try {
      const backToBack = await medianOfRequests(bare.url, PAUSE_CONTROL_REQUESTS);
      console.log(
        `the bare server answering its bytes after the same pauses: ` +
          `${(await afterPauses(bare.url)).map(milliseconds).join(', ')}; back to back ${milliseconds(backToBack)} ` +
          `(median of ${PAUSE_CONTROL_REQUESTS})`,
      );
    } finally {
      await bare.stop();
    }
    for (const { work, connections, result } of measured)
      targets.push({
        name: `${work} p99 at ${connections} connection${connections > 1 ? 's' : ''}`,
        figure:
          result.requests > 0
            ? `p50 ${milliseconds(result.p50)}, p99 ${milliseconds(result.p99)}, target p99 < ${TARGETS.readP99Ms} ms`
            : `no answer within the run, target p99 < ${TARGETS.readP99Ms} ms`,
        // A run that saw no answer has no percentiles: it did not meet the target, however autocannon writes them.
        meets: result.requests > 0 && result.p99 < TARGETS.readP99Ms,
      });

    const chains = (
      await app.query<{ chains: number }>(`SELECT count(DISTINCT chain)::int AS chains FROM audit_entries`)
    )[0].chains;
    console.log(
      `\naudit:verify, the operator's command (dist/src/cli.js, built), over every chain (${chains.toLocaleString('en')})`,
    );
    const verify = await runVerify(app);
    const verified = `${verify.entries.toLocaleString('en')} entries in ${verify.chainsOk.toLocaleString('en')} of ${chains.toLocaleString('en')} chains OK`;
    console.log(
      verify.finished
        ? `finished in ${verify.seconds.toFixed(1)} s, exit code ${verify.exitCode}: ${verified}`
        : `stopped after ${VERIFY_LIMIT_SECONDS} s (BENCH_VERIFY_LIMIT_SECONDS): ${verified} by then`,
    );
    for (const problem of verify.problems) console.log(`  ${problem}`);
    const peaks = verify.quarterPeaks.map(mebibytes).join(', ');
    console.log(`RSS of the command, its highest in each quarter of its time: ${peaks}`);
    targets.push({
      name: 'audit:verify',
      figure: verify.finished
        ? `${verify.seconds.toFixed(1)} s for ${verified}, target < ${TARGETS.verifySeconds} s`
        : `not finished in ${VERIFY_LIMIT_SECONDS} s (${verified} by then), target < ${TARGETS.verifySeconds} s`,
      meets: verify.finished && verify.exitCode === 0 && verify.seconds < TARGETS.verifySeconds,
    });
    // Flat: what the command holds does not grow with the entries it has read. The first quarter holds its start.
    const [, early, , late] = verify.quarterPeaks;
    targets.push({
      name: 'audit:verify memory flat',
      figure:
        `highest RSS ${mebibytes(early)} in the second quarter of its time, ${mebibytes(late)} in the last, ` +
        `target last ≤ ${TARGETS.verifyGrowth} × second`,
      meets: late <= early * TARGETS.verifyGrowth,
    });
  } finally {
    await app.close();
  }

  console.log(`\ntargets of issue #16 (one run of ${seconds(started).toFixed(0)} s; not checked, only shown):`);
  for (const { name, figure, meets } of targets)
    console.log(`target ${name}: ${figure} (${meets ? 'meets' : 'below target'})`);
}

/** Milliseconds one GET takes, its body read. */
async function timedRequest(url: string, headers?: Record<string, string>): Promise<number> {
  const started = performance.now();
  await sampleResponse(url, headers);
  return performance.now() - started;
}

/** How long a GET takes after each of PAUSES pauses with nothing else running: what one user waits after reading. */
async function afterPauses(url: string, headers?: Record<string, string>): Promise<number[]> {
  const took: number[] = [];
  for (let pause = 0; pause < PAUSES; pause++) {
    await sleep(PAUSE_SECONDS * 1000);
    took.push(await timedRequest(url, headers));
  }
  return took;
}

/** The median of `count` GETs one after another, after as many to warm up. */
async function medianOfRequests(url: string, count: number): Promise<number> {
  const took: number[] = [];
  for (let request = 0; request < 2 * count; request++) took.push(await timedRequest(url));
  return median(took.slice(count));
}

/** The benchmark's database as the superuser: explained statements switch to the app's role themselves. */
function superuserUrl(app: BenchApp): string {
  const url = new URL(SERVER);
  url.pathname = new URL(app.config.databaseUrl).pathname;
  return url.toString();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
