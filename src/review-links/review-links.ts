import { HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { actorEvent, AuditActor, auditEvent, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log';
import { AuthService, ClientInfo, SignedInSession } from '../auth/auth.service';
import { newSecretToken, SECRET_TOKEN_PATTERN, secretTokenHash } from '../common/secret-token';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { AttemptCounters } from '../infra/redis/attempt-counters';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { OutboxRepository } from '../outbox/outbox.repository';
import { UsersService } from '../users/users.service';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';
import { ReviewLink } from './review-link.entity';
import { ReviewLinksRepository } from './review-links.repository';
import { ReviewSettingsRepository } from '../reports/reviews/review-settings.repository';

/** The outbox event whose delivery mails a fresh link to the expert (src/notifications/review-link-mail.ts). */
export const REVIEW_LINK_REQUESTED_EVENT = 'review_link.requested';

const DAY_MS = 86_400_000;

/** Why a link opens nothing: an unknown (or tampered) one says no more than that. */
export type ReviewLinkProblem = 'unknown' | 'expired' | 'revoked';

export class ReviewLinkUnusableException extends HttpException {
  constructor(readonly problem: ReviewLinkProblem) {
    super(
      `This link can no longer be used (${problem}).`,
      problem === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE,
    );
  }
}

export class TooManyLinkRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        message: `Too many requests for a new link with this link or from this client. Try again in ${retryAfterSeconds} seconds.`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Until when a link to an assignment due on the date works: the end of that day in Japan plus the days of grace. */
export function linkExpiry(dueDate: string, validDaysAfterDue: number): Date {
  return new Date(new Date(`${dueDate}T00:00:00+09:00`).getTime() + (validDaysAfterDue + 1) * DAY_MS);
}

/** What using a link gave: the session, and the assignment it is limited to. */
export interface OpenedLink {
  session: SignedInSession;
  organizationId: string;
  reportId: string;
  assignmentId: string;
}

/**
 * One-click access for external experts: each mail about an assignment carries a link of its own that opens a session
 * limited to that assignment (see the AccessGuard), with no password. Only the token's hash is stored; every use is
 * audited with the client's address and user agent; the planning division may revoke them.
 */
@Injectable()
export class ReviewLinks {
  private readonly logger = new Logger(ReviewLinks.name);

  constructor(
    private readonly links: ReviewLinksRepository,
    private readonly settings: ReviewSettingsRepository,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly counters: AttemptCounters,
    private readonly config: AppConfig,
  ) {}

  /**
   * Inside the transaction that writes the mail of the event: a new link to the assignment for its expert, or null
   * when the assignment no longer awaits them. The token is returned once and stored nowhere, not even in the audit log.
   */
  async issue(
    manager: EntityManager,
    assignmentId: string,
    expertUserId: string,
    cause: OutboxEvent,
  ): Promise<{ token: string; expiresAt: Date } | null> {
    const assignment = await this.links.findActiveAssignment(manager, assignmentId);
    if (!assignment || assignment.expertUserId !== expertUserId) return null;
    const { linkValidDaysAfterDue } = await this.settings.of(assignment.organizationId, manager);
    const token = newSecretToken();
    const expiresAt = linkExpiry(assignment.dueDate, linkValidDaysAfterDue);
    const link = await this.links.add(manager, {
      organizationId: assignment.organizationId,
      assignmentId,
      tokenHash: secretTokenHash(token),
      expiresAt,
    });
    await this.audit.append(
      manager,
      auditEvent(
        assignment.organizationId,
        actorOfEvent(cause),
        'review_link.issued',
        { type: 'review_assignment', id: assignmentId },
        {
          reportId: assignment.reportId,
          expertUserId,
          reviewLinkId: link.id,
          expiresAt: expiresAt.toISOString(),
          cause: cause.type,
        },
      ),
    );
    return { token, expiresAt };
  }

  /** Whether the link would open its assignment now, or why not (for the page behind the link). */
  async check(token: string): Promise<ReviewLinkProblem | null> {
    const link = SECRET_TOKEN_PATTERN.test(token) ? await this.links.findByTokenHash(secretTokenHash(token)) : null;
    return problemOf(link, link?.assignment ?? null);
  }

  /**
   * The link's holder starts a session limited to its assignment, as the assignment's expert; an earlier session of
   * the same assignment's links ends. Refusals are audited too.
   */
  async use(token: string, client: ClientInfo): Promise<OpenedLink> {
    const tokenHash = SECRET_TOKEN_PATTERN.test(token) ? secretTokenHash(token) : null;
    type Outcome =
      { opened: OpenedLink } | { problem: ReviewLinkProblem; link: ReviewLink | null; expertUserId: string | null };
    const outcome = await this.transactions.run(async (manager): Promise<Outcome> => {
      const link = tokenHash ? await this.links.lockByTokenHash(manager, tokenHash) : null;
      const assignment = link ? await this.links.findActiveAssignment(manager, link.assignmentId) : null;
      const problem = problemOf(link, assignment);
      if (problem) return { problem, link, expertUserId: null };
      // A live link whose expert's account is stopped (停止中): refused as revoked, though known to be theirs.
      if (assignment!.expert?.deactivatedAt)
        return { problem: 'revoked', link, expertUserId: assignment!.expertUserId };
      const { organizationId, reportId, id: assignmentId, expertUserId } = assignment!;
      link!.lastUsedAt = new Date();
      await this.links.save(manager, link!);
      const session = await this.auth.openLinkSession(
        manager,
        expertUserId,
        { organizationId, reportId, assignmentId },
        client,
        link!.expiresAt,
      );
      await this.audit.append(
        manager,
        auditEvent(
          organizationId,
          this.expertActor(expertUserId, client),
          'review_link.used',
          { type: 'review_assignment', id: assignmentId },
          { reviewLinkId: link!.id, reportId, sessionId: session.sessionId, userAgent: client.userAgent ?? null },
        ),
      );
      return { opened: { session, organizationId, reportId, assignmentId } };
    });
    if ('opened' in outcome) return outcome.opened;
    await this.audit.recordQuietly(
      auditEvent(
        outcome.link?.organizationId ?? null,
        { userId: null, roles: [], requestId: client.requestId, ipAddress: client.ip },
        'review_link.refused',
        outcome.link ? { type: 'review_assignment', id: outcome.link.assignmentId } : undefined,
        {
          reason: outcome.problem,
          reviewLinkId: outcome.link?.id ?? null,
          userAgent: client.userAgent ?? null,
          // Only of a live link: one revoked or expired is no longer taken as its expert's (it may have gone astray),
          // and an unknown one names nobody.
          ...(outcome.expertUserId ? { expertUserId: outcome.expertUserId } : {}),
        },
      ),
    );
    throw new ReviewLinkUnusableException(outcome.problem);
  }

  /** The planning division withdraws every link of the assignment; sessions opened with them end too. */
  async revoke(actor: OrganizationActor, reportId: string, assignmentId: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const assignment = await this.links.findAssignment(manager, assignmentId);
      if (assignment?.organizationId !== actor.organizationId || assignment.reportId !== reportId)
        throw new NotFoundException('Assignment not found on this report.');
      const { revokedLinks, endedSessions } = await this.revokeAll(manager, assignment);
      // Pressed again, or for an expert whose links had all ended: nothing to record.
      if (revokedLinks + endedSessions > 0)
        await this.audit.append(
          manager,
          actorEvent(
            actor,
            'review_link.revoked',
            { type: 'review_assignment', id: assignmentId },
            { reportId, expertUserId: assignment.expertUserId, revokedLinks, endedSessions },
          ),
        );
      return revokedLinks;
    });
  }

  /** The assignment ended (removed, dismissed): no link of it works any more and its sessions end. */
  async revokeForEndedAssignment(assignmentId: string, reason: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const assignment = await this.links.findAssignment(manager, assignmentId);
      if (!assignment) return;
      const { revokedLinks, endedSessions } = await this.revokeAll(manager, assignment);
      if (revokedLinks + endedSessions > 0)
        await this.audit.append(
          manager,
          auditEvent(
            assignment.organizationId,
            SYSTEM_ACTOR,
            'review_link.revoked',
            { type: 'review_assignment', id: assignmentId },
            {
              reportId: assignment.reportId,
              expertUserId: assignment.expertUserId,
              revokedLinks,
              endedSessions,
              reason,
            },
          ),
        );
    });
  }

  /**
   * The due date moved (the event says so): the assignment's live links now last until the new date's days of grace
   * end. Each link moved is audited with its old and new expiry; a repeated event moves none and writes nothing.
   */
  async followDueDate(assignmentId: string, cause: OutboxEvent): Promise<void> {
    await this.transactions.run(async (manager) => {
      const assignment = await this.links.findActiveAssignment(manager, assignmentId);
      if (!assignment) return;
      const { linkValidDaysAfterDue } = await this.settings.of(assignment.organizationId, manager);
      const expiresAt = linkExpiry(assignment.dueDate, linkValidDaysAfterDue);
      const moved = await this.links.moveExpiryOf(manager, assignmentId, expiresAt);
      await this.audit.appendAll(
        manager,
        moved.map((link) =>
          auditEvent(
            assignment.organizationId,
            actorOfEvent(cause),
            'review_link.expiry_changed',
            { type: 'review_assignment', id: assignmentId },
            {
              reportId: assignment.reportId,
              expertUserId: assignment.expertUserId,
              reviewLinkId: link.id,
              dueDate: assignment.dueDate,
              from: link.expiresAt.toISOString(),
              to: expiresAt.toISOString(),
            },
          ),
        ),
      );
    });
  }

  /**
   * 新しいリンクをメールで受け取る: if the link belonged to an assignment still awaiting its expert, a fresh link goes
   * to the expert's address on file. The caller learns nothing either way; throttled per link and per client.
   */
  async requestFresh(token: string, client: ClientInfo): Promise<void> {
    const tokenHash = secretTokenHash(token.slice(0, 200));
    await this.throttle(tokenHash, client);
    const link = SECRET_TOKEN_PATTERN.test(token) ? await this.links.findByTokenHash(tokenHash) : null;
    const assignment = link?.assignment ?? null;
    const expert = assignment ? await this.users.get(assignment.expertUserId) : null;
    const active = assignment && ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status) && !expert?.deactivatedAt;
    const origin = { userId: null, roles: [], requestId: client.requestId, ipAddress: client.ip };
    const details = { reviewLinkId: link?.id ?? null, userAgent: client.userAgent ?? null };
    if (!active) {
      await this.audit.recordQuietly(
        auditEvent(
          link?.organizationId ?? null,
          origin,
          'review_link.renewal_refused',
          link ? { type: 'review_assignment', id: link.assignmentId } : undefined,
          {
            ...details,
            reason: !link ? 'unknown_link' : 'assignment_inactive',
            // Whose link it was, as for a request granted; an unknown or mistyped one names nobody.
            ...(assignment ? { expertUserId: assignment.expertUserId } : {}),
          },
        ),
      );
      return;
    }
    await this.transactions.run(async (manager) => {
      await this.outbox.enqueue(manager, [
        {
          organizationId: assignment.organizationId,
          type: REVIEW_LINK_REQUESTED_EVENT,
          reportId: assignment.reportId,
          payload: { assignmentId: assignment.id, expertUserId: assignment.expertUserId },
        },
      ]);
      await this.audit.append(
        manager,
        auditEvent(
          assignment.organizationId,
          origin,
          'review_link.renewal_requested',
          { type: 'review_assignment', id: assignment.id },
          // Whose link and which report, for the log to name them without the assignment at hand.
          { ...details, expertUserId: assignment.expertUserId, reportId: assignment.reportId },
        ),
      );
    });
  }

  private async revokeAll(
    manager: EntityManager,
    assignment: ReviewAssignment,
  ): Promise<{ revokedLinks: number; endedSessions: number }> {
    const revokedLinks = await this.links.revokeAllOf(manager, assignment.id, new Date());
    return { revokedLinks, endedSessions: await this.auth.endLinkSessions(manager, assignment.id) };
  }

  /** The same limits as password reset requests: both mail a link to an address on file. */
  private async throttle(tokenHash: string, client: ClientInfo): Promise<void> {
    let wait: number;
    try {
      wait = await this.counters.admit(
        [
          { key: `review-link-requests:link:${tokenHash}`, limit: this.config.passwordResetMaxRequests },
          { key: `review-link-requests:client:${client.ip}`, limit: this.config.passwordResetMaxRequestsPerIp },
        ],
        this.config.passwordResetWindowSeconds,
      );
    } catch (error) {
      // As for password resets: an outage of Redis (visible in /health) must not stop experts getting back in.
      this.logger.warn(`Review link request throttling unavailable: ${(error as Error).message}`);
      return;
    }
    if (wait > 0) {
      await this.audit.recordQuietly(
        auditEvent(
          null,
          { userId: null, roles: [], requestId: client.requestId, ipAddress: client.ip },
          'review_link.renewal_throttled',
          undefined,
          { userAgent: client.userAgent ?? null },
        ),
      );
      throw new TooManyLinkRequestsException(wait);
    }
  }

  private expertActor(expertUserId: string, client: ClientInfo): AuditActor {
    return { userId: expertUserId, roles: [Role.ExternalExpert], requestId: client.requestId, ipAddress: client.ip };
  }
}

/**
 * The worker issues and moves links on its own, whatever the event (a planner's step, a reminder, an anonymous request
 * for a fresh link): the system acts, with the event as its request (`outbox:<event id>`, as for alternates the worker
 * invites). Whoever caused the event is named in that event's own entry.
 */
function actorOfEvent(event: OutboxEvent): AuditActor {
  return { ...SYSTEM_ACTOR, requestId: `outbox:${event.id}` };
}

/** Why the link (and its assignment, if still awaiting the expert) opens nothing now, or null if it opens it. */
function problemOf(link: ReviewLink | null, activeAssignment: ReviewAssignment | null): ReviewLinkProblem | null {
  if (!link) return 'unknown';
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt <= new Date()) return 'expired';
  // An assignment no longer awaiting its expert (declined, removed) is as good as revoked for its links.
  if (!activeAssignment || !ACTIVE_ASSIGNMENT_STATUSES.includes(activeAssignment.status)) return 'revoked';
  return null;
}
