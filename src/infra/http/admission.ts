import { ServiceUnavailableException } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';

/** Wait before trying again: about as long as the import of a whole year's sheet takes. */
const RETRY_AFTER_SECONDS = 5;

export interface Admission {
  /** Requests of the kind a process works on at once. */
  concurrent: number;
  /** Which requests count; the others pass. */
  counts: (request: Request) => boolean;
  /** What is keeping the process busy, for the refusal's message. */
  busy: string;
}

/**
 * Lets at most `concurrent` requests of a kind in at a time, each until its response has ended, on the routes it is
 * used on (one count over all of them). For work that takes tens of megabytes (reading a 10 MB file, building a whole
 * year's export), of which a few dozen at once ran the API out of its heap. One more is refused before any of it is
 * read or worked on, with 503 and Retry-After: the server has no room for it now, not a fault of the request.
 */
export function admission({ concurrent, counts, busy }: Admission): RequestHandler {
  let admitted = 0;
  return (request, response, next) => {
    if (!counts(request)) return next();
    if (admitted >= concurrent) {
      // HttpExceptionFilter sends retryAfterSeconds as the Retry-After header.
      const message = `${busy}; try again in ${RETRY_AFTER_SECONDS} seconds.`;
      return next(new ServiceUnavailableException({ message, retryAfterSeconds: RETRY_AFTER_SECONDS }));
    }
    admitted += 1;
    response.once('close', () => (admitted -= 1));
    next();
  };
}

/** A body over `bytes`, or one of unknown length (sent in chunks). */
export function bodyLargerThan(bytes: number): (request: Request) => boolean {
  return (request) => {
    const declared = request.headers['content-length'];
    return declared === undefined ? request.headers['transfer-encoding'] !== undefined : Number(declared) > bytes;
  };
}
