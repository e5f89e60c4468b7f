import { textOf } from '../common/text';

/**
 * Every kind of notification, in one place: who is told, and what they read. Recipients never include the
 * person who caused the event.
 */
export type Audience =
  /** Planning division of the report's organization. */
  | 'planning'
  /** Project owners of the report's department. */
  | 'owners'
  /** Experts currently or formerly assigned who did not decline (pending, accepted). */
  | 'report_experts'
  /** The expert named in the event (payload.expertUserId). */
  | 'named_expert'
  /** The expert who asked the question being answered (payload.askedBy). */
  | 'question_author'
  /** The planning user whose proposal was sent back (payload.proposedBy). */
  | 'proposer'
  /** Project owners of the department named in the event (payload.departmentId). */
  | 'named_department';

export interface MessageContext {
  projectName: string;
  fiscalYearLabel: string;
  actorName: string;
  payload: Record<string, unknown>;
}

export interface NotificationKind {
  /** What users see in their preferences. */
  label: string;
  audience: Audience[];
  subject: (context: MessageContext) => string;
  message: (context: MessageContext) => string;
}

const quoted = (value: unknown) => {
  const text = textOf(value);
  return text ? `\n\n「${text}」` : '';
};
const report = (c: MessageContext) => `${c.projectName}(${c.fiscalYearLabel})`;

export const NOTIFICATION_KINDS: Record<string, NotificationKind> = {
  'cycle.opened': {
    label: '年度の効果検証の開始',
    audience: ['named_department'],
    subject: (c) =>
      `【開始】${textOf(c.payload.fiscalYearLabel)}の効果検証(提出期限 ${String(c.payload.submissionDueDate)})`,
    message: (c) =>
      `${textOf(c.payload.fiscalYearLabel)}の事業実施結果報告の作成が始まりました。担当する事業の報告(作成中)を入力し、${String(c.payload.submissionDueDate)} までに提出してください。`,
  },
  'report.submitted': {
    label: '報告の提出',
    audience: ['planning'],
    subject: (c) => `【提出】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の事業実施結果報告を提出しました。内容を確認し、受理または差戻しをしてください。`,
  },
  'report.withdrawn': {
    label: '提出の取下げ',
    audience: ['planning'],
    subject: (c) => `【取下げ】${report(c)}`,
    message: (c) => `${c.actorName}さんが ${report(c)} の提出を取り下げました。`,
  },
  'report.returned': {
    label: '差戻し',
    audience: ['owners'],
    subject: (c) => `【差戻し】${report(c)}`,
    message: (c) =>
      `${report(c)} の事業実施結果報告が差し戻されました。内容を修正して再提出してください。${quoted(c.payload.comment)}`,
  },
  'expert.assigned': {
    label: '意見照会の依頼',
    audience: ['named_expert'],
    subject: (c) => `【意見照会】${report(c)}(期限 ${String(c.payload.dueDate)})`,
    message: (c) =>
      `${report(c)} について外部有識者としてのご意見をお願いします。期限は ${String(c.payload.dueDate)} です。依頼を承諾のうえ、意見と評価を入力してください。`,
  },
  'assignment.accepted': {
    label: '意見照会の承諾',
    audience: ['planning'],
    subject: (c) => `【承諾】${report(c)}`,
    message: (c) => `${c.actorName}さんが ${report(c)} の意見照会を承諾しました。`,
  },
  'assignment.declined': {
    label: '意見照会の辞退',
    audience: ['planning'],
    subject: (c) => `【辞退】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の意見照会を辞退しました。必要に応じて別の有識者を依頼してください。`,
  },
  'assignment.removed': {
    label: '意見照会の取消し',
    audience: ['named_expert'],
    subject: (c) => `【取消し】${report(c)}`,
    message: (c) => `${report(c)} への意見照会は取り消されました。ご協力ありがとうございました。`,
  },
  'opinion.entered': {
    label: '有識者意見の入力',
    audience: ['planning'],
    subject: (c) => `【意見】${report(c)}`,
    message: (c) => `${c.actorName}さんが ${report(c)} への意見を${c.payload.revised ? '修正' : '入力'}しました。`,
  },
  'review.ready': {
    label: '全有識者の意見がそろった',
    audience: ['planning'],
    subject: (c) => `【評価可能】${report(c)}`,
    message: (c) =>
      `${report(c)} について依頼したすべての外部有識者の意見がそろいました。評価の取りまとめを行ってください。`,
  },
  'review.reminder': {
    label: '意見照会の期限前リマインダー',
    audience: ['named_expert'],
    subject: (c) => `【リマインダー】${report(c)}(期限 ${String(c.payload.dueDate)})`,
    message: (c) => `${report(c)} への意見の期限は ${String(c.payload.dueDate)} です。ご対応をお願いします。`,
  },
  'review.due_today': {
    label: '意見照会の期限当日',
    audience: ['named_expert'],
    subject: (c) => `【本日期限】${report(c)}`,
    message: (c) => `${report(c)} への意見の期限は本日 ${String(c.payload.dueDate)} です。`,
  },
  'review.overdue': {
    label: '意見照会の期限超過',
    audience: ['named_expert', 'planning'],
    subject: (c) => `【期限超過】${report(c)}`,
    message: (c) =>
      `${report(c)} への意見が期限 ${String(c.payload.dueDate)} を過ぎても入力されていません(${textOf(c.payload.expertName)})。`,
  },
  'question.asked': {
    label: '有識者からの質問',
    audience: ['owners'],
    subject: (c) => `【質問】${report(c)}`,
    message: (c) => `${c.actorName}さんから ${report(c)} について質問がありました。回答してください。`,
  },
  'question.answered': {
    label: '質問への回答',
    audience: ['question_author'],
    subject: (c) => `【回答】${report(c)}`,
    message: (c) => `${report(c)} についてのご質問に事業担当課が回答しました。`,
  },
  'report.evaluated': {
    label: '評価の取りまとめ',
    audience: ['owners'],
    subject: (c) => `【評価】${report(c)}`,
    message: (c) => `${report(c)} の外部有識者からの評価が取りまとめられました。`,
  },
  'proposal.awaiting_approval': {
    label: '方針案の承認依頼',
    audience: ['planning'],
    subject: (c) => `【承認依頼】${report(c)} の今後の方針`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の今後の方針(案)を作成しました。内容を確認し、承認または差戻しをしてください(提案者本人は承認できません)。`,
  },
  'proposal.sent_back': {
    label: '方針案の差戻し',
    audience: ['proposer'],
    subject: (c) => `【方針案差戻し】${report(c)}`,
    message: (c) => `${report(c)} の今後の方針(案)が差し戻されました。${quoted(c.payload.comment)}`,
  },
  'report.decided': {
    label: '方針の決定',
    audience: ['owners', 'report_experts'],
    subject: (c) => `【方針決定】${report(c)}`,
    message: (c) => `${report(c)} の今後の方針が決定しました。`,
  },
  'report.published': {
    label: '公表',
    audience: ['owners', 'report_experts'],
    subject: (c) => `【公表】${report(c)}`,
    message: (c) => `${report(c)} の事業実施結果報告が公表されました。`,
  },
  'report.reopened': {
    label: '方針決定の再開',
    audience: ['planning', 'owners'],
    subject: (c) => `【再開】${report(c)}`,
    message: (c) => `${report(c)} の方針決定が管理者により再開されました。${quoted(c.payload.reason)}`,
  },
  'report.correction_started': {
    label: '公表済み報告の訂正',
    audience: ['planning', 'owners'],
    subject: (c) => `【訂正】${report(c)}`,
    message: (c) =>
      `公表済みの ${report(c)} が訂正のため管理者により再開されました。訂正後に公表すると新しい版になり、公表済みの版はそのまま残ります。${quoted(c.payload.reason)}`,
  },
};
