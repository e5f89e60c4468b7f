import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { type Role } from '../access/role';
import { type Membership } from '../users/membership.entity';
import { Session } from './session.entity';

/** A live session as every request checks it: its scope, whether its user is active, their memberships in the organization. */
export interface LiveSession extends Pick<
  Session,
  'id' | 'userId' | 'scopeOrganizationId' | 'scopeReportId' | 'scopeAssignmentId'
> {
  userDeactivatedAt: Date | null;
  memberships: Pick<Membership, 'role' | 'departmentId'>[];
}

interface LiveSessionRow {
  id: string;
  user_id: string;
  scope_organization_id: string | null;
  scope_report_id: string | null;
  scope_assignment_id: string | null;
  deactivated_at: Date | null;
  role: Role | null;
  department_id: string | null;
}

const LIVE_SESSION = `SELECT s.id, s.user_id, s.scope_organization_id, s.scope_report_id, s.scope_assignment_id,
    u.deactivated_at, m.role, m.department_id
  FROM sessions s JOIN users u ON u.id = s.user_id
  LEFT JOIN memberships m ON m.user_id = s.user_id AND m.organization_id = $4
  WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3`;

/** The only place that queries sign-in sessions. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {}

  open(
    session: Pick<Session, 'userId' | 'expiresAt' | 'ipAddress' | 'userAgent'> &
      Partial<Pick<Session, 'scopeOrganizationId' | 'scopeReportId' | 'scopeAssignmentId'>>,
    manager?: EntityManager,
  ): Promise<Session> {
    const repository = manager?.getRepository(Session) ?? this.sessions;
    return repository.save(repository.create({ ...session, revokedAt: null }));
  }

  /**
   * A session of the user that is neither revoked nor expired, with its user and, given an organization, the user's
   * memberships there: what every authenticated request checks, in one query.
   */
  async findLive(sessionId: string, userId: string, organizationId?: string): Promise<LiveSession | null> {
    // Every request asks this: one fixed statement, its rows read as they come (one per membership in the organization).
    const rows = await this.sessions.manager.query<LiveSessionRow[]>(LIVE_SESSION, [
      sessionId,
      userId,
      new Date(),
      organizationId ?? null,
    ]);
    if (rows.length === 0) return null;
    const [first] = rows;
    return {
      id: first.id,
      userId: first.user_id,
      scopeOrganizationId: first.scope_organization_id,
      scopeReportId: first.scope_report_id,
      scopeAssignmentId: first.scope_assignment_id,
      userDeactivatedAt: first.deactivated_at,
      memberships: rows
        .filter((row) => row.role !== null)
        .map((row) => ({ role: row.role!, departmentId: row.department_id })),
    };
  }

  /** The user of a session that is known still, live or not: only asked when a request's session is no longer live. */
  async ownerOf(sessionId: string, userId: string): Promise<string | null> {
    return (await this.sessions.existsBy({ id: sessionId, userId })) ? userId : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Inside the caller's transaction: every live session of the user ends, but for the one kept (if any). Returns how
   * many ended; an expired session is left as it is, since it no longer lets anyone in.
   */
  async revokeAllOfUser(manager: EntityManager, userId: string, keptSessionId?: string): Promise<number> {
    const now = new Date();
    const result = await manager.update(
      Session,
      { userId, revokedAt: IsNull(), expiresAt: MoreThan(now), ...(keptSessionId ? { id: Not(keptSessionId) } : {}) },
      { revokedAt: now },
    );
    return result.affected ?? 0;
  }

  /** Inside the caller's transaction: every live session opened by a link to the assignment ends. */
  /** Returns how many sessions it ended. */
  async revokeScopedToAssignment(manager: EntityManager, assignmentId: string): Promise<number> {
    const result = await manager.update(
      Session,
      { scopeAssignmentId: assignmentId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return result.affected ?? 0;
  }

  /** Sessions that expired or were revoked before the given time; returns how many were deleted. */
  async deleteEndedBefore(before: Date): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(before) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(before) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }
}
