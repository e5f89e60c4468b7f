import { parse } from 'cookie';
import type { Request, RequestHandler } from 'express';

/**
 * `request.cookies` as the strings the browser sent. cookie-parser also turns a value starting with "j:" into JSON,
 * which no cookie of ours is: a client could hand the CSRF check an object where it splits a string.
 */
export const plainCookies: RequestHandler = (request, _response, next) => {
  request.cookies = request.headers.cookie ? parse(request.headers.cookie) : {};
  next();
};

/** A cookie's value as the browser sent it, if it sent one. */
export function cookieOf(request: Request, name: string): string | undefined {
  return (request.cookies as Record<string, string | undefined> | undefined)?.[name];
}
