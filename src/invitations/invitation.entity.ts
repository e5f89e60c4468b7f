import { Check, Column, Entity, Index, ManyToOne, Relation } from 'typeorm';
import { Role } from '../access/role';
import { OrganizationOwned } from '../organizations/organization-owned.entity';
import { User } from '../users/user.entity';

/** A role the invited person gets on accepting; a department only for project owners. */
export interface InvitedGrant {
  role: Role;
  departmentId: string | null;
}

/**
 * An administrator's offer of roles in their organization to an e-mail address. Nobody becomes a member by being
 * named: only the person who reads the mail and accepts does. At most one answer (accepted, declined, revoked), or
 * superseded: its person joined through another invitation of the organization.
 */
@Entity('invitations')
@Index(['organizationId', 'createdAt'])
@Check('num_nonnulls("accepted_at", "declined_at", "revoked_at", "superseded_at") <= 1')
export class Invitation extends OrganizationOwned {
  /** Lower-cased, as accounts store it. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'jsonb' })
  grants: InvitedGrant[];

  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  invitedBy?: Relation<User> | null;

  /** SHA-256 of the link's token, set when the mail is written; the token itself is stored nowhere. */
  @Index({ unique: true })
  @Column({ type: 'text', nullable: true })
  tokenHash: string | null;

  /**
   * The hashes of earlier mails' links, replaced when it was sent again, so that such a link is told to open the newest
   * mail. All of them in the row rather than only the last: a link of any earlier mail is recognised, with no table.
   * Its GIN index is made by its migration (TypeORM cannot declare one).
   */
  @Index('IDX_invitations_replaced_token_hashes', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  replacedTokenHashes: string[];

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Set when another invitation to the same address was accepted: nothing is left for this one to answer. */
  @Column({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
