/** ⑥ 事業効果: the owning department's own assessment (four national levels). */
export enum EffectLevel {
  VeryEffective = 'very_effective',
  ConsiderablyEffective = 'considerably_effective',
  Effective = 'effective',
  NotEffective = 'not_effective',
}

/** ⑦ 事業の評価: the expert panel's rating (four national levels). */
export enum PanelRating {
  VeryEffective = 'very_effective',
  ConsiderablyEffective = 'considerably_effective',
  Effective = 'effective',
  NotEffective = 'not_effective',
}

/** ⑧ 今後の方針: the decided future of the project, as the national form lists them. */
export enum PolicyDecision {
  Continue = 'continue',
  Expand = 'expand',
  End = 'end',
  Revise = 'revise',
  Stop = 'stop',
}
