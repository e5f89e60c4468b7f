import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import { ResultReport } from './result-report.entity';

/**
 * A report as its latest correction (訂正) found it, the values of its latest edition: its row and parts as PostgreSQL
 * renders them (to_jsonb), so that cancelling the correction (訂正の取りやめ) puts back exactly those. Kept when a
 * correction starts, replaced by the next one's.
 */
@Entity('report_correction_origins')
export class CorrectionOrigin {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @OneToOne(() => ResultReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<ResultReport>;

  @Column({ type: 'uuid' })
  organizationId: string;

  /** The result_reports row. */
  @Column({ type: 'jsonb' })
  reportRow: Record<string, unknown>;

  /** Its budget_lines rows (④), in form order. */
  @Column({ type: 'jsonb' })
  budgetLines: Record<string, unknown>[];

  /** Its kpi_results rows (⑤), in form order. */
  @Column({ type: 'jsonb' })
  kpiResults: Record<string, unknown>[];

  /** Its report_plans row (①–③ and the KPIs as planned); none for a report without a plan copy. */
  @Column({ type: 'jsonb', nullable: true })
  plan: Record<string, unknown> | null;

  /**
   * Its project's grant_projects row as the correction started, which tells what of the project its owner changed
   * since (correctionPlan); null for a correction started before it was kept.
   */
  @Column({ type: 'jsonb', nullable: true })
  project: Record<string, unknown> | null;
}
