import type { Request } from 'express';
import { AuditActor } from '../audit/audit-log';
import { Role } from '../users/role';

/** Who is calling, as established by the access guard for this request. */
export interface Actor {
  userId: string;
  sessionId: string;
  /** Present on routes under /organizations/:organizationId. */
  organizationId?: string;
  roles: Role[];
  /** Departments the caller owns projects for (project-owner memberships) in this organization. */
  departmentIds: string[];
  /** Where the call came from, for the audit log. */
  requestId: string;
  ipAddress: string;
}

/** An actor on an organization route: the organization is always known. */
export type OrganizationActor = Actor & { organizationId: string };

/** The actor as the audit log records it. */
export function auditActorOf(actor: Actor): AuditActor {
  return { userId: actor.userId, roles: actor.roles, requestId: actor.requestId, ipAddress: actor.ipAddress };
}

/** For events before anyone is signed in (sign-in attempts). */
export function anonymousAuditActor(request: Request): AuditActor {
  return { userId: null, roles: [], requestId: String(request.id ?? ''), ipAddress: request.ip ?? '' };
}

export interface AuthenticatedUser {
  userId: string;
  sessionId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}
