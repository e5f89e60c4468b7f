import { Check, Column, Entity, Index, ManyToOne, OneToMany, Relation, VersionColumn } from 'typeorm';
import { OrganizationOwned } from '../organizations/organization-owned.entity';
import { Department } from '../organizations/department.entity';
import { GrantType } from './grant-type.entity';
import { KpiDefinition } from './kpi-definition.entity';

/** 国提出事業: a project as submitted to the state for a grant, with its plan period and KPIs. */
@Entity('grant_projects')
@Index(['organizationId', 'departmentId'])
@Check('"plan_end_fiscal_year" >= "plan_start_fiscal_year"')
export class GrantProject extends OrganizationOwned {
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  department?: Relation<Department>;

  /** The municipality's own number for the project (the "No" column), free text. */
  @Column({ type: 'text', nullable: true })
  projectNumber: string | null;

  /** ①国提出事業名 */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  grantTypeCode: string;

  @ManyToOne(() => GrantType, { onDelete: 'RESTRICT' })
  grantType?: Relation<GrantType>;

  /** ②実施計画期間, western fiscal years. */
  @Column({ type: 'int' })
  planStartFiscalYear: number;

  @Column({ type: 'int' })
  planEndFiscalYear: number;

  /** ③全体概要, plain text. */
  @Column({ type: 'text', default: '' })
  overview: string;

  /** e.g. 【北海道共同申請】 */
  @Column({ type: 'text', nullable: true })
  jointApplicationNote: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  partnerMunicipalities: string[];

  /** 施策: the policy area of the municipality's strategy the project serves. */
  @Column({ type: 'text', nullable: true })
  policyArea: string | null;

  @OneToMany(() => KpiDefinition, (kpi) => kpi.project, { cascade: true })
  kpis?: Relation<KpiDefinition[]>;

  @VersionColumn()
  version: number;
}
