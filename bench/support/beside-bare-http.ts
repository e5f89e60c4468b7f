import { startBareHttp } from './bare-http';
import { describeLoad, type LoadResult, measure, type SampledResponse, sampleResponse } from './load';

export const BARE_HTTP = 'bare http';

export interface BesideBareHttp {
  measured: LoadResult;
  limit: LoadResult;
  /** measured ÷ limit requests per second. */
  ratio: number;
}

export interface BesideBareHttpOptions {
  seconds: number;
  /** Sent with every request, e.g. a bearer token or a session cookie. */
  headers?: Record<string, string>;
  /** More to say about the route's answer before measuring, e.g. its caching headers. */
  describe?: (sample: SampledResponse) => Promise<string>;
  /** The app's process id: its and PostgreSQL's CPU time a request are counted, as the bare server's are. */
  appPid?: number;
}

/**
 * A GET route measured, then the bare server answering its bytes and content type for as long, in the same run; each
 * printed as one line.
 */
export async function measureBesideBareHttp(
  work: string,
  url: string,
  { seconds, headers = {}, describe, appPid }: BesideBareHttpOptions,
): Promise<BesideBareHttp> {
  const sample = await sampleResponse(url, headers);
  const { pathname, search } = new URL(url);
  console.log(`\nGET ${pathname}${search} → ${sample.contentType}, ${sample.body.length.toLocaleString('en')} bytes`);
  if (describe) console.log(await describe(sample));
  const measured = await measure({ url, headers }, { seconds, cpuOf: appPid });
  console.log(describeLoad(work, measured));
  const bare = await startBareHttp(sample.body, sample.contentType);
  try {
    const limit = await measure({ url: bare.url }, { seconds, cpuOf: appPid === undefined ? undefined : bare.pid });
    console.log(describeLoad(`${BARE_HTTP} (same bytes)`, limit));
    return { measured, limit, ratio: measured.requestsPerSecond / limit.requestsPerSecond };
  } finally {
    await bare.stop();
  }
}
