import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { numericTransformer, YEAR_MONTH_CHECK } from '../../infra/database/column-types';
import { ResultReport } from './result-report.entity';

export interface YearlyActual {
  fiscalYear: number;
  value: number | null;
}

/** ⑤ the result of the project's KPI at the same position (指標①–④) for this report's year. */
@Entity('kpi_results')
@Index(['reportId', 'position'], { unique: true })
@Check('"position" BETWEEN 1 AND 4')
@Check(YEAR_MONTH_CHECK('latest_as_of'))
export class KpiResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, (report) => report.kpiResults, { onDelete: 'CASCADE', orphanedRowAction: 'delete' })
  report?: Relation<ResultReport>;

  @Column({ type: 'smallint' })
  position: number;

  /** 最新値 */
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer })
  latestValue: number | null;

  /** The month the latest value was measured, e.g. 124 (R5.6月) → '2023-06'. */
  @Column({ type: 'char', length: 7, nullable: true })
  latestAsOf: string | null;

  /** 【参考値】: provisional or reference value. */
  @Column({ type: 'boolean', default: false })
  isReference: boolean;

  /** One actual per fiscal year (Kushiro's layout: R1…R4, '-' = none). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  yearlyActuals: YearlyActual[];
}
