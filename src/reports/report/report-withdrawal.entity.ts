import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { ResultReport } from './result-report.entity';

/**
 * One withdrawal of a report's publication (公表の取消), as announced: the report's own columns say only whether it is
 * withdrawn now, and publishing a correction clears them, so the public record keeps each withdrawal here. Written
 * once and never changed: PostgreSQL refuses UPDATE and DELETE on this table.
 */
@Entity('report_withdrawals')
@Unique(['reportId', 'withdrawnAt'])
@Index(['organizationId', 'withdrawnAt'])
export class ReportWithdrawal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, { onDelete: 'RESTRICT' })
  report?: Relation<ResultReport>;

  @Column({ type: 'int' })
  fiscalYear: number;

  /** The edition that was public and was withdrawn: the report's latest then. */
  @Column({ type: 'int' })
  edition: number;

  /** As the report's withdrawnAt said, to the millisecond: the feed's entry is named by it. */
  @Column({ type: 'timestamptz' })
  withdrawnAt: Date;

  @Column({ type: 'text' })
  reason: string;

  /** When the row was written: a withdrawal recorded from the audit log after the fact is dated by withdrawnAt. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;
}
