import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { type BenchApp, startBenchApp } from './support/bench-app';
import { BARE_HTTP, measureBesideBareHttp } from './support/beside-bare-http';
import { CONNECTIONS, ratioLine } from './support/load';
import { mebibytes, sampleRss } from './support/server-process';

/**
 * npm run bench:public — requests per second of the public report page and of a year's open-data CSV, on the demo
 * data, each next to a bare Node `http` server answering the same bytes to the same client for as long, in the same run.
 * A benchmark, not a test.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface PublishedReport {
  code: string;
  reportId: string;
  fiscalYear: number;
}

/** The first published report of the demo data by year (latest) and project name, so every run reads the same one. */
async function publishedReport(app: BenchApp): Promise<PublishedReport> {
  const [row] = await app.query<PublishedReport>(
    `SELECT o.local_government_code AS code, r.id AS "reportId", r.fiscal_year AS "fiscalYear"
       FROM result_reports r JOIN organizations o ON o.id = r.organization_id JOIN grant_projects p ON p.id = r.project_id
      WHERE r.status = 'published' ORDER BY r.fiscal_year DESC, o.local_government_code, p.name LIMIT 1`,
  );
  if (!row) throw new Error('The demo data holds no published report.');
  return row;
}

/** Whether a CDN or reverse proxy may keep the answer, and whether asking again is cheap (304). */
async function describeCaching(url: string, headers: Headers): Promise<string> {
  const header = (name: string) => headers.get(name) ?? '(none)';
  const etag = headers.get('etag');
  const conditional = etag ? `; GET with If-None-Match → ${await conditionalStatus(url, etag)}` : '';
  return `  Cache-Control: ${header('cache-control')}; ETag: ${header('etag')}; Last-Modified: ${header('last-modified')}${conditional}`;
}

/** Through node:http, as a proxy revalidates: fetch() adds `Cache-Control: no-cache` to conditional requests. */
function conditionalStatus(url: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) =>
    get(url, { headers: { 'if-none-match': etag } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    }).on('error', reject),
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:public — ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)}), Node ${process.version}, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per route after a 2 s warm-up`,
  );
  const started = performance.now();
  const app = await startBenchApp();
  console.log(
    `app ready on a throw-away database with the demo data in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  try {
    const rss = sampleRss(app);
    const { code, reportId, fiscalYear } = await publishedReport(app);
    const routes = [
      { work: 'public report page', path: `/public/${code}/reports/${reportId}` },
      { work: 'year CSV', path: `/public/${code}/open-data/${fiscalYear}/kpis.csv` },
    ];
    const ratios: string[] = [];
    for (const { work, path } of routes) {
      const url = `${app.url}${path}`;
      const { ratio } = await measureBesideBareHttp(work, url, {
        seconds: SECONDS,
        describe: (sample) => describeCaching(url, sample.headers),
        appPid: app.pid,
      });
      ratios.push(ratioLine(work, BARE_HTTP, ratio));
    }
    const memory = await rss.stop();
    console.log(
      `\napp RSS: ${mebibytes(memory.startBytes)} at start, peak ${mebibytes(memory.peakBytes)}, ${mebibytes(memory.endBytes)} at the end`,
    );
    console.log(ratios.join('\n'));
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
