import { cpus, loadavg } from 'node:os';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { apiPath } from '../src/infra/http/api-path';
import { ReportStatus } from '../src/reports/rules/report-status';
import { type BenchApp, bearerToken, loadDemoData, startBenchApp } from './support/bench-app';
import { BARE_HTTP, measureBesideBareHttp } from './support/beside-bare-http';
import { CONNECTIONS, cpuMilliseconds, describeLoad, type LoadResult, measure, ratioLine } from './support/load';
import { preparePgbench } from './support/pgbench';
import { mebibytes, sampleRss, SERVER_POOL_SIZE, SERVER_PROCESSES } from './support/server-process';
import { prepareDrafts, settled, walk, WRITE_ORGANIZATION } from './support/transitions';

/**
 * npm run bench:api — the API at 32 connections on the demo data: reads (a report, the report list with filters, the
 * year board page) each next to a bare Node `http` server answering the same bytes, and transitions (submit, accept,
 * evaluate) of one organization each next to pgbench's TPC-B at 32 clients (the mean of a run just before and one just
 * after), all in the same run, with the API's RSS through it; the targets of issue #16 beside the figures. A benchmark,
 * not a test: it fails on errors, never on a target.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Drafts prepared for the transitions: each request moves a report of its own on, so a run uses them up. */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 8000);
const PGBENCH = 'pgbench';

/** The reads live in 旭川市 (its published year, as demo-loaded); the transitions in 釧路市, on drafts made for them. */
const READ_ORGANIZATION = '012041';

const TARGETS = {
  read: { ratio: 0.25, p99: 50, limit: BARE_HTTP },
  transition: { ratio: 0.15, p99: 150, limit: PGBENCH },
  rssMebibytes: 250,
};

interface Measured {
  work: string;
  result: LoadResult;
  ratio: number;
  target?: (typeof TARGETS)['read'];
}

async function readRoutes(app: BenchApp) {
  const [read] = await app.query<{
    organizationId: string;
    reportId: string;
    fiscalYear: number;
    departmentId: string;
  }>(
    `SELECT o.id AS "organizationId", r.id AS "reportId", r.fiscal_year AS "fiscalYear", p.department_id AS "departmentId"
       FROM result_reports r JOIN organizations o ON o.id = r.organization_id JOIN grant_projects p ON p.id = r.project_id
      WHERE o.local_government_code = $1 AND r.status = 'published' ORDER BY r.fiscal_year DESC, p.name LIMIT 1`,
    [READ_ORGANIZATION],
  );
  if (!read) throw new Error('The demo data holds no published report.');
  const token = await bearerToken(app, 'planning@asahikawa.example.jp');
  const bearer = { authorization: `Bearer ${token}` };
  const reports = apiPath(`organizations/${read.organizationId}/reports`);
  const filters = new URLSearchParams({
    fiscalYear: String(read.fiscalYear),
    status: ReportStatus.Published,
    departmentId: read.departmentId,
  });
  return [
    { work: 'report GET', path: `${reports}/${read.reportId}`, headers: bearer, target: TARGETS.read },
    { work: 'report list', path: `${reports}?${filters.toString()}`, headers: bearer, target: TARGETS.read },
    {
      // As the browser asks for it: the same token in the session cookie.
      work: 'year board page',
      path: `o/${read.organizationId}/board?fiscalYear=${read.fiscalYear}`,
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    },
  ];
}

async function transitions(app: BenchApp) {
  const [write] = await app.query<{ organizationId: string; expertId: string }>(
    `SELECT o.id AS "organizationId", u.id AS "expertId" FROM organizations o, users u
      WHERE o.local_government_code = $1 AND u.email = 'expert@panel.example.jp'`,
    [WRITE_ORGANIZATION],
  );
  const owner = await bearerToken(app, 'owner@kushiro.example.jp');
  const planning = await bearerToken(app, 'planning@kushiro.example.jp');
  const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    organizationId: write.organizationId,
    steps: [
      { work: 'submit', route: 'submit', from: ReportStatus.Draft, token: owner, body: {} },
      {
        work: 'accept',
        route: 'accept',
        from: ReportStatus.Submitted,
        token: planning,
        body: { experts: [write.expertId], dueDate },
      },
      {
        work: 'evaluate',
        route: 'evaluate',
        from: ReportStatus.InExpertReview,
        token: planning,
        body: { rating: 'effective', opinion: '外部有識者の意見を取りまとめた (bench)' },
      },
    ],
  };
}

/**
 * What each request cost the two sides that share the cores (the API process with all its threads, and PostgreSQL),
 * what those cores could give at that cost were nothing else running, and how little a request may cost for the target:
 * the arithmetic behind a ratio, whatever the machine's day.
 */
function cpuBudgetLine({ work, result, ratio, target }: Measured): string | undefined {
  if (!target || !result.cpu) return undefined;
  const spent = result.cpu.server + result.cpu.postgres;
  const cores = cpus().length;
  const limitPerSecond = result.requestsPerSecond / ratio;
  const ceiling = (cores * 1000) / spent;
  const allowed = (cores * 1000) / (target.ratio * limitPerSecond);
  return (
    `${work}: ${cpuMilliseconds(spent)} of CPU a request (API ${cpuMilliseconds(result.cpu.server)}, PostgreSQL ` +
    `${cpuMilliseconds(result.cpu.postgres)}); ${cores} cores give at most ${ceiling.toFixed(0)}/s at that, ` +
    `${(ceiling / limitPerSecond).toFixed(3)} of ${target.limit}; ${target.ratio} of it leaves ${cpuMilliseconds(allowed)} a request`
  );
}

function targetLine({ work, result, ratio, target }: Measured): string | undefined {
  if (!target) return undefined;
  const meets = ratio >= target.ratio && result.p99 < target.p99;
  const figures = `${ratioLine(work, target.limit, ratio).replace(/^ratio /, '')}, p99 ${result.p99.toFixed(0)} ms`;
  return `target ${work}: ≥ ${target.ratio} of ${target.limit} and p99 < ${target.p99} ms — ${meets ? 'meets' : 'below target'} (${figures})`;
}

async function main(): Promise<void> {
  console.log(
    `bench:api — ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per measurement after a 2 s warm-up, the app and the bare server each ` +
      `on ${SERVER_PROCESSES} processes (API_PROCESSES), the app's with ${SERVER_POOL_SIZE} database connections each ` +
      `(DATABASE_POOL_SIZE)`,
  );
  const started = performance.now();
  let drafts: string[] = [];
  const app = await startBenchApp({
    load: (config) => loadDemoData(config, async (context) => void (drafts = await prepareDrafts(context, REPORTS))),
  });
  console.log(
    `app ready on a throw-away database with the demo data and ${drafts.length} drafts of ${WRITE_ORGANIZATION} ` +
      `in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  try {
    const rss = sampleRss(app);
    const measured: Measured[] = [];
    for (const { work, path, headers, target } of await readRoutes(app)) {
      const { measured: result, ratio } = await measureBesideBareHttp(work, `${app.url}/${path}`, {
        seconds: SECONDS,
        headers,
        appPid: app.pid,
      });
      measured.push({ work, result, ratio, target });
    }

    const { organizationId, steps } = await transitions(app);
    console.log(
      `\ntransitions in one organization (${WRITE_ORGANIZATION}), each request on a report of its own, each between ` +
        `two runs of ${PGBENCH} TPC-B (scale 10, ${CONNECTIONS} clients, its own database on the same server)`,
    );
    const pgbench = await preparePgbench();
    try {
      const limit = async () => {
        const result = await pgbench.measure(SECONDS);
        console.log(describeLoad(PGBENCH, result, 'tps'));
        return result;
      };
      let before = await limit();
      for (const [index, { work, route, from, token, body }] of steps.entries()) {
        const reportIds = (
          await app.query<{ id: string }>(
            `SELECT id FROM result_reports WHERE id = ANY($1) AND status = $2 ORDER BY created_at, id`,
            [drafts, from],
          )
        ).map(({ id }) => id);
        // The evaluation waits for the expert's opinion: written in place, as it is not what is measured.
        if (route === 'evaluate')
          await app.query(
            `UPDATE review_assignments SET status = 'accepted', responded_at = now(), conflict_of_interest = 'none',
               rating = 'effective', opinion = '有効である (bench)', opinion_submitted_at = now()
             WHERE report_id = ANY($1) AND status = 'pending'`,
            [reportIds],
          );
        const walking = walk(app, organizationId, reportIds, route, token, body);
        const run = async (seconds: number) =>
          measure(walking.target, { seconds, remaining: walking.remaining, cpuOf: app.pid }).catch((error: Error) => {
            throw new Error(`${work}: ${error.message}; first refusal: ${walking.refusal() ?? '(none)'}`);
          });
        const result = await run(SECONDS);
        const ranOut = walking.remaining() === 0 && result.seconds < SECONDS - 0.5;
        // The next step's reports are the ones this step moved: half a run more (not measured), so that it has enough.
        if (index < steps.length - 1 && walking.remaining() > 0) await run(SECONDS / 2);
        await settled(app, reportIds, from);
        const note = ranOut
          ? `  (ran out: all ${reportIds.length} reports ${from} used; BENCH_REPORTS prepares more drafts)`
          : '';
        console.log(`${describeLoad(work, result)}${note}`);
        const after = await limit();
        const tps = (before.requestsPerSecond + after.requestsPerSecond) / 2;
        measured.push({ work, result, ratio: result.requestsPerSecond / tps, target: TARGETS.transition });
        before = after;
      }
    } finally {
      await pgbench.drop();
    }

    const memory = await rss.stop();
    console.log(
      `\napp RSS: ${mebibytes(memory.startBytes)} at start, peak ${mebibytes(memory.peakBytes)}, ${mebibytes(memory.endBytes)} at the end`,
    );
    console.log(
      measured.map(({ work, ratio, target }) => ratioLine(work, target?.limit ?? BARE_HTTP, ratio)).join('\n'),
    );
    console.log('\nCPU a request, beside what the targets allow (the load generator uses the same cores too):');
    for (const line of measured.map(cpuBudgetLine)) if (line) console.log(line);
    console.log('\ntargets of issue #16 (same run; not checked, only shown):');
    for (const line of measured.map(targetLine)) if (line) console.log(line);
    const rssMeets = memory.peakBytes < TARGETS.rssMebibytes * 2 ** 20;
    console.log(
      `target API RSS: < ${TARGETS.rssMebibytes} MiB through the run — ${rssMeets ? 'meets' : 'below target'} ` +
        `(peak ${mebibytes(memory.peakBytes)})`,
    );
  } finally {
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
