import { type Role } from './role';

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
  /** Set when the session was opened by an expert's one-click link: the one assignment it may act on. */
  linkScope?: SessionScope;
}

/** An actor on an organization route: the organization is always known. */
export type OrganizationActor = Actor & { organizationId: string };

/** What a session opened by a one-click link is limited to: one assignment of one report of one organization. */
export interface SessionScope {
  organizationId: string;
  reportId: string;
  assignmentId: string;
}

/** One role the caller holds in an organization (a project owner's for one department). */
export interface MembershipGrant {
  role: Role;
  departmentId: string | null;
}

export interface AuthenticatedUser {
  userId: string;
  sessionId: string;
  scope?: SessionScope;
  /** The caller's roles in the organization the request's URL names, read with the session; absent when it names none. */
  memberships?: MembershipGrant[];
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}
