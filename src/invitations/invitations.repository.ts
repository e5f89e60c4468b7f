import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ArrayContains, EntityManager, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { lockUntilCommit } from '../infra/database/advisory-lock';
import { OrganizationScopedRepository } from '../infra/database/organization-scoped.repository';
import { Invitation } from './invitation.entity';

const LIST_LIMIT = 500;

/** The only place that queries invitations. */
/** An invitation no one has answered, withdrawn or closed by another: whether it waits or has expired. */
const UNANSWERED = {
  acceptedAt: IsNull(),
  declinedAt: IsNull(),
  revokedAt: IsNull(),
  supersededAt: IsNull(),
};

@Injectable()
export class InvitationsRepository {
  private readonly scoped: OrganizationScopedRepository<Invitation>;

  constructor(@InjectRepository(Invitation) private readonly invitations: Repository<Invitation>) {
    this.scoped = new OrganizationScopedRepository(invitations);
  }

  add(
    manager: EntityManager,
    invitation: Pick<Invitation, 'organizationId' | 'email' | 'grants' | 'invitedById' | 'expiresAt'>,
  ): Promise<Invitation> {
    return manager.save(manager.create(Invitation, invitation));
  }

  save(manager: EntityManager, invitation: Invitation): Promise<Invitation> {
    return manager.save(invitation);
  }

  /** Until the caller's transaction ends, one invitation at a time to the address: two at once cannot both find none open. */
  lockAddress(manager: EntityManager, organizationId: string, email: string): Promise<void> {
    return lockUntilCommit(manager, `invitation:${organizationId}:${email}`);
  }

  /** An unanswered, unexpired invitation of the organization to the address (other than `besides`). */
  hasOpen(
    manager: EntityManager,
    organizationId: string,
    email: string,
    now: Date,
    besides?: string,
  ): Promise<boolean> {
    return manager.existsBy(Invitation, {
      ...(besides ? { id: Not(besides) } : {}),
      organizationId,
      email,
      ...UNANSWERED,
      expiresAt: MoreThan(now),
    });
  }

  /** The organization's other unanswered invitations to the address, expired ones too, locked. */
  lockUnansweredBesides(manager: EntityManager, invitation: Invitation): Promise<Invitation[]> {
    return manager.find(Invitation, {
      where: {
        id: Not(invitation.id),
        organizationId: invitation.organizationId,
        email: invitation.email,
        ...UNANSWERED,
      },
      order: { createdAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The organization's invitations with who sent them, newest first. */
  listIn(organizationId: string): Promise<Invitation[]> {
    return this.scoped.find(organizationId, {
      relations: { invitedBy: true },
      order: { createdAt: 'DESC' },
      take: LIST_LIMIT,
    });
  }

  lockIn(manager: EntityManager, organizationId: string, invitationId: string): Promise<Invitation | null> {
    return manager.findOne(Invitation, {
      where: { id: invitationId, organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  lockById(manager: EntityManager, invitationId: string): Promise<Invitation | null> {
    return manager.findOne(Invitation, { where: { id: invitationId }, lock: { mode: 'pessimistic_write' } });
  }

  lockByTokenHash(manager: EntityManager, tokenHash: string): Promise<Invitation | null> {
    return manager.findOne(Invitation, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  /** With the organization and who sent it, for the invitee's page. */
  findByTokenHash(tokenHash: string): Promise<Invitation | null> {
    return this.invitations.findOne({ where: { tokenHash }, relations: { organization: true, invitedBy: true } });
  }

  /** The invitation whose earlier mail's link this was, replaced when it was sent again. */
  findByReplacedTokenHash(tokenHash: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ replacedTokenHashes: ArrayContains([tokenHash]) });
  }

  /** With the organization and who sent it, inside the caller's transaction (the mail). */
  findWithSender(manager: EntityManager, invitationId: string): Promise<Invitation | null> {
    return manager.findOne(Invitation, {
      where: { id: invitationId },
      relations: { organization: true, invitedBy: true },
    });
  }
}
