import type { CookieOptions, Request, Response } from 'express';
import { cookieOf } from '../infra/http/plain-cookies';
import { requestIdOf } from '../infra/http/request-id';
import type { ClientInfo, SignedInSession } from './auth.service';

/** The web pages' session: the same signed token as the API's bearer, kept in an HttpOnly cookie. */
export const SESSION_COOKIE = 'kpiv_session';

export function sessionCookieOptions(secure: boolean, expiresAt?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expiresAt ? { expires: expiresAt } : {}) };
}

/** The session token the browser sent, if any. */
export function sessionTokenOf(request: Request): string | undefined {
  return cookieOf(request, SESSION_COOKIE);
}

/** Whether the response starts or ends the browser's session: it sets or clears the session cookie. */
export function setsSessionCookie(response: Response): boolean {
  const cookies = [response.getHeader('set-cookie') ?? []].flat();
  return cookies.some((cookie) => String(cookie).startsWith(`${SESSION_COOKIE}=`));
}

/** Where a sign-in comes from, as its session and audit entry record it. */
export function clientOf(request: Request): ClientInfo {
  return { ip: request.ip ?? 'unknown', requestId: requestIdOf(request), userAgent: request.headers['user-agent'] };
}

/** Hands the browser a session just started, for as long as the session lasts. */
export function setSessionCookie(
  response: Response,
  session: Pick<SignedInSession, 'accessToken' | 'expiresAt'>,
  secure: boolean,
): void {
  response.cookie(SESSION_COOKIE, session.accessToken, sessionCookieOptions(secure, session.expiresAt));
}
