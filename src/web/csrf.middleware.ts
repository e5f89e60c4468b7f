import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CsrfProtection } from '../auth/csrf-protection';
import { DenialAudit } from '../auth/denial-audit';

/**
 * The pages' share of CSRF protection: a forged form gets an explanatory page instead of the API's JSON refusal, and
 * every page can put the token in its forms (request.csrfToken()).
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  constructor(
    private readonly csrf: CsrfProtection,
    private readonly denials: DenialAudit,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    this.csrf.pageProtection(request, response, (error?: unknown) => {
      if (!error) return next();
      void this.denials.record(request, HttpStatus.FORBIDDEN, 'The form carried no valid CSRF token.').then(() =>
        response.status(HttpStatus.FORBIDDEN).render('error.njk', {
          title: '送信を受け付けられませんでした',
          message:
            'ページの有効期限が切れたか、このサービスの外から送信されました。前のページに戻って読み込み直し、もう一度送信してください。',
        }),
      );
    });
  }
}
