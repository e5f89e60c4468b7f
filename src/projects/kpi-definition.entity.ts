import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { numericTransformer, YEAR_MONTH_CHECK } from '../infra/database/column-types';
import { GrantProject } from './grant-project.entity';
import { KpiDirection } from './kpi-direction';

/** 指標①–④ of a project: at most four, identified by their position. */
@Entity('kpi_definitions')
@Index(['projectId', 'position'], { unique: true })
@Check('"position" BETWEEN 1 AND 4')
@Check(YEAR_MONTH_CHECK('target_year_month'))
export class KpiDefinition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => GrantProject, (project) => project.kpis, { onDelete: 'CASCADE', orphanedRowAction: 'delete' })
  project?: Relation<GrantProject>;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  /** 基準値 */
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer })
  baseline: number | null;

  /** 目標値 */
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer })
  target: number | null;

  /** 単位: 件, 人, 社, 千泊, 千円/人 … */
  @Column({ type: 'text', default: '' })
  unit: string;

  /** 目標年月 as 'YYYY-MM'. */
  @Column({ type: 'char', length: 7, nullable: true })
  targetYearMonth: string | null;

  @Column({ type: 'enum', enum: KpiDirection, enumName: 'kpi_direction', default: KpiDirection.HigherIsBetter })
  direction: KpiDirection;
}
