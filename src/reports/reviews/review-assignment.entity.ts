import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { PanelRating } from '../report/assessment';
import { AssignmentStatus } from '../rules/assignment-status';
import { ResultReport } from '../report/result-report.entity';
import { User } from '../../users/user.entity';

/** An external expert asked for their opinion on one report, with a due date; holds the opinion itself. */
@Entity('review_assignments')
@Index(['reportId', 'expertUserId'], { unique: true, where: `"status" <> 'removed'` })
@Index(['expertUserId', 'status'])
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

  @Column({ type: 'text', default: '' })
  declineReason: string;

  /** The expert's own rating (same four levels as the panel's). */
  @Column({ type: 'enum', enum: PanelRating, enumName: 'panel_rating', nullable: true })
  rating: PanelRating | null;

  @Column({ type: 'text', default: '' })
  opinion: string;

  @Column({ type: 'timestamptz', nullable: true })
  opinionSubmittedAt: Date | null;
}
