import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { NotAMemberException, NotFoundInScopeException, SignInRequiredException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { API_PREFIX } from '../infra/http/api-path';
import { ExceptionObserver } from '../infra/http/http-exception.filter';
import { requestIdOf } from '../infra/http/request-id';
import { OrganizationsService } from '../organizations/organizations.service';

/** The organization an API route (/api/v1/organizations/:id) or a page (/o/:id) names. */
const ORGANIZATION_IN_URL = new RegExp(
  `^/(?:${API_PREFIX}/organizations|o)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]|$)`,
  'i',
);

/**
 * Enough of a URL to see what was probed: a longer one (any client can send a 14,000-character query) would only grow a
 * log that is never pruned.
 */
const MAX_AUDITED_PATH = 500;

/**
 * Every denial is audited, whichever layer refused (access guard, workflow rule, scope of a lookup, CSRF check, queue
 * dashboard), API or page: one 'access.denied' entry per refused request, in the chain of the organization the URL
 * names when it exists, so its administrators see who probed it; otherwise in the platform chain.
 */
@Injectable()
export class DenialAudit implements ExceptionObserver {
  constructor(
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationsService,
  ) {}

  async observe(exception: unknown, request: Request): Promise<void> {
    const status = deniedStatus(exception);
    if (!status) return;
    // A person whose sign-in ended is still that person; a refusal that tells the caller less keeps the real reason.
    const endedUserId = exception instanceof SignInRequiredException ? exception.userId : null;
    const reason = exception instanceof NotAMemberException ? exception.auditedReason : (exception as Error).message;
    await this.record(request, status, reason, endedUserId);
  }

  private async record(request: Request, status: number, reason: string, endedUserId: string | null): Promise<void> {
    const user = request.user as AuthenticatedUser | undefined;
    const requestedOrganizationId = ORGANIZATION_IN_URL.exec(request.originalUrl)?.[1]?.toLowerCase() ?? null;
    // Like the entry itself (recordQuietly), the lookup must not turn a refusal into a server error.
    const organizationId =
      requestedOrganizationId && (await this.organizations.exists(requestedOrganizationId).catch(() => false))
        ? requestedOrganizationId
        : null;
    const actor = {
      userId: user?.userId ?? endedUserId,
      roles: request.actor?.roles ?? [],
      requestId: requestIdOf(request),
      ipAddress: request.ip ?? '',
    };
    const details = {
      method: request.method,
      path: auditedPath(request.originalUrl),
      status,
      reason,
      requestedOrganizationId,
    };
    await this.audit.recordQuietly(auditEvent(organizationId, actor, 'access.denied', undefined, details));
  }
}

function auditedPath(url: string): string {
  return url.length > MAX_AUDITED_PATH ? `${url.slice(0, MAX_AUDITED_PATH)}…` : url;
}

/**
 * The status of a refusal, or null for any other error. A 404 counts only when a scope refused (an unknown URL or id is
 * not a denial), a 401 only from the access gates (a failed sign-in is audited by the sign-in); a 403 always, also
 * from Express middleware (http-errors).
 */
function deniedStatus(exception: unknown): number | null {
  if (
    exception instanceof NotAMemberException ||
    exception instanceof NotFoundInScopeException ||
    exception instanceof SignInRequiredException
  )
    return exception.getStatus();
  const status =
    exception instanceof HttpException ? exception.getStatus() : (exception as { status?: unknown } | null)?.status;
  return status === HttpStatus.FORBIDDEN ? status : null;
}
