import { japaneseDate } from '../../common/dates';
import { formatFiscalYear } from '../../common/japanese-era';
import { type AuditAction } from '../../audit/audit-actions';
import { loggedRolesText } from '../../users/audit-log-people';
import { kpiLabel } from '../../projects/kpi-label';
import { projectFieldLabel } from '../../projects/project-field-labels';

/**
 * The pages' Japanese names of what the services name in English: fields by JSON pointer, and what the audit log's
 * entries hold (the actions' own names are beside them, in src/audit/audit-actions.ts, for the CSV too).
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
