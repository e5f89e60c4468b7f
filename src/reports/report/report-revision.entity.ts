import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every saved state of a report, so any two can be compared field by field. Written, never updated. */
@Entity('report_revisions')
@Index(['reportId', 'version'], { unique: true })
export class ReportRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @Column({ type: 'int' })
  version: number;

  /** The report's content at that version (project fields included), as the API shows it. */
  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}
