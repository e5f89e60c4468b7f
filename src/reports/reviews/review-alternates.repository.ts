import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { ReviewAlternate } from './review-alternate.entity';

export type NewReviewAlternate = Pick<
  ReviewAlternate,
  'organizationId' | 'reportId' | 'expertUserId' | 'position' | 'listedBy'
>;

/** The only place that queries a report's alternates. */
@Injectable()
export class ReviewAlternatesRepository {
  constructor(@InjectRepository(ReviewAlternate) private readonly alternates: Repository<ReviewAlternate>) {}

  /** In order, with each expert; those already asked included. */
  listOf(organizationId: string, reportId: string, manager?: EntityManager): Promise<ReviewAlternate[]> {
    return (manager?.getRepository(ReviewAlternate) ?? this.alternates).find({
      where: { organizationId, reportId },
      relations: { expert: true },
      order: { position: 'ASC' },
    });
  }

  /** The alternates not yet asked give way to the new list; those already asked stay, before it. */
  async replaceWaiting(manager: EntityManager, reportId: string, alternates: NewReviewAlternate[]): Promise<void> {
    await manager.delete(ReviewAlternate, { reportId, invitedAssignmentId: IsNull(), causeEventId: IsNull() });
    const asked = await manager.find(ReviewAlternate, { where: { reportId }, order: { position: 'DESC' }, take: 1 });
    const start = asked[0]?.position ?? 0;
    await manager.save(
      alternates.map((alternate, index) =>
        manager.create(ReviewAlternate, { ...alternate, position: start + index + 1 }),
      ),
    );
  }

  /** The alternate already asked because of this event, if any: a repeated event finds it and asks no one else. */
  findByCause(manager: EntityManager, causeEventId: string): Promise<ReviewAlternate | null> {
    return manager.findOneBy(ReviewAlternate, { causeEventId });
  }

  save(manager: EntityManager, alternate: ReviewAlternate): Promise<ReviewAlternate> {
    return manager.save(alternate);
  }
}
