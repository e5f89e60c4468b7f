import type { CookieOptions } from 'express';

/** The web pages' session: the same signed token as the API's bearer, kept in an HttpOnly cookie. */
export const SESSION_COOKIE = 'kpiv_session';

export function sessionCookieOptions(secure: boolean, expiresAt?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expiresAt ? { expires: expiresAt } : {}) };
}
