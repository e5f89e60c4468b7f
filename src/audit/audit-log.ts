import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../infra/database/one-statement';
import { Actor } from '../access/actor';
import { type Role, ROLE_LABELS } from '../access/role';
import { Transactions } from '../infra/database/transactions';
import { AuditEntriesRepository, type UnsealedEntry } from './audit-entries.repository';
import { requestIdOf } from '../infra/http/request-id';
import { type AuditAction } from './audit-actions';

export interface AuditActor {
  userId: string | null;
  roles: string[];
  requestId?: string;
  ipAddress?: string;
}

/** Changes made by the system itself: start-up bootstrap, operator CLI commands. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, roles: ['system'] };

/**
 * The roles an entry's actor acted in, in Japanese, for the 監査ログ page and the CSV's 役割名 alike:
 * 「企画政策課・システム管理者」; the system's own role as 「システム」.
 */
export function auditRolesText(roles: string[]): string {
  return roles.map((role) => (role === 'system' ? 'システム' : (ROLE_LABELS[role as Role] ?? role))).join('・');
}

export interface AuditEvent {
  /** Null for events outside any organization (a failed sign-in of an unknown account). */
  organizationId: string | null;
  actor: AuditActor;
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/** The actor as the audit log records it. */
export function auditActorOf(actor: Actor): AuditActor {
  return { userId: actor.userId, roles: actor.roles, requestId: actor.requestId, ipAddress: actor.ipAddress };
}

/** For events before anyone is signed in (sign-in attempts). */
export function anonymousAuditActor(request: Request): AuditActor {
  return { userId: null, roles: [], requestId: requestIdOf(request), ipAddress: request.ip ?? '' };
}

/** The one way to describe what a signed-in actor did: in their organization's chain, with their roles and origin. */
export function actorEvent(
  actor: Actor,
  action: AuditAction,
  entity?: { type: string; id: string },
  details?: Record<string, unknown>,
): AuditEvent {
  return auditEvent(actor.organizationId ?? null, auditActorOf(actor), action, entity, details);
}

/** An event of any AuditActor, for services that also act on the system's behalf (SYSTEM_ACTOR) and so take one. */
export function auditEvent(
  organizationId: string | null,
  actor: AuditActor,
  action: AuditAction,
  entity?: { type: string; id: string },
  details?: Record<string, unknown>,
): AuditEvent {
  return {
    organizationId,
    actor,
    action,
    ...(entity ? { entityType: entity.type, entityId: entity.id } : {}),
    ...(details ? { details } : {}),
  };
}

export function chainOf(organizationId: string | null): string {
  return organizationId ? `org:${organizationId}` : 'platform';
}

/** The organization a chain belongs to (chainOf's inverse); null for the platform chain. */
export function organizationOfChain(chain: string): string | null {
  return chain === 'platform' ? null : chain.slice('org:'.length);
}

/** Writes the audit log: the only code that adds audit entries. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);

  constructor(
    private readonly entries: AuditEntriesRepository,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Inside the caller's transaction: the entry exists exactly when the change it describes does. It is written unsealed
   * and takes no lock, so writers of one organization do not wait for each other; AuditSealer chains it after commit.
   */
  async append(manager: EntityManager, event: AuditEvent): Promise<void> {
    await this.appendAll(manager, [event]);
  }

  /** Many events of one change (an import) in one statement. */
  async appendAll(manager: EntityManager, events: AuditEvent[]): Promise<void> {
    await this.entries.add(manager, entriesOf(events));
  }

  /** The insert of `append`, for a change that sends it with its other rows (insertInOneStatement). */
  appending(manager: EntityManager, event: AuditEvent): Statement | undefined {
    return this.entries.adding(manager, entriesOf([event]));
  }

  /** For events with no surrounding change (sign-ins, denials, exports): its own transaction. */
  async record(event: AuditEvent): Promise<void> {
    await this.transactions.run((manager) => this.append(manager, event));
  }

  /** Like record, but an audit outage must not turn a refusal into a server error; it is logged loudly instead. */
  async recordQuietly(event: AuditEvent): Promise<void> {
    await this.writeQuietly(event.action, (manager) => this.append(manager, event));
  }

  /** Like recordQuietly, for entries of one event that a domain writes in its own transaction (one per organization). */
  async writeQuietly(action: AuditAction, write: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.transactions
      .run(write)
      .catch((error: Error) => this.logger.error(`Could not write audit entry ${action}: ${error.message}`));
  }
}

/** The entries of events that happen together, unsealed, at one time. */
function entriesOf(events: AuditEvent[]): UnsealedEntry[] {
  const occurredAt = new Date();
  return events.map((event) => ({
    chain: chainOf(event.organizationId),
    organizationId: event.organizationId,
    occurredAt,
    actorUserId: event.actor.userId,
    actorRoles: event.actor.roles,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    requestId: event.actor.requestId ?? null,
    ipAddress: event.actor.ipAddress ?? null,
    details: event.details ?? {},
  }));
}
