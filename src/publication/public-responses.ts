import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** A public page or file as it was sent: enough to send it again without building it. */
export interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: string | Buffer;
}

/** The headers a public response is made of; the rest (request id, security headers, ETag) each response gets anew. */
export const STORED_HEADERS = [
  'content-type',
  'cache-control',
  'last-modified',
  'content-disposition',
  'link',
  'access-control-allow-origin',
  'cross-origin-resource-policy',
];

const MAX_BYTES = 64 * 2 ** 20;
/** Longer addresses than any link of ours makes: answered, but not kept, so made-up queries cannot crowd the pages out. */
const MAX_KEPT_URL = 1000;
/** As long as shared caches may keep a page (public-caching.ts): what a reader sees is never older in either. */
const TTL_MS = 300_000;

/**
 * Public pages and files already built, by address and by the stamp of the public record they were built from (see
 * PublicRecordService.changedAt): a publication, correction, withdrawal or settings change gives a new stamp, so
 * an entry is never served after what it shows changed. Bounded in the bytes it holds; the least recently used go
 * first.
 */
@Injectable()
export class PublicResponses {
  private readonly responses = new LRUCache<string, StoredResponse>({
    maxSize: MAX_BYTES,
    // What the entry holds in memory, key included: a string may take two bytes a character (UTF-16).
    sizeCalculation: (response, key) => 2 * key.length + stringBytes(response.body) + 512,
    ttl: TTL_MS,
  });

  get(stamp: string, url: string): StoredResponse | undefined {
    return this.responses.get(`${stamp} ${url}`);
  }

  set(stamp: string, url: string, response: StoredResponse): void {
    if (url.length <= MAX_KEPT_URL) this.responses.set(`${stamp} ${url}`, response);
  }

  /** What the kept responses hold, as counted against the bound. */
  get heldBytes(): number {
    return this.responses.calculatedSize;
  }
}

function stringBytes(body: string | Buffer): number {
  return typeof body === 'string' ? 2 * body.length : body.length;
}
