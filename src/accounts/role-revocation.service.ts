import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { auditActorOf } from '../audit/audit-log';
import { ReviewsService } from '../reports/reviews/reviews.service';
import { Membership } from '../users/membership.entity';
import { UsersService } from '../users/users.service';

/**
 * Taking a role from someone, where the role still has work in hand: the expert role is not taken while the person
 * owes an opinion on a report in review (ExpertStillAskedException names the reports). Taking them off those reviews
 * is the review's own step, with its notifications and record; an administrator's change of roles does not do it
 * in passing.
 */
@Injectable()
export class RoleRevocationService {
  constructor(
    private readonly users: UsersService,
    private readonly reviews: ReviewsService,
  ) {}

  /** Before the confirmation page: refuses as the revocation would, so the administrator is told before confirming. */
  async assertRevocable(actor: OrganizationActor, membershipId: string): Promise<void> {
    await this.assertNothingInHand(await this.users.membershipIn(actor.organizationId, membershipId));
  }

  async revoke(actor: OrganizationActor, membershipId: string): Promise<void> {
    await this.users.revokeMembership(actor.organizationId, membershipId, auditActorOf(actor), (manager, membership) =>
      this.assertNothingInHand(membership, manager),
    );
  }

  private async assertNothingInHand(membership: Membership, manager?: EntityManager): Promise<void> {
    if (membership.role === Role.ExternalExpert)
      await this.reviews.assertNoOpinionAwaited(membership.organizationId, membership.userId, manager);
  }
}
