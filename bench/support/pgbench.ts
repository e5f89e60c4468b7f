import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { SERVER } from './bench-app';
import { alsoOnInterrupt } from './interrupt';
import { CONNECTIONS, type LoadResult, WARM_UP_SECONDS } from './load';

/**
 * The limit a transition is set beside: PostgreSQL's own TPC-B-like write transaction (`pgbench`, five statements, three
 * updates and an insert) at as many clients as the load generator has connections, on a database of its own on the same
 * server, for as long. Latencies come from pgbench's per-transaction log.
 */
const SCALE = 10;
const run = promisify(execFile);

export interface Pgbench {
  /** A warm-up (not counted), then `seconds` of TPC-B. */
  measure(seconds: number): Promise<LoadResult>;
  /** Drops its database. */
  drop(): Promise<void>;
}

/**
 * pgbench's database, initialized once, to be measured as often as a benchmark needs: the machine's speed for writes
 * drifts within minutes (README), so each transition is set beside the pgbench runs just before and after it.
 */
export async function preparePgbench(): Promise<Pgbench> {
  const server = new URL(SERVER);
  const database = `kpiv_bench_pgbench_${randomBytes(4).toString('hex')}`;
  const connection = ['-h', server.hostname, '-p', server.port || '5432', '-U', decodeURIComponent(server.username)];
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(server.password) };
  const drop = alsoOnInterrupt(() => administer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  await administer(`CREATE DATABASE ${database}`);
  try {
    await run('pgbench', [...connection, '-i', '-q', '-s', String(SCALE), database], { env });
  } catch (error) {
    await drop();
    throw error;
  }
  const bench = (duration: number, ...extra: string[]) =>
    run('pgbench', [...connection, '-c', String(CONNECTIONS), '-j', '2', '-T', String(duration), ...extra, database], {
      env,
    });
  return {
    drop,
    async measure(seconds) {
      const logs = mkdtempSync(join(tmpdir(), 'kpiv-bench-pgbench-'));
      try {
        await bench(WARM_UP_SECONDS);
        const { stdout } = await bench(seconds, '--log', `--log-prefix=${join(logs, 'tx')}`);
        return result(stdout, logs, seconds);
      } finally {
        rmSync(logs, { recursive: true, force: true });
      }
    },
  };
}

/** pgbench's figures from its output and its per-transaction logs in `logs`. */
function result(stdout: string, logs: string, seconds: number): LoadResult {
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  if (!tps || !processed) throw new Error(`pgbench printed no figures:\n${stdout}`);
  // Each log line: client, transaction number, latency in µs, script, epoch seconds, µs.
  const latencies = readdirSync(logs)
    .flatMap((file) => readFileSync(join(logs, file), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000)
    .sort((a, b) => a - b);
  const percentile = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))];
  return {
    requests: Number(processed[1]),
    seconds,
    requestsPerSecond: Number(tps[1]),
    p50: percentile(0.5),
    p99: percentile(0.99),
    non2xx: 0,
  };
}

async function administer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
