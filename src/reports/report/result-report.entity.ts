import { Check, Column, Entity, Index, ManyToOne, OneToMany, OneToOne, Relation, VersionColumn } from 'typeorm';
import { numericTransformer, YEAR_MONTH_CHECK } from '../../infra/database/column-types';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { GrantProject } from '../../projects/grant-project.entity';
import { ReportStatus, SUBMITTED_UNPUBLISHED } from '../rules/report-status';
import { EffectLevel, PanelRating, PolicyDecision } from './assessment';
import { type AssessmentChoice, type AssessmentScale } from './assessment-choices';
import { BudgetLine } from './budget-line.entity';
import { KpiResult } from './kpi-result.entity';
import { ReportEdition } from './report-edition.entity';
import { ReportPlan } from './report-plan.entity';

export interface WarningAcknowledgement {
  key: string;
  userId: string;
  at: string;
}

/** 事業実施結果報告: one per project and fiscal year, sections ①–⑧. Totals and rates are computed, not stored. */
@Entity('result_reports')
@Index(['projectId', 'fiscalYear'], { unique: true })
@Index(['organizationId', 'fiscalYear', 'status'])
// Under row-level security a status condition (enum equality is not leakproof) cannot be an index condition, so the
// lists across years read every report of the organization; a partial index's predicate still selects the few.
@Index('IDX_result_reports_submitted_unpublished', ['organizationId'], {
  where: `"status" IN (${SUBMITTED_UNPUBLISHED.map((status) => `'${status}'`).join(', ')})`,
})
// Whether a municipality's public record changed reads its withdrawn reports, a few of all.
@Index('IDX_result_reports_withdrawn', ['organizationId'], { where: '"withdrawn_at" IS NOT NULL' })
@Check(YEAR_MONTH_CHECK('actual_as_of'))
@Check('"fiscal_year" BETWEEN 1989 AND 2200')
export class ResultReport extends OrganizationOwned {
  @Column({ type: 'uuid' })
  projectId: string;

  @ManyToOne(() => GrantProject, { onDelete: 'RESTRICT' })
  project?: Relation<GrantProject>;

  @Column({ type: 'int' })
  fiscalYear: number;

  @Column({ type: 'enum', enum: ReportStatus, enumName: 'report_status', default: ReportStatus.Draft })
  status: ReportStatus;

  /** 実績額 as of (e.g. R5.3実績), 'YYYY-MM'. */
  @Column({ type: 'char', length: 7, nullable: true })
  actualAsOf: string | null;

  /** ④ 合計 as typed or imported; only compared with the computed totals, never used as the total. */
  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  typedBudgetTotal: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  typedBudgetGrantTotal: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  typedActualTotal: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: numericTransformer })
  typedActualGrantTotal: number | null;

  /** Warnings the owner confirmed as intended; each names the values it was about. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  acknowledgedWarnings: WarningAcknowledgement[];

  /** ⑥ 事業効果 */
  @Column({ type: 'enum', enum: EffectLevel, enumName: 'effect_level', nullable: true })
  effectLevel: EffectLevel | null;

  /** ⑥ the municipality's option (its key) and its wording when the owner chose it; null before wording was kept. */
  @Column({ type: 'text', nullable: true })
  effectLevelOption: string | null;

  @Column({ type: 'text', nullable: true })
  effectLevelLabel: string | null;

  @Column({ type: 'text', default: '' })
  effectNarrative: string;

  /** ⑥ why the owner chose another level than the one suggested by the KPI achievement (required then). */
  @Column({ type: 'text', default: '' })
  effectLevelReason: string;

  /** 要因分析: the factors behind this year's results. */
  @Column({ type: 'text', default: '' })
  resultFactors: string;

  /** 要因分析: the measures to take from them. */
  @Column({ type: 'text', default: '' })
  improvementMeasures: string;

  /** PDCA: what was done about the previous year's 今後の方針 (required once there is one). */
  @Column({ type: 'text', default: '' })
  previousPolicyFollowUp: string;

  /** ⑦ filled by the planning division when consolidating the experts' opinions. */
  @Column({ type: 'enum', enum: PanelRating, enumName: 'panel_rating', nullable: true })
  panelRating: PanelRating | null;

  /** ⑦ the option and its wording when the planning division consolidated the panel's evaluation. */
  @Column({ type: 'text', nullable: true })
  panelRatingOption: string | null;

  @Column({ type: 'text', nullable: true })
  panelRatingLabel: string | null;

  @Column({ type: 'text', default: '' })
  panelOpinion: string;

  /** ⑧ filled by the planning division's decision. */
  @Column({ type: 'enum', enum: PolicyDecision, enumName: 'policy_decision', nullable: true })
  policyDecision: PolicyDecision | null;

  /** ⑧ the option and its wording (label and the form's long text) when the policy was proposed. */
  @Column({ type: 'text', nullable: true })
  policyDecisionOption: string | null;

  @Column({ type: 'text', nullable: true })
  policyDecisionLabel: string | null;

  @Column({ type: 'text', nullable: true })
  policyDecisionFormText: string | null;

  @Column({ type: 'text', default: '' })
  policyReason: string;

  @OneToMany(() => BudgetLine, (line) => line.report, { cascade: true })
  budgetLines?: Relation<BudgetLine[]>;

  @OneToMany(() => KpiResult, (result) => result.report, { cascade: true })
  kpiResults?: Relation<KpiResult[]>;

  /** The project as it stood in this report's year (see ReportPlan). */
  @OneToOne(() => ReportPlan, (plan) => plan.report)
  plan?: Relation<ReportPlan>;

  /** Every publication, oldest first; the last one is what the public reads. */
  @OneToMany(() => ReportEdition, (edition) => edition.report)
  editions?: Relation<ReportEdition[]>;

  /** Why an administrator reopened the published report for a correction (訂正); shown with the next edition. */
  @Column({ type: 'text', nullable: true })
  correctionReason: string | null;

  /** ⑧ who proposed the policy (方針案) and who approved it: never the same person (four-eyes). */
  @Column({ type: 'uuid', nullable: true })
  proposedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  proposedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /**
   * ⑦⑧の訂正: every planning user who corrected ⑧ in the correction under way, in the order they first did, whom its
   * publication needs another planning user than (four-eyes, as the approval of a proposal); null outside a correction
   * and when no one corrected ⑧ in it.
   */
  @Column({ type: 'uuid', array: true, nullable: true })
  policyCorrectedBy: string[] | null;

  /** When the report was first submitted, kept through 差戻し and 取下げ: a later submission is a resubmission. */
  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** 公表の取消: when an administrator withdrew the publication. */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** 公表の取消: why; shown on the public notice that replaces the report. */
  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  /**
   * The latest earlier year's decided 今後の方針, which previousPolicyFollowUp answers: looked up afresh while the
   * report is a draft, kept from its submission on (so importing or deciding another year never changes it).
   */
  @Column({ type: 'jsonb', nullable: true })
  previousDecision: PreviousDecision | null;

  /**
   * Not stored: the project's published reports of earlier years with their ⑤ results, which ReportsRepository
   * attaches to a report not yet published where a read model is built (last year's published values and the
   * warnings against them).
   */
  publishedEarlier?: ResultReport[];

  /**
   * Not stored: the organization's own ⑥ options (none where it uses the national list), which ReportsRepository
   * attaches where a read model is built, to name the suggested level as the form names it.
   */
  effectLevelChoices?: AssessmentChoice<AssessmentScale.EffectLevel>[];

  /** The municipality's ⑥ suggestion threshold as it stood at submission (drafts use the current one). */
  @Column({ type: 'numeric', precision: 4, scale: 3, nullable: true, transformer: numericTransformer })
  effectCloseThreshold: number | null;
}

export interface PreviousDecision {
  fiscalYear: number;
  decision: PolicyDecision;
  /** The wording it was decided with (absent in decisions kept before wording was). */
  label?: string | null;
  reason: string;
}
