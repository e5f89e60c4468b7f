import { createHash } from 'node:crypto';

/** What `contentChecksum` returns, for the requests that send one back. */
export const CONTENT_CHECKSUM = /^[0-9a-f]{64}$/;

/**
 * What a form read, in one value: a save sends it back, so a save made from something saved over meanwhile is told
 * apart from a save of it as it is. `value` must be JSON of a fixed order (arrays, or objects built in one order).
 */
export function contentChecksum(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
