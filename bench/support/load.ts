import autocannon from 'autocannon';
import { countCpu, type CpuPerRequest } from './cpu';

/** Concurrent clients of every measurement (the figures in README are at 32). */
export const CONNECTIONS = 32;
export const WARM_UP_SECONDS = 2;

/** What to request: one URL, or autocannon's `requests` for a sequence (e.g. a different report on each). */
export type Target = Pick<autocannon.Options, 'url' | 'method' | 'headers' | 'body' | 'requests'>;

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  non2xx: number;
  /** With LoadRun.cpuOf: what the server process and PostgreSQL spent on each request of the measured run. */
  cpu?: CpuPerRequest;
}

export interface LoadRun {
  seconds: number;
  /** Concurrent clients; CONNECTIONS unless said (one: what a single user waits for, without queueing). */
  connections?: number;
  /** Answers other than 2xx fail the run unless allowed: a fast error page must not pass for a fast page. */
  allowNon2xx?: boolean;
  /**
   * For work that uses something up with each request (a report that a transition moves on): how many requests are
   * left. The warm-up and the run then each end after their time or when none are left, whichever comes first.
   */
  remaining?: () => number;
  /** With `remaining`: at most this many requests. */
  amount?: number;
  /** The server's process id, to count its and PostgreSQL's CPU time through the measured run. */
  cpuOf?: number;
}

/**
 * A warm-up (not counted), then the measured run at the run's connections (CONNECTIONS unless said). Connection errors
 * always fail it.
 * A limit is measured for as long as the work beside it: runs of equal length, not of an equal number of requests,
 * since a bare server answers a few thousand requests in a tenth of a second, too short to measure.
 */
export async function measure(target: Target, run: LoadRun): Promise<LoadResult> {
  // A warm-up of work that uses something up takes a fifth of it at most, so that most is left to measure.
  const left = run.remaining?.();
  await load(target, WARM_UP_SECONDS, left === undefined ? run : { ...run, amount: Math.ceil(left / 5) });
  const cpu = run.cpuOf === undefined ? undefined : countCpu(run.cpuOf);
  const result = await load(target, run.seconds, run);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    cpu: cpu?.perRequest(result.requests.total),
  };
}

async function load(target: Target, seconds: number, run: LoadRun): Promise<autocannon.Result> {
  const url = `${target.method ?? 'GET'} ${target.url}`;
  const connections = run.connections ?? CONNECTIONS;
  const amount = run.amount ?? run.remaining?.();
  if (amount === undefined) return checked(url, await autocannon({ ...target, duration: seconds, connections }), run);
  if (amount < 1) throw new Error(`${url}: nothing left to request; prepare more before measuring.`);
  // Without a callback autocannon returns its instance, which is also the promise of the result.
  const instance = autocannon({
    ...target,
    amount,
    connections: Math.min(connections, amount),
  }) as Promise<autocannon.Result> & Pick<autocannon.Instance, 'stop'>;
  const timer = setTimeout(() => instance.stop(), seconds * 1000);
  try {
    return checked(url, await instance, run);
  } finally {
    clearTimeout(timer);
  }
}

function checked(url: string, result: autocannon.Result, { allowNon2xx = false }: LoadRun): autocannon.Result {
  if (result.errors > 0)
    throw new Error(`${url}: ${result.errors} connection errors (${result.timeouts} timeouts); is the server up?`);
  if (result.non2xx > 0 && !allowNon2xx)
    throw new Error(
      `${url}: ${result.non2xx} of ${result.requests.total} answers were not 2xx ` +
        `(3xx ${result['3xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}); fix the route or the data before measuring.`,
    );
  return result;
}

const milliseconds = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
/** The middle of `values` (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU time a request: small, so two significant digits. */
export const cpuMilliseconds = (value: number) => `${value.toPrecision(2)} ms`;

/** One line per measurement: `public report page   612 req/s  p50 51 ms  p99 88 ms  (6,150 requests in 10.0 s)`. */
export function describeLoad(label: string, result: LoadResult, unit = 'req/s'): string {
  const rate = `${result.requestsPerSecond.toFixed(0)} ${unit}`;
  const extra = result.non2xx > 0 ? `, ${result.non2xx} non-2xx` : '';
  const cpu = result.cpu
    ? `; CPU a request: server ${cpuMilliseconds(result.cpu.server)}, PostgreSQL ${cpuMilliseconds(result.cpu.postgres)}`
    : '';
  return (
    `${label.padEnd(32)} ${rate.padStart(12)}  p50 ${milliseconds(result.p50).padStart(7)}  p99 ${milliseconds(result.p99).padStart(7)}` +
    `  (${result.requests.toLocaleString('en')} requests in ${result.seconds.toFixed(1)} s${extra}${cpu})`
  );
}

/** `ratio <work> / <limit>: 0.31`, the line every benchmark prints per comparison (two significant digits below 0.1). */
export function ratioLine(work: string, limit: string, ratio: number): string {
  return `ratio ${work} / ${limit}: ${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}`;
}

export interface SampledResponse {
  headers: Headers;
  body: Buffer;
  contentType: string;
}

/** One request before measuring: it must succeed, and its body is what the limit beside the route answers. */
export async function sampleResponse(url: string, headers: Record<string, string> = {}): Promise<SampledResponse> {
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.toString('utf8').slice(0, 300)}`);
  return { headers: response.headers, body, contentType: response.headers.get('content-type') ?? 'text/plain' };
}
