import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { Session } from './session.entity';

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
  findLive(sessionId: string, userId: string, organizationId?: string): Promise<Session | null> {
    const query = this.sessions
      .createQueryBuilder('session')
      .innerJoin('session.user', 'user')
      .addSelect(['user.id', 'user.deactivatedAt'])
      .where({ id: sessionId, userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (organizationId)
      query
        .leftJoin('user.memberships', 'membership', 'membership.organizationId = :organizationId', { organizationId })
        .addSelect(['membership.id', 'membership.role', 'membership.departmentId']);
    return query.getOne();
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUserExcept(userId: string, keptSessionId: string): Promise<void> {
    await this.sessions.update({ userId, id: Not(keptSessionId), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Inside the caller's transaction: every live session of the user ends. */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Inside the caller's transaction: every live session opened by a link to the assignment ends. */
  async revokeScopedToAssignment(manager: EntityManager, assignmentId: string): Promise<void> {
    await manager.update(Session, { scopeAssignmentId: assignmentId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Sessions that expired or were revoked before the given time; returns how many were deleted. */
  async deleteEndedBefore(before: Date): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(before) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(before) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }
}
