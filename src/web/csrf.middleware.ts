import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { AppConfig } from '../infra/config/app-config';

/** The hidden field every page form carries (see views/macros/forms.njk). */
export const CSRF_FIELD = '_csrf';

/**
 * Double-submit cookie for the web pages' forms, bound to the session cookie. Applied to the web controllers only
 * (WebModule), so API routes keep working with bearer tokens and no CSRF token.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(config: AppConfig) {
    this.csrf = doubleCsrf({
      getSecret: () => `${config.authSecret}:csrf`,
      getSessionIdentifier: (request) => (request.cookies?.[SESSION_COOKIE] as string | undefined) ?? '',
      // The __Host- prefix needs a Secure cookie, which a plain-http development server cannot set.
      cookieName: config.cookieSecure ? '__Host-kpiv_csrf' : 'kpiv_csrf',
      cookieOptions: { sameSite: 'strict', secure: config.cookieSecure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (request) =>
        (request.body as Record<string, string> | undefined)?.[CSRF_FIELD] ?? request.headers['x-csrf-token'],
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    this.csrf.doubleCsrfProtection(request, response, (error?: unknown) => {
      if (!error) return next();
      response.status(HttpStatus.FORBIDDEN).render('error.njk', {
        title: '送信を受け付けられませんでした',
        message:
          'ページの有効期限が切れたか、このサービスの外から送信されました。前のページに戻って読み込み直し、もう一度送信してください。',
      });
    });
  }
}
