import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { FieldChange } from '../common/document-diff';
import { GrantProject } from './grant-project.entity';

/**
 * 計画変更: a change of a project's targets or plan period once its record has begun (a report past draft), with the
 * fiscal year it applies from and why. Written with the project edit; never changed.
 */
@Entity('plan_amendments')
@Index(['projectId', 'amendedAt'])
export class PlanAmendment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => GrantProject, { onDelete: 'CASCADE' })
  project?: Relation<GrantProject>;

  /** 適用年度: reports of this fiscal year and later follow the amended plan; earlier ones keep theirs. */
  @Column({ type: 'int' })
  effectiveFiscalYear: number;

  @Column({ type: 'text' })
  reason: string;

  /** What the amendment changed: plan period and KPI definitions, before and after. */
  @Column({ type: 'jsonb' })
  changes: FieldChange[];

  @Column({ type: 'uuid' })
  amendedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  amendedAt: Date;
}
