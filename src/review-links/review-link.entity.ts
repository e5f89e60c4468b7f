import { Column, Entity, Index, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from '../organizations/organization-owned.entity';
import { ReviewAssignment } from '../reports/reviews/review-assignment.entity';

/**
 * A one-click link to one assignment, mailed to its expert: opening it starts a session limited to that assignment.
 * Valid until a set time after the due date (review settings), unless the planning division revokes it first.
 */
@Entity('review_links')
@Index(['assignmentId'])
export class ReviewLink extends OrganizationOwned {
  @Column({ type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => ReviewAssignment, { onDelete: 'CASCADE' })
  assignment?: Relation<ReviewAssignment>;

  /** SHA-256 of the link's token; the token itself is only ever in the mail. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
