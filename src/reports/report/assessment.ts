/** ⑥ 事業効果: the owning department's own assessment (four national levels). */
export enum EffectLevel {
  VeryEffective = 'very_effective',
  ConsiderablyEffective = 'considerably_effective',
  Effective = 'effective',
  NotEffective = 'not_effective',
}

/** ⑥ 事業効果, worded as on the national form. */
export const EFFECT_LEVEL_LABELS: Record<EffectLevel, string> = {
  [EffectLevel.VeryEffective]: '地方創生に非常に効果的であった',
  [EffectLevel.ConsiderablyEffective]: '地方創生に相当程度効果があった',
  [EffectLevel.Effective]: '地方創生に効果があった',
  [EffectLevel.NotEffective]: '地方創生に効果がなかった',
};

/** ⑦ 事業の評価: the expert panel's rating (four national levels). */
export enum PanelRating {
  VeryEffective = 'very_effective',
  ConsiderablyEffective = 'considerably_effective',
  Effective = 'effective',
  NotEffective = 'not_effective',
}

/** ⑦ 外部有識者からの評価, worded as on the national form. */
export const PANEL_RATING_LABELS: Record<PanelRating, string> = {
  [PanelRating.VeryEffective]: '総合戦略のKPI達成に非常に有効であった',
  [PanelRating.ConsiderablyEffective]: '総合戦略のKPI達成に相当程度有効であった',
  [PanelRating.Effective]: '総合戦略のKPI達成に有効であった',
  [PanelRating.NotEffective]: '総合戦略のKPI達成に有効とはいえない',
};

/** ⑧ 今後の方針: the decided future of the project, as the national form lists them. */
export enum PolicyDecision {
  Continue = 'continue',
  Expand = 'expand',
  End = 'end',
  Revise = 'revise',
  Stop = 'stop',
}

/** ⑧ 今後の方針: the short label and the full wording of the national form. */
export const POLICY_DECISION_LABELS: Record<PolicyDecision, { label: string; formText: string }> = {
  [PolicyDecision.Continue]: {
    label: '事業の継続',
    formText: '事業の継続 (計画通りに事業を継続する(または、概ね同内容で継続する))',
  },
  [PolicyDecision.Expand]: {
    label: '事業の発展',
    formText: '事業の発展 (事業が効果的であったことから取組の追加等更に発展させる)',
  },
  [PolicyDecision.End]: { label: '事業の終了', formText: '事業の終了 (当初予定通り事業を終了する(または、した))' },
  [PolicyDecision.Revise]: {
    label: '事業内容の見直し',
    formText: '事業内容の見直し (事業の内容を見直した上で継続する)',
  },
  [PolicyDecision.Stop]: { label: '事業の中止', formText: '事業の中止 (事業を中止する)' },
};

/** ⑧ kinds after which a project has no further year to report: ended as planned, or stopped before its end. */
const ENDING_DECISIONS: ReadonlySet<PolicyDecision> = new Set([PolicyDecision.End, PolicyDecision.Stop]);

/** Whether a decided ⑧ ends the project, whatever the municipality calls its option (事業・期間の終了, 事業中止・廃止). */
export function endsTheProject(decision: PolicyDecision): boolean {
  return ENDING_DECISIONS.has(decision);
}
