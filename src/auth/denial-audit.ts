import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { NotAMemberException, NotFoundInScopeException, SignInRequiredException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { API_PREFIX } from '../infra/http/api-path';
import { ExceptionObserver } from '../infra/http/http-exception.filter';
import { requestIdOf } from '../infra/http/request-id';
import { AttemptCounters } from '../infra/redis/attempt-counters';
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
 * dashboard), API or page, in the chain of the organization the URL names when it exists, so its administrators see
 * who probed it; otherwise in the platform chain. A client repeating a refused request must not grow the log without
 * bound: the first denial of the same person (or client address), method and path within the window is written, the
 * repeats are counted, and the next one written after the window says how many it folded (repeatsFolded). The count
 * goes forward because entries are immutable and hashed into the chain: the first one cannot be updated with it.
 */
@Injectable()
export class DenialAudit implements ExceptionObserver {
  private readonly logger = new Logger(DenialAudit.name);

  constructor(
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationsService,
    private readonly counters: AttemptCounters,
    private readonly config: AppConfig,
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
    const path = auditedPath(request.originalUrl);
    const repeatsFolded = await this.fold(actor.userId ?? `address ${actor.ipAddress}`, request.method, path);
    if (repeatsFolded === null) return;
    const details = {
      method: request.method,
      path,
      status,
      reason,
      requestedOrganizationId,
      // Said on every entry, so that one entry is read as possibly standing for repeats.
      foldWindowSeconds: this.config.denialAuditWindowSeconds,
      ...(repeatsFolded > 0 ? { repeatsFolded } : {}),
    };
    await this.audit.recordQuietly(auditEvent(organizationId, actor, 'access.denied', undefined, details));
  }

  /**
   * Null for a repeat within the window; else the repeats folded since the last entry. Without Redis every denial is
   * written: an outage must not hide a probe.
   */
  private async fold(who: string, method: string, path: string): Promise<number | null> {
    if (this.config.denialAuditWindowSeconds === 0) return 0;
    const key = `denials:${createHash('sha256').update(`${who}\n${method}\n${path}`).digest('hex')}`;
    try {
      return await this.counters.fold(key, this.config.denialAuditWindowSeconds);
    } catch (error) {
      this.logger.warn(`Folding of repeated denials unavailable: ${(error as Error).message}`);
      return 0;
    }
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
