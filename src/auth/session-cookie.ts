import type { CookieOptions, Request } from 'express';
import { cookieOf } from '../infra/http/plain-cookies';

/** The web pages' session: the same signed token as the API's bearer, kept in an HttpOnly cookie. */
export const SESSION_COOKIE = 'kpiv_session';

export function sessionCookieOptions(secure: boolean, expiresAt?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expiresAt ? { expires: expiresAt } : {}) };
}

/** The session token the browser sent, if any. */
export function sessionTokenOf(request: Request): string | undefined {
  return cookieOf(request, SESSION_COOKIE);
}
