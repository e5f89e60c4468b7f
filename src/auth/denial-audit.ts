import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Request } from 'express';
import { NotAMemberException, NotFoundInScopeException, SignInRequiredException } from '../access/access.decorators';
import { AuthenticatedUser } from '../access/actor';
import { auditEvent, AuditLog } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { API_PREFIX } from '../infra/http/api-path';
import { ExceptionObserver } from '../infra/http/http-exception.filter';
import { requestIdOf } from '../infra/http/request-id';
import { AttemptCounters, type Fold } from '../infra/redis/attempt-counters';
import { OrganizationsService } from '../organizations/organizations.service';
import { DENIAL_FOLDS_QUEUE, type DenialFoldJob } from './denial-folds.queue';

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
 * repeats are counted, and when the window closes one entry says how many it folded (repeatsFolded; DenialFoldsProcessor),
 * unless a denial after it came first and carries the count itself. The count goes forward because entries are
 * immutable and hashed into the chain: the first one cannot be updated with it.
 */
@Injectable()
export class DenialAudit implements ExceptionObserver {
  private readonly logger = new Logger(DenialAudit.name);

  constructor(
    private readonly audit: AuditLog,
    private readonly organizations: OrganizationsService,
    private readonly counters: AttemptCounters,
    private readonly config: AppConfig,
    @InjectQueue(DENIAL_FOLDS_QUEUE) private readonly folds: Queue<DenialFoldJob>,
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
    const refusal = createHash('sha256')
      .update(`${actor.userId ?? `address ${actor.ipAddress}`}\n${request.method}\n${path}`)
      .digest('hex');
    const key = `denials:${refusal}`;
    const details = {
      method: request.method,
      path,
      status,
      reason,
      requestedOrganizationId,
      // Said on every entry, so that one entry is read as possibly standing for repeats.
      foldWindowSeconds: this.config.denialAuditWindowSeconds,
    };
    const fold = await this.fold(key);
    if (fold.repeat) {
      // The count starts anew: its window's end is to write it.
      if (fold.folded === 1)
        await this.writeAtClose(`${refusal}-${fold.window.openedAt}`, fold.window.closesInMs, {
          key,
          organizationId,
          // Without the request: the entry is written at the window's end, by no request.
          actor: { userId: actor.userId, roles: actor.roles, ipAddress: actor.ipAddress },
          details,
        });
      return;
    }
    const repeatsFolded = fold.folded > 0 ? { repeatsFolded: fold.folded } : {};
    await this.audit.recordQuietly(
      auditEvent(organizationId, actor, 'access.denied', undefined, { ...details, ...repeatsFolded }),
    );
  }

  /** Without Redis every denial is written: an outage must not hide a probe. */
  private async fold(key: string): Promise<Fold> {
    if (this.config.denialAuditWindowSeconds === 0) return { repeat: false, folded: 0 };
    try {
      return await this.counters.fold(key, this.config.denialAuditWindowSeconds);
    } catch (error) {
      this.logger.warn(`Folding of repeated denials unavailable: ${(error as Error).message}`);
      return { repeat: false, folded: 0 };
    }
  }

  /**
   * Once per window (the job id names it): a client that stops after a burst must still leave its repeats in the log.
   * Should the job not be added, the count waits in Redis for the next entry of the same refusal, as before.
   */
  private async writeAtClose(jobId: string, delay: number, job: DenialFoldJob): Promise<void> {
    try {
      await this.folds.add('close', job, { jobId, delay, removeOnComplete: true });
    } catch (error) {
      this.logger.warn(`Denials folded were left for the next entry: ${(error as Error).message}`);
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
