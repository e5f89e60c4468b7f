import { ServiceUnavailableException } from '@nestjs/common';
import type { RequestHandler } from 'express';

/** Wait before sending a large body again: about as long as the import of a whole year's sheet takes. */
const RETRY_AFTER_SECONDS = 5;

export interface LargeBodyAdmission {
  /** Bodies above `above` bytes (or of unknown length) that a process reads and works on at once. */
  concurrent: number;
  above: number;
}

/**
 * Lets at most `concurrent` large bodies in at a time, each until its response has ended, on the routes it is used on
 * (one count over all of them): reading a 10 MB body and working on it takes several times its size in memory, and two
 * dozen at once ran the API out of its heap. One more is refused before anything of it is read, with 503 and
 * Retry-After: the server has no room for it now, not a fault of the request.
 */
export function largeBodyAdmission({ concurrent, above }: LargeBodyAdmission): RequestHandler {
  let admitted = 0;
  return (request, response, next) => {
    const declared = request.headers['content-length'];
    const large =
      declared === undefined ? request.headers['transfer-encoding'] !== undefined : Number(declared) > above;
    if (!large) return next();
    if (admitted >= concurrent) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return next(
        new ServiceUnavailableException(
          `Other large files are being read right now; send this one again in ${RETRY_AFTER_SECONDS} seconds.`,
        ),
      );
    }
    admitted += 1;
    response.once('close', () => (admitted -= 1));
    next();
  };
}
