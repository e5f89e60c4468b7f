import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { ACTIVE_ASSIGNMENT_STATUSES } from '../reports/rules/assignment-status';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';
import { ReviewLink } from './review-link.entity';

/** The only place that queries experts' one-click links. */
@Injectable()
export class ReviewLinksRepository {
  constructor(@InjectRepository(ReviewLink) private readonly links: Repository<ReviewLink>) {}

  add(
    manager: EntityManager,
    link: Pick<ReviewLink, 'organizationId' | 'assignmentId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<ReviewLink> {
    return manager.save(manager.create(ReviewLink, { ...link, revokedAt: null, lastUsedAt: null }));
  }

  /** With its assignment, whatever the assignment's state. */
  findByTokenHash(tokenHash: string): Promise<ReviewLink | null> {
    return this.links.findOne({ where: { tokenHash }, relations: { assignment: true } });
  }

  lockByTokenHash(manager: EntityManager, tokenHash: string): Promise<ReviewLink | null> {
    return manager.findOne(ReviewLink, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, link: ReviewLink): Promise<ReviewLink> {
    return manager.save(link);
  }

  /** The assignment, with its expert, if the expert is still expected to answer it (pending or accepted). */
  findActiveAssignment(manager: EntityManager, assignmentId: string): Promise<ReviewAssignment | null> {
    return manager.findOne(ReviewAssignment, {
      where: { id: assignmentId, status: In(ACTIVE_ASSIGNMENT_STATUSES) },
      relations: { expert: true },
    });
  }

  /** The assignment, whatever its state. */
  findAssignment(manager: EntityManager, assignmentId: string): Promise<ReviewAssignment | null> {
    return manager.findOneBy(ReviewAssignment, { id: assignmentId });
  }

  /** Every link of the assignment not yet revoked stops working; returns how many. */
  async revokeAllOf(manager: EntityManager, assignmentId: string, at: Date): Promise<number> {
    const result = await manager.update(ReviewLink, { assignmentId, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }

  /**
   * The assignment's links not revoked last until the given time (its due date moved); returns those that did not
   * already, each with the expiry it had.
   */
  async moveExpiryOf(
    manager: EntityManager,
    assignmentId: string,
    expiresAt: Date,
  ): Promise<Pick<ReviewLink, 'id' | 'expiresAt'>[]> {
    const moved = await manager.find(ReviewLink, {
      select: { id: true, expiresAt: true },
      where: { assignmentId, revokedAt: IsNull(), expiresAt: Not(expiresAt) },
      order: { createdAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (moved.length > 0) await manager.update(ReviewLink, { id: In(moved.map((link) => link.id)) }, { expiresAt });
    return moved;
  }
}
