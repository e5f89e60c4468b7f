import { ForbiddenException, HttpException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { NotAMemberException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { ExceptionObserver } from '../infra/http/http-exception.filter';
import { requestIdOf } from '../infra/http/request-id';

/** Every permission denial is audited, whichever layer refused (access guard or workflow rule), API or page. */
@Injectable()
export class DenialAudit implements ExceptionObserver {
  constructor(private readonly audit: AuditLog) {}

  async observe(exception: unknown, request: Request): Promise<void> {
    if (exception instanceof ForbiddenException || exception instanceof NotAMemberException)
      await this.auditDenial(request, exception);
  }

  private async auditDenial(request: Request, exception: HttpException): Promise<void> {
    const user = request.user as AuthenticatedUser | undefined;
    const organizationId =
      exception instanceof NotAMemberException
        ? null
        : (request.actor?.organizationId ?? stringParam(request.params?.organizationId));
    const actor = {
      userId: user?.userId ?? null,
      roles: request.actor?.roles ?? [],
      requestId: requestIdOf(request),
      ipAddress: request.ip ?? '',
    };
    const details = {
      method: request.method,
      path: request.originalUrl,
      status: exception.getStatus(),
      reason: exception.message,
      requestedOrganizationId: stringParam(request.params?.organizationId),
    };
    await this.audit.recordQuietly(auditEvent(organizationId, actor, 'access.denied', undefined, details));
  }
}

function stringParam(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : null;
}
