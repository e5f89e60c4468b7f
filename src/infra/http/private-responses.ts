import type { RequestHandler } from 'express';
import { isUnder } from './path-prefix';

/** Programs' answers (the API): no cache keeps them, the browser's neither. */
export const PROGRAM_CACHING = 'no-store';
/**
 * Signed-in pages: no shared cache keeps them and the browser asks again before every reuse but its history, whose back
 * button must bring a form back as it was typed (confirmation pages, GOV.UK's pattern): under no-store Chromium answers
 * a page a form posted, in history, with ERR_CACHE_MISS.
 */
export const PAGE_CACHING = 'private, no-cache';

/**
 * Marks every response outside `openPaths` as private and not for crawlers, so that a draft report or a personal page
 * never comes back from a caching proxy or a search engine; under `programPaths` as not to be stored at all. Set before
 * any route or refusal answers, so that error responses and downloads carry it too; the open paths set their own.
 */
export function privateResponses(openPaths: readonly string[], programPaths: readonly string[]): RequestHandler {
  const under = (path: string, prefixes: readonly string[]) => prefixes.some((prefix) => isUnder(path, prefix));
  return (request, response, next) => {
    if (!under(request.path, openPaths)) {
      response.setHeader('Cache-Control', under(request.path, programPaths) ? PROGRAM_CACHING : PAGE_CACHING);
      response.setHeader('X-Robots-Tag', 'noindex');
    }
    next();
  };
}
