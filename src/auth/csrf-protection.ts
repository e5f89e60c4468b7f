import { ForbiddenException, Injectable } from '@nestjs/common';
import { doubleCsrf, type CsrfRequestMethod, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { ExtractJwt } from 'passport-jwt';
import { AppConfig } from '../infra/config/app-config';
import { sessionTokenOf } from './session-cookie';

/** The hidden field every page form carries (see views/macros/forms.njk). */
export const CSRF_FIELD = '_csrf';
/** Where script sends the same token (htmx and API calls made with the session cookie). */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing, so a forged one gains an attacker nothing. */
const SAFE_METHODS: CsrfRequestMethod[] = ['GET', 'HEAD', 'OPTIONS'];

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** A request that changes something without the CSRF token of a page of this site: made elsewhere, or out of date. */
export class ForgedRequestException extends ForbiddenException {}

/**
 * The double-submit CSRF token, bound to the session cookie: a browser attaches that cookie to requests other sites
 * make it send, so every request the cookie authenticates must also carry the token. A bearer token is only ever sent
 * by code that holds it, so bearer requests need none.
 */
@Injectable()
export class CsrfProtection {
  private readonly csrf: DoubleCsrfUtilities;
  /** The page requests whose form carried no valid token, refused once the route they ask for is known. */
  private readonly refusedForms = new WeakSet<Request>();

  constructor(config: AppConfig) {
    this.csrf = doubleCsrf({
      getSecret: () => `${config.authSecret}:csrf`,
      getSessionIdentifier: (request) => sessionTokenOf(request) ?? '',
      // The __Host- prefix needs a Secure cookie, which a plain-http development server cannot set.
      cookieName: config.cookieSecure ? '__Host-kpiv_csrf' : 'kpiv_csrf',
      cookieOptions: { sameSite: 'strict', secure: config.cookieSecure, httpOnly: true, path: '/' },
      ignoredMethods: SAFE_METHODS,
      getCsrfTokenFromRequest: (request) =>
        (request.body as Record<string, string> | undefined)?.[CSRF_FIELD] ?? request.headers[CSRF_HEADER],
    });
  }

  /**
   * Express middleware for the pages: offers request.csrfToken() and notes a form without a valid token, which the
   * access guard refuses. Not here: a form of a page whose sign-in has ended since (timed out, signed out in another
   * tab) carries the token of that sign-in, and its user must hear that they are signed out, not that it was forged.
   */
  readonly pageProtection = (request: Request, response: Response, next: NextFunction): void =>
    this.csrf.doubleCsrfProtection(request, response, (error?: unknown) => {
      if (error !== this.csrf.invalidCsrfTokenError) return next(error);
      this.refusedForms.add(request);
      next();
    });

  /** For a route anyone may call: a page form among them (sign-in, say) must still be one of this site's. */
  assertPublicFormNotForged(request: Request): void {
    if (this.refusedForms.has(request)) throw new ForgedRequestException('The form carried no valid CSRF token.');
  }

  /** For every authenticated request, pages and API alike, once the caller is known. */
  assertNotForged(request: Request): void {
    if (SAFE_METHODS.includes(request.method as CsrfRequestMethod) || bearerToken(request)) return;
    if (this.csrf.validateRequest(request)) return;
    throw new ForgedRequestException(
      `A request signed in by the session cookie must carry the CSRF token in the ${CSRF_HEADER} header ` +
        `(the ${CSRF_FIELD} value of a page of this site). API clients should send Authorization: Bearer <token> instead.`,
    );
  }
}
