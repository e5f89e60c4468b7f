import type { Response } from 'express';

/** How long a cache may serve a public page or file before asking again (ETag/Last-Modified make asking cheap). */
const MAX_AGE_SECONDS = 300;

/**
 * Headers that let a CDN or reverse proxy serve the public record: it changes only when something is published,
 * corrected or withdrawn. Express adds the ETag of the body and answers a matching conditional GET with 304.
 */
export function setPublicCaching(response: Response, lastChangedAt: Date | null): void {
  response.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}, stale-while-revalidate=${MAX_AGE_SECONDS}`);
  if (lastChangedAt) response.setHeader('Last-Modified', lastChangedAt.toUTCString());
}
