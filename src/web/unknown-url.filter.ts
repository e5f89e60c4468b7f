import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { HttpExceptionFilter } from '../infra/http/http-exception.filter';
import { PublicExceptionFilter } from './public/public-exception.filter';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * A 404 that no controller's filter answered, above all the router's for a URL that no route serves: under /api/
 * the API's JSON body, under /public/ the public site's error page (no sign-in, cacheable), elsewhere the error page,
 * since a person typed or followed the link. Registered as a global
 * filter after the API's (configure-app.ts), so it sees only NotFoundException.
 */
@Catch(NotFoundException)
export class UnknownUrlFilter implements ExceptionFilter {
  constructor(
    private readonly api: HttpExceptionFilter,
    private readonly pages: WebExceptionFilter,
    private readonly publicPages: PublicExceptionFilter,
  ) {}

  catch(exception: NotFoundException, host: ArgumentsHost): Promise<void> {
    const path = host.switchToHttp().getRequest<Request>().path;
    if (path === '/api' || path.startsWith('/api/')) return this.api.catch(exception, host);
    if (path === '/public' || path.startsWith('/public/')) return this.publicPages.catch(exception, host);
    return this.pages.catch(exception, host);
  }
}
