import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CsrfProtection } from '../auth/csrf-protection';

/**
 * The pages' share of CSRF protection: every page can put the token in its forms (request.csrfToken()), and a form
 * without a valid one is refused by the access guard, which the pages' filters show as a page.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  constructor(private readonly csrf: CsrfProtection) {}

  use(request: Request, response: Response, next: NextFunction): void {
    this.csrf.pageProtection(request, response, next);
  }
}
