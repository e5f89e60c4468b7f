import type { RequestHandler } from 'express';
import { isUnder } from './path-prefix';

/**
 * Marks every response outside `openPaths` as one that no cache may keep and no crawler may list, so that a draft
 * report or a personal page never comes back from a caching proxy or a shared PC's back button. Set before any route
 * or refusal answers, so that error responses and downloads carry it too; the open paths set their own caching.
 */
export function privateResponses(openPaths: readonly string[]): RequestHandler {
  return (request, response, next) => {
    if (!openPaths.some((prefix) => isUnder(request.path, prefix))) {
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('X-Robots-Tag', 'noindex');
    }
    next();
  };
}
