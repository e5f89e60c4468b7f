import { CycleStatus } from '../cycles/fiscal-year-cycle.entity';
import { KpiDirection } from '../projects/kpi-direction';
import { EffectLevel, PanelRating, PolicyDecision } from '../reports/assessment';
import { CommentKind } from '../reviews/report-comment.entity';
import { AssignmentStatus } from '../reviews/review-assignment.entity';
import { Role } from '../users/role';
import { ReportStatus } from '../workflow/report-status';

/**
 * The Japanese terms of the domain, in one place. Identifiers stay English; what users read comes from here.
 * See ../shared/DOMAIN.md for what each term means.
 */
export const ROLE_LABELS: Record<Role, string> = {
  [Role.ProjectOwner]: '事業担当課',
  [Role.ExternalExpert]: '外部有識者',
  [Role.PlanningDivision]: '企画政策課',
  [Role.Administrator]: 'システム管理者',
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  [ReportStatus.Draft]: '作成中',
  [ReportStatus.Submitted]: '提出済',
  [ReportStatus.InExpertReview]: '有識者意見照会中',
  [ReportStatus.Evaluated]: '評価済',
  [ReportStatus.DecisionProposed]: '方針案',
  [ReportStatus.Decided]: '方針決定',
  [ReportStatus.Published]: '公表済',
};

export const KPI_DIRECTION_LABELS: Record<KpiDirection, string> = {
  [KpiDirection.HigherIsBetter]: '増加を目指す',
  [KpiDirection.LowerIsBetter]: '減少を目指す',
};

/** ⑥ 事業効果, worded as on the national form. */
export const EFFECT_LEVEL_LABELS: Record<EffectLevel, string> = {
  [EffectLevel.VeryEffective]: '地方創生に非常に効果的であった',
  [EffectLevel.ConsiderablyEffective]: '地方創生に相当程度効果があった',
  [EffectLevel.Effective]: '地方創生に効果があった',
  [EffectLevel.NotEffective]: '地方創生に効果がなかった',
};

/** ⑦ 外部有識者からの評価, worded as on the national form. */
export const PANEL_RATING_LABELS: Record<PanelRating, string> = {
  [PanelRating.VeryEffective]: '総合戦略のKPI達成に非常に有効であった',
  [PanelRating.ConsiderablyEffective]: '総合戦略のKPI達成に相当程度有効であった',
  [PanelRating.Effective]: '総合戦略のKPI達成に有効であった',
  [PanelRating.NotEffective]: '総合戦略のKPI達成に有効とはいえない',
};

/** ⑧ 今後の方針: the short label and the full wording of the national form. */
export const POLICY_DECISION_LABELS: Record<PolicyDecision, { label: string; formText: string }> = {
  [PolicyDecision.Continue]: { label: '事業の継続', formText: '事業の継続 (計画通りに事業を継続する(または、概ね同内容で継続する))' },
  [PolicyDecision.Expand]: { label: '事業の発展', formText: '事業の発展 (事業が効果的であったことから取組の追加等更に発展させる)' },
  [PolicyDecision.End]: { label: '事業の終了', formText: '事業の終了 (当初予定通り事業を終了する(または、した))' },
  [PolicyDecision.Revise]: { label: '事業内容の見直し', formText: '事業内容の見直し (事業の内容を見直した上で継続する)' },
  [PolicyDecision.Stop]: { label: '事業の中止', formText: '事業の中止 (事業を中止する)' },
};

/** An external expert's answer to being asked for an opinion. */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  [AssignmentStatus.Pending]: '回答待ち',
  [AssignmentStatus.Accepted]: '引受け',
  [AssignmentStatus.Declined]: '辞退',
  [AssignmentStatus.Removed]: '割当解除',
};

/** Entries of a report's thread. */
export const COMMENT_KIND_LABELS: Record<CommentKind, string> = {
  [CommentKind.Question]: '質問',
  [CommentKind.Answer]: '回答',
  [CommentKind.Return]: '差戻し',
};

/** 実施計画期間 の何年度目: the first year is called 初年度. */
export function planYearLabel(planYearIndex: number): string {
  return planYearIndex === 1 ? '初年度' : `${planYearIndex}年度目`;
}

/** 指標① … 指標④ */
export function kpiLabel(position: number): string {
  return `指標${'①②③④'[position - 1] ?? position}`;
}

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  [CycleStatus.Open]: '実施中',
  [CycleStatus.Closed]: '終了',
};
