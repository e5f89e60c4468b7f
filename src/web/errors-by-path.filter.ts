import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request } from 'express';
import { HttpExceptionFilter } from '../infra/http/http-exception.filter';
import { isUnder } from '../infra/http/path-prefix';
import { PublicExceptionFilter } from './public/public-exception.filter';
import { WebExceptionFilter } from './web-exception.filter';

/** Paths whose callers are programs (the API, health checks): their errors are the API's JSON body. */
export const PROGRAM_PATHS = ['/api', '/health'];

/**
 * Errors that no controller's filter answered, in the shape their reader expects. Besides the API's own errors these
 * are the refusals before any route: a URL that no route serves, a body too large or unreadable, no room for a large
 * file now. Under /api/ and /health they are the API's JSON body; under /public/ the public site's error page (no
 * sign-in, cacheable); elsewhere the error page, since a person typed the link or sent the form.
 * The only global filter (configure-app.ts): the pages' controllers have their own.
 */
@Catch()
export class ErrorsByPathFilter implements ExceptionFilter {
  constructor(
    private readonly api: HttpExceptionFilter,
    private readonly pages: WebExceptionFilter,
    private readonly publicPages: PublicExceptionFilter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const path = host.switchToHttp().getRequest<Request>().path;
    if (PROGRAM_PATHS.some((prefix) => isUnder(path, prefix))) return this.api.catch(exception, host);
    if (isUnder(path, '/public')) return this.publicPages.catch(exception, host);
    return this.pages.catch(exception, host);
  }
}
