import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { PanelRating } from '../report/assessment';
import { AssignmentStatus } from '../rules/assignment-status';
import { ConflictOfInterest, DeclineReason, type SuggestedExpert } from '../rules/assignment-answer';
import { ResultReport } from '../report/result-report.entity';
import { User } from '../../users/user.entity';

/** An external expert asked for their opinion on one report, with a due date; holds the opinion itself. */
@Entity('review_assignments')
@Index(['reportId', 'expertUserId'], { unique: true, where: `"status" <> 'removed'` })
@Index(['expertUserId', 'status'])
// Every assignment of a report, removed ones too (its page's history), and an organization's by expert (the experts
// page): the unique index above holds only those not removed.
@Index('IDX_review_assignments_report', ['reportId'])
@Index('IDX_review_assignments_organization_expert', ['organizationId', 'expertUserId'])
// The opinions still awaited, by report (badges) and by organization (overdue list): few at any time, whatever the
// history. The status is in the predicate: under row-level security an enum comparison (not leakproof) narrows no scan.
@Index(['reportId', 'organizationId', 'dueDate'], { where: `"opinion_submitted_at" IS NULL AND "status" <> 'removed'` })
export class ReviewAssignment extends OrganizationOwned {
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, { onDelete: 'CASCADE' })
  report?: Relation<ResultReport>;

  @Column({ type: 'uuid' })
  expertUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expert_user_id' })
  expert?: Relation<User>;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'enum', enum: AssignmentStatus, enumName: 'assignment_status', default: AssignmentStatus.Pending })
  status: AssignmentStatus;

  @Column({ type: 'uuid' })
  assignedBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** The expert's free text on declining; required with the reason その他. */
  @Column({ type: 'text', default: '' })
  declineReason: string;

  @Column({ type: 'enum', enum: DeclineReason, enumName: 'decline_reason', nullable: true })
  declineReasonKind: DeclineReason | null;

  /** Someone the declining expert suggests asking instead. */
  @Column({ type: 'jsonb', nullable: true })
  suggestedExpert: SuggestedExpert | null;

  /** Declared on accepting; null for an assignment not accepted (or accepted before declarations were asked). */
  @Column({ type: 'enum', enum: ConflictOfInterest, enumName: 'conflict_of_interest', nullable: true })
  conflictOfInterest: ConflictOfInterest | null;

  @Column({ type: 'text', default: '' })
  conflictOfInterestDetails: string;

  /** The planning division's note on dismissing a non-responding expert (未回答で解除). */
  @Column({ type: 'text', default: '' })
  dismissalNote: string;

  @Column({ type: 'timestamptz', nullable: true })
  dismissedAt: Date | null;

  /** The expert's own rating (same four levels as the panel's). */
  @Column({ type: 'enum', enum: PanelRating, enumName: 'panel_rating', nullable: true })
  rating: PanelRating | null;

  @Column({ type: 'text', default: '' })
  opinion: string;

  @Column({ type: 'timestamptz', nullable: true })
  opinionSubmittedAt: Date | null;

  /** When the expert was last reminded (催促), by schedule or by the planning division's 「今すぐ催促」. */
  @Column({ type: 'timestamptz', nullable: true })
  lastRemindedAt: Date | null;
}
