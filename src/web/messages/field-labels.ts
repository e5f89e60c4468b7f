import { japaneseDate } from '../../common/dates';
import { formatFiscalYear } from '../../common/japanese-era';
import { type AuditAction } from '../../audit/audit-actions';
import { loggedRolesText } from '../../users/audit-log-people';
import { kpiLabel } from '../../projects/kpi-label';
import { projectFieldLabel } from '../../projects/project-field-labels';

/**
 * The pages' Japanese names of what the services name in English: fields by JSON pointer, and the audit log's
 * actions.
 */
export type FieldLabels = Record<string, string>;

const BUDGET_LINE_FIELDS: Record<string, string> = {
  name: '事業名',
  summary: '概要',
  results: '主な事業実績',
  budgetAmount: '予算額',
  budgetGrantAmount: 'うち交付金見込',
  actualAmount: '実績額',
  actualGrantAmount: 'うち交付金',
};

const TOTAL_FIELDS: Record<string, string> = {
  budgetAmount: '合計(予算額)',
  budgetGrantAmount: '合計(予算額のうち交付金見込)',
  actualAmount: '合計(実績額)',
  actualGrantAmount: '合計(実績額のうち交付金)',
};

const KPI_RESULT_FIELDS: Record<string, string> = {
  latestValue: '最新値',
  latestAsOf: '最新値の時点',
  isReference: '参考値',
  position: '指標',
  yearlyActuals: '年度別実績',
};

const TOP_LEVEL_FIELDS: FieldLabels = {
  '/actualAsOf': '④実績の時点',
  '/budgetLines': '④市予算事業',
  '/effectLevel': '⑥事業効果',
  '/effectLevelLabel': '⑥事業効果(団体の表記)',
  '/effectNarrative': '⑥事業効果の説明',
  '/effectLevelReason': '⑥目安と異なる評価を選んだ理由',
  '/resultFactors': '要因分析: 結果の要因',
  '/improvementMeasures': '要因分析: 今後講じる措置',
  '/previousPolicyFollowUp': '前年度の方針への対応',
  '/panelRating': '⑦外部有識者からの評価',
  '/panelRatingLabel': '⑦外部有識者からの評価(団体の表記)',
  '/panelOpinion': '⑦外部有識者からの意見',
  '/policyDecision': '⑧今後の方針',
  '/policyDecisionLabel': '⑧今後の方針(団体の表記)',
  '/policyReason': '⑧今後の方針の理由',
  '/status': '状態',
  '/fiscalYear': '年度',
  '/projectId': '国提出事業',
  '/version': '版',
  '/email': 'メールアドレス',
  '/password': 'パスワード',
  '/displayName': '氏名',
  '/comment': 'コメント',
  '/reason': '理由',
  '/rating': '評価',
  '/opinion': '意見',
  '/decision': '今後の方針',
  '/experts': '外部有識者',
  '/dueDate': '意見の期限',
  '/submissionDueDate': '提出期限',
  '/reviewDueDate': '意見の期限',
  '/body': '本文',
  '/accept': '回答',
  '/keys': '確認する警告',
  '/role': '役割',
  '/roles': '役割',
  '/departmentId': '部署',
  '/name': '名前',
};

/**
 * What the report's action forms and their confirmation pages call their fields where the shared name above would not
 * say which (a reason, a comment, a due date): one wording for the field's error messages and for the confirmation's
 * facts alike.
 */
export const REPORT_ACTION_LABELS = {
  returnComment: '差戻しの理由',
  acceptedReports: '受理する報告',
  requestedExperts: '意見を依頼する外部有識者',
  dueDate: '意見の期限',
  newDueDate: '新しい意見の期限',
  dismissalNote: '解除の理由(記録に残ります)',
  rating: '事業の評価',
  opinion: '意見',
  panelOpinion: '外部有識者からの意見',
  question: '質問',
  answer: '回答',
  policyDecision: '今後の方針',
  policyReason: '今後の方針の理由',
  panelRating: '⑦ 外部有識者による事業の評価',
  proposedPolicy: '⑧ 方針案',
  decidedPolicy: '⑧ 今後の方針',
  decidedPolicyReason: '⑧ 今後の方針の理由',
  policyReturnComment: '方針案を差し戻す理由',
  approver: '承認した人',
  suggestedExpert: '代わりに推薦する方',
  approvalUndoReason: 'やり直す理由',
  correctionReason: '訂正の理由',
  correctionReturnComment: '訂正を差し戻す理由',
  publishedOn: '公表日',
  withdrawalReason: '公表を取り消す理由',
} as const;

/** The expert's answer to a review request (受諾・辞退), as its fields are labelled on the page. */
export const EXPERT_ANSWER_LABELS: FieldLabels = {
  '/accept': '依頼への回答',
  '/conflictOfInterest': '利害関係の申告',
  '/conflictOfInterestDetails': '利害関係の内容',
  '/declineReasonKind': '辞退の理由',
  '/reason': '辞退の理由の説明',
  '/suggestedExpert/name': '推薦する方の氏名',
  '/suggestedExpert/email': '推薦する方のメールアドレス',
  '/suggestedExpert/affiliation': '推薦する方の所属',
};

/** The Japanese name of the field a JSON pointer names, for messages and the version history. */
export function fieldLabel(path: string, labels: FieldLabels = {}): string {
  const own = labels[path] ?? TOP_LEVEL_FIELDS[path];
  if (own) return own;
  let match = /^\/budgetLines\/(\d+)(?:\/(\w+))?$/.exec(path);
  if (match) return `④${Number(match[1]) + 1}行目${match[2] ? `の${BUDGET_LINE_FIELDS[match[2]] ?? match[2]}` : ''}`;
  match = /^\/typedTotals\/(\w+)$/.exec(path);
  if (match) return `④${TOTAL_FIELDS[match[1]] ?? match[1]}`;
  match = /^\/kpiResults\/(\d+)(?:\/(\w+))?(?:\/(\d+)\/\w+)?$/.exec(path);
  if (match)
    return `⑤${kpiLabel(Number(match[1]) + 1)}${match[2] ? `の${KPI_RESULT_FIELDS[match[2]] ?? match[2]}` : ''}`;
  if (path.startsWith('/project/')) return projectFieldLabel(path.slice('/project'.length));
  match = /^\/acknowledgedWarningKeys/.exec(path);
  if (match) return '確認済みの警告';
  return path.replace(/^\//, '');
}

/** What the audit log's actions mean, as the audit log pages and their action filter name them. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'report.created': '報告の作成',
  'report.imported': '報告の取込み',
  'report.edited': '報告の編集',
  'report.plan_followed': '国提出事業の変更の反映',
  'report.warnings_acknowledged': '警告の確認',
  'report.deleted': '報告の削除',
  'report.submitted': '提出',
  'report.withdrawn': '提出の取下げ',
  'report.returned': '差戻し',
  'report.accepted': '受理と外部有識者への依頼',
  'report.evaluated': '評価の取りまとめ',
  'policy.proposed': '方針案の提案',
  'policy.approved': '方針の承認',
  'policy.sent_back': '方針案の差戻し',
  'report.published': '公表',
  'reports.bulk_published': '年度の一括公表',
  'reports.bulk_accepted': '一括受理と外部有識者への依頼',
  'report.reopened': '再開',
  'report.correction_started': '訂正開始',
  'correction.submitted': '訂正の提出',
  'correction.withdrawn': '訂正の提出の取下げ',
  'correction.returned': '訂正の差戻し',
  'report.publication_withdrawn': '公表の取消',
  'report.exported': '報告の出力',
  'assignment.created': '外部有識者の追加',
  'assignment.removed': '外部有識者の割当解除',
  'assignment.accepted': '依頼の引受け',
  'assignment.declined': '依頼の辞退',
  'assignment.dismissed': '未回答で解除',
  'assignment.reopened': '外部有識者への再依頼',
  'assignment.reminded': '外部有識者への催促',
  'assignment.overdue_notified': '意見の期限超過の通知(企画政策課へ)',
  'alternates.changed': '補欠の外部有識者の変更',
  'alternate.invited': '補欠の外部有識者への依頼',
  'review_link.issued': 'ログイン用リンクの発行',
  'review_link.expiry_changed': 'ログイン用リンクの有効期限の変更',
  'review_link.used': 'ログイン用リンクでの開始',
  'review_link.refused': 'ログイン用リンクの拒否',
  'review_link.revoked': 'ログイン用リンクの無効化',
  'review_link.renewal_requested': 'ログイン用リンクの再送依頼',
  'review_link.renewal_refused': 'ログイン用リンクの再送依頼(送信なし)',
  'review_link.renewal_throttled': 'ログイン用リンクの再送依頼(回数超過)',
  'opinion.entered': '意見の入力',
  'opinion.entered_on_behalf': '意見の代理入力(外部評価委員会)',
  'committee_pack.imported': '外部評価委員会資料の取込み',
  'question.asked': '質問',
  'question.answered': '回答',
  'project.created': '国提出事業の登録',
  'project.edited': '国提出事業の編集',
  'project.amended': '国提出事業の計画変更',
  'import.confirmed': '取込みの確定',
  'cycle.opened': '年度サイクルの開始',
  'cycle.deadlines_changed': '年度サイクルの期限の変更',
  'cycle.closed': '年度サイクルの終了',
  'assessment_options.changed': '評価区分の文言の変更',
  'review_settings.changed': '意見照会の設定の変更',
  'organization.created': '団体の登録',
  'organization.settings_changed': '団体の設定の変更',
  'department.created': '部署の追加',
  'department.renamed': '部署名の変更',
  'invitation.created': '利用者の招待',
  'invitation.accepted': '招待の承諾',
  'invitation.declined': '招待の辞退',
  'invitation.revoked': '招待の取消し',
  'user.created': 'アカウントの作成',
  'membership.granted': '役割の追加',
  'membership.revoked': '役割の削除',
  'user.deactivated': 'アカウントの利用停止',
  'user.reactivated': 'アカウントの利用再開',
  'user.password_reset_sent': 'パスワード再設定の案内の送信(管理者)',
  'user.platform_operator_granted': '運用管理者の権限の付与',
  'user.platform_operator_revoked': '運用管理者の権限の解除',
  'auth.login_succeeded': 'ログイン',
  'auth.login_failed': 'ログインの失敗',
  'auth.login_throttled': 'ログインの制限(試行回数超過)',
  'auth.logout': 'ログアウト',
  'auth.password_changed': 'パスワードの変更',
  'auth.password_change_failed': 'パスワードの変更の失敗',
  'auth.password_change_throttled': 'パスワードの変更の制限(試行回数超過)',
  'auth.password_reset_requested': 'パスワード再設定の依頼',
  'auth.password_reset_refused': 'パスワード再設定の依頼(送信なし)',
  'auth.password_reset_throttled': 'パスワード再設定の依頼(回数超過)',
  'auth.password_reset': 'パスワードの再設定',
  'notification.retried': '通知メールの再送',
  'notification_preferences.changed': '通知の受け取り方の変更',
  'queue_dashboard.changed': '送信待ち行列の操作',
  'access.denied': '拒否された操作',
  'audit.exported': '監査ログの出力',
  'audit.checkpoint_created': '監査ログのチェックポイントの作成',
};

/** The audit trail's note on a reminder or an overdue notice: about whom, and where the due date stood when it went. */
export function reminderNote(expertName: string, dueDate: string, daysFromDue?: number): string {
  const when =
    daysFromDue === undefined
      ? ''
      : daysFromDue < 0
        ? `(期限の${-daysFromDue}日前)`
        : daysFromDue === 0
          ? '(期限当日)'
          : `(期限の${daysFromDue}日後)`;
  return `外部有識者: ${expertName}・回答期限: ${japaneseDate(dueDate)}${when}`;
}

/** What an audit entry was done to (its entityType), as the organization's 監査ログ names it. */
export const AUDIT_SUBJECT_LABELS: Record<string, string> = {
  report: '報告',
  project: '国提出事業',
  user: '利用者',
  department: '部署',
  organization: '団体',
  invitation: '招待',
  fiscal_year_cycle: '年度サイクル',
  review_assignment: '外部有識者への依頼',
  committee_pack: '外部評価委員会資料',
  import: '報告の取込み',
  assessment_options: '評価区分の文言',
  review_settings: '意見照会の設定',
  email_delivery: '通知メール',
};

/** What an entry was done to (a report, a project) when it has been deleted since. */
export function deletedSubject(kind: string): string {
  return `${kind}(削除済み)`;
}

/** An entry's action as the pages name it; an action the log no longer writes keeps its stored name. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** Why a sign-in failed, as the log records it (the person was only told that it failed). */
const LOGIN_FAILURES: Record<string, string> = {
  unknown_account: '登録のないメールアドレス',
  wrong_password: 'パスワードの誤り',
  deactivated_account: '利用を停止したアカウント',
};

/** Describes what an entry's details hold, given the organization's departments by id (current names). */
type DetailNote = (details: Record<string, unknown>, departments: Map<string, string>) => string;

const emailNote: DetailNote = (details) => `メールアドレス: ${String(details.email)}`;
const roleNote: DetailNote = (details, departments) => `役割: ${loggedRolesText(details, departments)}`;
type MovedDate = { from: string | null; to: string | null } | undefined;
const movedDate = (label: string, dates: unknown) =>
  `${label}: ${japaneseDate((dates as MovedDate)?.from)} → ${japaneseDate((dates as MovedDate)?.to)}`;
const fiscalYearNote: DetailNote = (details) => `年度: ${formatFiscalYear(Number(details.fiscalYear))}`;

/**
 * The 変更内容 of actions whose details are neither a comment nor field changes (or whose reason is a code): without
 * one the page would show 「—」 or an English code though the entry says what was done (which role, which address).
 */
export const AUDIT_DETAIL_NOTES: Partial<Record<AuditAction, DetailNote>> = {
  'auth.login_failed': (details) =>
    `${LOGIN_FAILURES[String(details.reason)] ?? String(details.reason)}(${String(details.email)})`,
  'membership.granted': roleNote,
  'membership.revoked': roleNote,
  'invitation.created': (details, departments) =>
    `${emailNote(details, departments)}・${roleNote(details, departments)}`,
  'invitation.accepted': emailNote,
  'invitation.declined': emailNote,
  'invitation.revoked': emailNote,
  'user.created': emailNote,
  'user.deactivated': emailNote,
  'user.reactivated': emailNote,
  'user.password_reset_sent': emailNote,
  'user.platform_operator_granted': emailNote,
  'user.platform_operator_revoked': emailNote,
  'department.created': (details) => `部署名: ${String(details.name)}`,
  'organization.created': (details) =>
    `${String(details.name)}(地方公共団体コード ${String(details.localGovernmentCode)})`,
  'cycle.opened': (details) =>
    `年度: ${formatFiscalYear(Number(details.fiscalYear))}・提出期限: ${japaneseDate(String(details.submissionDueDate))}`,
  'cycle.closed': fiscalYearNote,
  'cycle.deadlines_changed': (details) =>
    [movedDate('提出期限', details.submissionDueDate), movedDate('意見の期限', details.reviewDueDate)].join('・'),
  'report.exported': (details) => `形式: ${String(details.format)}`,
  'audit.exported': (details) => `出力した記録: ${Number(details.rows)}件`,
};
