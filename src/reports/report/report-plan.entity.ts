import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import { Timestamped } from '../../infra/database/timestamps';
import type { PlannedKpi } from '../../projects/planned-kpi';
import { ResultReport } from './result-report.entity';

/**
 * The project as it stood in the report's year (①②③, department, grant type, partner towns, KPIs): each report is
 * verified against its own year's plan, so a later plan amendment or project edit never rewrites an earlier report.
 * Drafts follow project edits; from submission on the copy is the report's own.
 */
@Entity('report_plans')
export class ReportPlan extends Timestamped {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @OneToOne(() => ResultReport, (report) => report.plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<ResultReport>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text', nullable: true })
  projectNumber: string | null;

  /** ①国提出事業名 as written that year. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  departmentId: string;

  @Column({ type: 'text', default: '' })
  departmentName: string;

  @Column({ type: 'text' })
  grantTypeCode: string;

  @Column({ type: 'text', nullable: true })
  grantTypeLabel: string | null;

  /** ②実施計画期間 as it stood that year. */
  @Column({ type: 'int' })
  planStartFiscalYear: number;

  @Column({ type: 'int' })
  planEndFiscalYear: number;

  @Column({ type: 'text', default: '' })
  overview: string;

  @Column({ type: 'text', nullable: true })
  jointApplicationNote: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  partnerMunicipalities: string[];

  @Column({ type: 'text', nullable: true })
  policyArea: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  kpis: PlannedKpi[];
}
