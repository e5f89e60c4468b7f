import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { User } from '../../users/user.entity';
import { ResultReport } from '../report/result-report.entity';
import { ReviewAssignment } from './review-assignment.entity';

/**
 * An external expert the planning division lists for a report, in order, to be asked when an assigned expert declines
 * or is dismissed (if the organization's review settings say so). Once asked, the row stays as the record of it.
 */
@Entity('review_alternates')
@Index(['reportId', 'expertUserId'], { unique: true })
@Index(['reportId', 'position'], { unique: true })
export class ReviewAlternate extends OrganizationOwned {
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, { onDelete: 'CASCADE' })
  report?: Relation<ResultReport>;

  @Column({ type: 'uuid' })
  expertUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expert_user_id' })
  expert?: Relation<User>;

  /** 1 is asked first. */
  @Column({ type: 'int' })
  position: number;

  /** The planning user (or administrator) who listed them; the invitation is made in their name. */
  @Column({ type: 'uuid' })
  listedBy: string;

  /** The assignment made when they were asked; null while they wait their turn. */
  @Column({ type: 'uuid', nullable: true })
  invitedAssignmentId: string | null;

  @ManyToOne(() => ReviewAssignment, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_assignment_id' })
  invitedAssignment?: Relation<ReviewAssignment>;

  /** The declined or dismissed assignment they were asked in place of. */
  @Column({ type: 'uuid', nullable: true })
  replacedAssignmentId: string | null;

  /** The outbox event (decline or dismissal) that caused the invitation: one invitation per event, however often it runs. */
  @Index({ unique: true, where: '"cause_event_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  causeEventId: string | null;
}
