import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { numericTransformer } from '../../infra/database/column-types';
import { ResultReport } from './result-report.entity';

/** One row of ④市予算事業; amounts are integers in 千円. */
@Entity('budget_lines')
@Index(['reportId', 'position'], { unique: true })
@Check('"budget_grant_amount" IS NULL OR "budget_amount" IS NULL OR "budget_grant_amount" <= "budget_amount"')
@Check('"actual_grant_amount" IS NULL OR "actual_amount" IS NULL OR "actual_grant_amount" <= "actual_amount"')
@Check('LEAST("budget_amount", "budget_grant_amount", "actual_amount", "actual_grant_amount") >= 0')
export class BudgetLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, (report) => report.budgetLines, { onDelete: 'CASCADE', orphanedRowAction: 'delete' })
  report?: Relation<ResultReport>;

  /** Order on the form, from 0. */
  @Column({ type: 'smallint' })
  position: number;

  /** 事業名 */
  @Column({ type: 'text', default: '' })
  name: string;

  /** 概要 */
  @Column({ type: 'text', default: '' })
  summary: string;

  /** 主な事業実績 */
  @Column({ type: 'text', default: '' })
  results: string;

  /** 予算額 */
  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  budgetAmount: number | null;

  /** うち交付金見込 */
  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  budgetGrantAmount: number | null;

  /** 実績額 */
  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  actualAmount: number | null;

  /** うち交付金 */
  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  actualGrantAmount: number | null;
}
