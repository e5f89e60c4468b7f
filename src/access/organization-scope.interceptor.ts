import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { type Observable } from 'rxjs';
import { inOrganizationScope } from '../infra/database/organization-scope';

/**
 * Puts a request under its organization once the access guard has admitted the caller there, so its transactions are
 * also confined by the database's row-level security: a second wall behind the app's own organization scoping.
 */
@Injectable()
export class OrganizationScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const organizationId =
      context.getType() === 'http' ? context.switchToHttp().getRequest<Request>().actor?.organizationId : undefined;
    // Nest binds the handler to the async context in which handle() is called.
    return organizationId ? inOrganizationScope(organizationId, () => next.handle()) : next.handle();
  }
}
