import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { User } from '../users/user.entity';

/** A signed-in session; tokens name it so logout and password change can revoke them. */
@Entity('sessions')
@Index(['userId'])
@Index(['scopeAssignmentId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  ipAddress: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  /**
   * Set together for a session opened by an expert's one-click link: it may act on this one assignment of this
   * report only (the AccessGuard enforces it). Plain ids: the sign-in layer knows nothing of reports.
   */
  @Column({ type: 'uuid', nullable: true })
  scopeOrganizationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  scopeReportId: string | null;

  @Column({ type: 'uuid', nullable: true })
  scopeAssignmentId: string | null;
}
