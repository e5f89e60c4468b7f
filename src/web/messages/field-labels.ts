import { japaneseDate, japaneseDateTime } from '../../common/dates';
import { displayValue } from '../../common/display-value';
import { MIN_FISCAL_YEAR } from '../../common/era-input';
import { formatPercent } from '../../common/percent';
import { formatFiscalYear } from '../../common/japanese-era';
import { type AuditAction, auditActionLabel } from '../../audit/audit-actions';
import { ImportMode } from '../../imports/import-model';
import type { ExportFormat } from '../../exports/exports.service';
import { DELIVERY_CHANNEL_LABELS, kindLabel } from '../../notifications/notification-catalogue';
import { REMINDER_KIND_LABELS, REMINDER_KINDS } from '../../reports/reviews/reminder-templates';
import { SCALE_TITLES } from '../../reports/report/assessment-choices';
import {
  CONFLICT_OF_INTEREST_LABELS,
  ConflictOfInterest,
  DECLINE_REASON_LABELS,
} from '../../reports/rules/assignment-answer';
import { REPORT_STATUS_LABELS } from '../../reports/rules/report-status';
import { ASSIGNMENT_STATUS_LABELS } from '../../reports/rules/assignment-status';
import { loggedRolesText } from '../../users/audit-log-people';
import { PASSWORD_MIN_LENGTH } from '../../users/password-policy';
import { KPI_DEFINITION_LABELS, kpiLabel } from '../../projects/kpi-label';
import { projectFieldLabel } from '../../projects/project-field-labels';

/**
 * The pages' Japanese names of what the services name in English: fields by JSON pointer, and what the audit log's
 * entries hold (the actions' own names are beside them, in src/audit/audit-actions.ts, for the CSV too).
 */
export type FieldLabels = Record<string, string>;

/** Beside every field that sets a password: what the policy refuses, before it is typed. */
export const NEW_PASSWORD_HINT = `${PASSWORD_MIN_LENGTH}文字以上。同じ文字の繰り返し、「1234」のような並び、よく使われるパスワード、氏名やメールアドレスは使えません。覚えやすい長めの文や、いくつかの単語の組み合わせがおすすめです。`;

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
  '/currentPassword': '現在のパスワード',
  '/newPassword': '新しいパスワード',
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
  correctionCancelReason: '訂正を取りやめる理由',
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
  // A year's value as the recorded changes name it (reportChangeDocument), and as the ⑤ form shows it.
  match = /^\/kpiResults\/(\d+)\/yearlyActuals\/(\d+)$/.exec(path);
  if (match) return `⑤${kpiLabel(Number(match[1]) + 1)}の${formatFiscalYear(Number(match[2]))}の実績`;
  match = /^\/kpiResults\/(\d+)(?:\/(\w+))?(?:\/(\d+)\/\w+)?$/.exec(path);
  if (match)
    return `⑤${kpiLabel(Number(match[1]) + 1)}${match[2] ? `の${KPI_RESULT_FIELDS[match[2]] ?? match[2]}` : ''}`;
  if (path.startsWith('/project/')) return projectFieldLabel(path.slice('/project'.length));
  match = /^\/acknowledgedWarningKeys/.exec(path);
  if (match) return '確認済みの警告';
  return path.replace(/^\//, '');
}

/**
 * Labels of the pointers that name a report's KPIs by their place in its list (/kpiResults/1/latestValue in the update
 * request, its refusals, submission problems and warnings; /project/kpis/1/target in warnings), which stay pointers to
 * the form's fields: each names its KPI by number, so with 指標① and ③ the second is 指標③, not 指標② as fieldLabel
 * alone would read the place.
 */
export function kpiPlaceLabels(kpis: readonly { definition: { position: number } }[]): FieldLabels {
  const labels: FieldLabels = {};
  kpis.forEach(({ definition }, index) => {
    const slot = definition.position - 1;
    for (const [place, named, fields] of [
      [`/kpiResults/${index}`, `/kpiResults/${slot}`, Object.keys(KPI_RESULT_FIELDS)],
      [`/project/kpis/${index}`, `/project/kpis/${slot}`, Object.keys(KPI_DEFINITION_LABELS)],
    ] as const) {
      labels[place] = fieldLabel(named);
      for (const field of fields) labels[`${place}/${field}`] = fieldLabel(`${named}/${field}`);
    }
  });
  return labels;
}

/** A reminder's subject or body on the 意見照会の設定 form, by kind of reminder. */
export const reminderTemplatePointer = (kind: string, field: string) => `/reminderTemplates/${kind}/${field}`;

/** 意見照会の設定's fields: one wording for its form, its errors and the audit log's entries of its changes. */
export const REVIEW_SETTING_LABELS: FieldLabels = {
  '/reminderOffsets': '催促する日',
  '/linkValidDaysAfterDue': 'リンクを使える期間(期限後の日数)',
  '/autoInviteAlternates': '補欠の有識者への自動依頼',
  ...Object.fromEntries(
    REMINDER_KINDS.flatMap((kind) => [
      [reminderTemplatePointer(kind, 'subject'), `${REMINDER_KIND_LABELS[kind]}の件名`],
      [reminderTemplatePointer(kind, 'body'), `${REMINDER_KIND_LABELS[kind]}の本文`],
    ]),
  ),
};

/** The values a yes-or-no setting's radios send, in the order its form lists them. */
export const SETTING_ANSWERS = ['false', 'true'] as const;

/** A yes-or-no setting's radios, by the value each sends. */
type SettingChoices = Record<(typeof SETTING_ANSWERS)[number], string>;

/** 意見照会の設定's answers to 補欠の有識者への自動依頼. */
export const AUTO_INVITE_ALTERNATES_CHOICES: SettingChoices = {
  false: '自動で依頼しない',
  true: '辞退または未回答で解除したとき、次の補欠の有識者に自動で依頼する',
};

/** Whose wording a reminder goes with: the organization's own, or the default (no wording of its own, null in the log). */
export const REMINDER_WORDING_TAGS = { own: '団体の文面', default: '既定の文面' } as const;

/** The organization's own settings (団体の設定): one wording for the organization page, its errors and the audit log. */
export const ORGANIZATION_SETTING_LABELS: FieldLabels = {
  // Set through the API only: the log names it as the ⑥ suggestion it steers (effect-suggestion.ts).
  '/effectCloseThreshold': '⑥事業効果の目安(相当程度の基準)',
  '/publishPanelMemberNames': '外部有識者の氏名の掲載',
  '/openDataLicence': '利用条件(ライセンス)の名称',
  '/openDataLicenceUrl': '利用条件(ライセンス)のURL',
};

/** 団体の設定's answers to 外部有識者の氏名の掲載. */
export const PUBLISH_PANEL_MEMBER_NAMES_CHOICES: SettingChoices = {
  false: '掲載しない',
  true: '掲載する(報告ごとに、意見を述べた外部有識者の氏名を⑦の下に掲載します)',
};

/** A kind of notification's channel, as its settings form and the audit log name it. */
export const notificationChannelLabel = (kindLabel: string) => `「${kindLabel}」の受け取り方`;

/** A day relative to a due date (−3: three days before), as the reminders' settings and log read it. */
function daysFromDueText(daysFromDue: number): string {
  if (daysFromDue < 0) return `期限の${-daysFromDue}日前`;
  return daysFromDue === 0 ? '期限当日' : `期限の${daysFromDue}日後`;
}

/** The audit trail's note on a reminder or an overdue notice: about whom, and where the due date stood when it went. */
function reminderNote(expertName: string, dueDate: string, daysFromDue?: number): string {
  const when = daysFromDue === undefined ? '' : `(${daysFromDueText(daysFromDue)})`;
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

/**
 * Who acted, as the 監査ログ page names an entry without an account: the system itself, someone not signed in, or the
 * expert whose link was used without signing in (their name beside it, as a member's roles are).
 */
export const AUDIT_UNNAMED_ACTORS = {
  system: 'システム',
  notSignedIn: 'サインインしていない人',
  expertsLink: '外部有識者(リンクから)',
} as const;

/** What an entry was done to (a report, a project) when it has been deleted since. */
export function deletedSubject(kind: string): string {
  return `${kind}(削除済み)`;
}

/**
 * Why a sign-in, a password change or a reset asked for failed, as the log records it (the person was only told that
 * it failed).
 */
const SIGN_IN_FAILURES: Record<string, string> = {
  unknown_account: '登録のないメールアドレス',
  wrong_password: 'パスワードの誤り',
  deactivated_account: '利用を停止したアカウント',
  no_organization: 'どの団体にも属していないアカウント',
};

/** Where a change of address was cancelled. */
const EMAIL_CHANGE_CANCELLATIONS: Record<string, string> = {
  notice_link: 'これまでのメールアドレスへのお知らせのリンクから',
  account_page: 'アカウント設定から',
};

/** Why an expert's sign-in link opened nothing, or sent no fresh one. */
const LINK_REFUSALS: Record<string, string> = {
  unknown: '無効なリンク',
  expired: '有効期限切れのリンク',
  revoked: '無効にされたリンク',
  unknown_link: '無効なリンク',
  assignment_inactive: '終わった依頼のリンク',
};

/** How a report was taken out (ExportFormat), as the pages offering each download word it. */
const EXPORT_FORMATS: Record<ExportFormat, string> = {
  xlsx: 'Excel',
  csv: 'CSV',
  html: '印刷用ページ',
  'summary.xlsx': 'Excel',
};

/** What a report was taken out with, where not the report alone. */
const EXPORT_SCOPES: Record<string, string> = {
  fiscal_year: '年度の全報告',
  project_ledger: '事業の年度別KPI台帳',
  year_summary: '年度のまとめ',
  committee_pack: '外部評価委員会資料',
};

/** Why an alternate was asked: whom they stand in for. */
const ALTERNATE_CAUSES: Record<string, string> = {
  declined: '依頼を辞退した外部有識者の代わり',
  dismissed: '未回答で解除した外部有識者の代わり',
};

const IMPORT_MODES: Record<ImportMode, string> = {
  [ImportMode.Draft]: '下書きとして',
  [ImportMode.Published]: '公表済みとして',
};

/**
 * What a note may read beside an entry's details: the organization's departments, the people, the reports named
 * (「R8年度 移住促進事業」) and the projects (「No.2 移住促進事業」), by id.
 */
interface NoteContext {
  departments: Map<string, string>;
  names: Map<string, string>;
  reports: Map<string, string>;
  projects: Map<string, string>;
}

/** Describes what an entry's details hold; null when they hold nothing worth a line (a bulk flag left unset). */
type DetailNote = (details: Record<string, unknown>, context: NoteContext) => string | null;

/** A detail as text: what the log stored, or nothing for a value it did not store. */
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
/** A code the log stored, in Japanese where it is known; otherwise as stored, rather than nothing. */
const labelled = (labels: Record<string, string>, code: unknown) => labels[text(code)] ?? text(code);
const countOf = (list: unknown) => (Array.isArray(list) ? list.length : 0);
const nameOf = (id: unknown, { names }: NoteContext) => names.get(text(id)) ?? '—';
const namesOf = (ids: unknown, context: NoteContext) =>
  Array.isArray(ids) && ids.length ? ids.map((id) => nameOf(id, context)).join('、') : 'なし';
const emailNote: DetailNote = (details) => `メールアドレス: ${text(details.email)}`;
/** A report an entry names, by its title; one deleted since is named as deleted. */
const reportNote: DetailNote = (details, { reports }) =>
  `報告: ${reports.get(text(details.reportId)) ?? deletedSubject(AUDIT_SUBJECT_LABELS.report)}`;
/** Entries written before they carried the account's address hold none: they keep their action's name alone. */
const ownAccountNote: DetailNote = (details, context) => (details.email ? emailNote(details, context) : null);
/** Why the system, not an administrator's choice, gave or ended a role. */
const ROLE_CHANGE_REASONS: Record<string, string> = {
  deactivated_account_joined_by_invitation:
    '利用を停止していたアカウントが招待に応じて利用を再開したため、停止前の役割をシステムが終了',
  department_retired: '部署の廃止により、後継の部署の役割をシステムが付与',
};
const roleNote: DetailNote = (details, { departments }) => {
  const reason = typeof details.reason === 'string' ? (ROLE_CHANGE_REASONS[details.reason] ?? details.reason) : null;
  return `役割: ${loggedRolesText(details, departments)}${reason ? `・理由: ${reason}` : ''}`;
};
type MovedDate = { from: string | null; to: string | null } | undefined;
const movedDate = (label: string, dates: unknown) =>
  `${label}: ${japaneseDate((dates as MovedDate)?.from)} → ${japaneseDate((dates as MovedDate)?.to)}`;
const fiscalYearNote = (details: Record<string, unknown>) => `年度: ${formatFiscalYear(Number(details.fiscalYear))}`;
const expertsNote: DetailNote = (details, context) =>
  `外部有識者: ${namesOf(details.experts, context)}・意見の期限: ${japaneseDate(text(details.dueDate))}`;
const bulkNote = (details: Record<string, unknown>) => `${fiscalYearNote(details)}・報告 ${Number(details.count)}件`;
/**
 * A project registered or edited although it looked like others (confirmSimilarProject): the ones it was confirmed
 * beside, by title; one deleted since is named as deleted. Nothing for the entries of all other projects.
 */
const confirmedBesideNote =
  (done: string): DetailNote =>
  (details, { projects }) =>
    Array.isArray(details.confirmedBeside) && details.confirmedBeside.length > 0
      ? `よく似た事業(${details.confirmedBeside
          .map((id) => `「${projects.get(text(id)) ?? deletedSubject(AUDIT_SUBJECT_LABELS.project)}」`)
          .join('、')})があることを確認のうえ${done}`
      : null;
const expertNote: DetailNote = (details, context) => `外部有識者: ${nameOf(details.expertUserId, context)}`;
const reminder: DetailNote = (details, context) =>
  reminderNote(
    nameOf(details.expertUserId, context),
    text(details.dueDate),
    typeof details.daysFromDue === 'number' ? details.daysFromDue : undefined,
  );

/**
 * The 変更内容 of actions whose details are neither a comment nor field changes (or whose reason is a code): without
 * one the page would show 「—」 or an English code though the entry says what was done (which role, which address,
 * which expert). Actions not here say all in their name (a sign-out), their transition or their changed fields; a unit
 * spec holds every action to one of these.
 */
export const AUDIT_DETAIL_NOTES: Partial<Record<AuditAction, DetailNote>> = {
  'project.created': confirmedBesideNote('登録'),
  'project.edited': confirmedBesideNote('変更'),
  'report.created': (details) => `${fiscalYearNote(details)}${details.cycleId ? '(年度サイクルの開始で作成)' : ''}`,
  'report.imported': (details) =>
    `${fiscalYearNote(details)}・状態: ${labelled(REPORT_STATUS_LABELS, details.status)}・ファイル: ${text((details.source as { file?: unknown } | undefined)?.file)}`,
  'report.warnings_acknowledged': (details) => `確認した警告: ${countOf(details.keys)}件`,
  'report.deleted': (details) => `国提出事業「${text(details.projectName)}」・${fiscalYearNote(details)}`,
  'report.accepted': (details, context) => `${details.bulk ? '一括受理・' : ''}${expertsNote(details, context)}`,
  'report.evaluated': (details) => (details.file ? `外部評価委員会資料「${text(details.file)}」から取込み` : null),
  // Entries written before they recorded the edition say only whether the publication was the year's.
  'report.published': (details) =>
    [
      details.bulk ? '年度の一括公表による公表' : '',
      details.edition ? `第${text(details.edition)}版${details.correctionReason ? '(訂正)' : ''}` : '',
      details.correctionReason ? `訂正の理由: ${text(details.correctionReason)}` : '',
    ]
      .filter(Boolean)
      .join('・') || null,
  'reports.bulk_published': bulkNote,
  'reports.bulk_accepted': (details, context) => `${bulkNote(details)}・${expertsNote(details, context)}`,
  'report.exported': (details) =>
    [
      `形式: ${labelled(EXPORT_FORMATS, details.format)}`,
      details.edition ? `第${text(details.edition)}版` : '',
      details.scope ? `出力の単位: ${labelled(EXPORT_SCOPES, details.scope)}` : '',
    ]
      .filter(Boolean)
      .join('・'),
  'assignment.created': expertsNote,
  'assignment.removed': (details, context) => `${expertNote(details, context)}・理由: ${text(details.reason)}`,
  'assignment.accepted': (details) =>
    `${labelled(CONFLICT_OF_INTEREST_LABELS, details.conflictOfInterest)}${
      details.conflictOfInterest === ConflictOfInterest.Declared ? `: ${text(details.conflictOfInterestDetails)}` : ''
    }`,
  'assignment.declined': (details) => {
    const kind = labelled(DECLINE_REASON_LABELS, details.declineReasonKind);
    const suggested = (details.suggestedExpert as { name?: string } | null)?.name;
    return `辞退の理由: ${kind}${details.declineReason ? `(${text(details.declineReason)})` : ''}${suggested ? `・推薦: ${suggested}` : ''}`;
  },
  'assignment.dismissed': (details) => `解除の理由: ${text(details.note)}`,
  // Entries written before they recorded the assignment as it was hold only the new due date.
  'assignment.reopened': (details, context) => {
    const previous = details.previous as { status?: string; dueDate?: string } | undefined;
    return `${reminder(details, context)}${
      previous?.status
        ? `・再依頼の前: ${labelled(ASSIGNMENT_STATUS_LABELS, previous.status)}(回答期限 ${japaneseDate(text(previous.dueDate))})`
        : ''
    }`;
  },
  'assignment.reminded': reminder,
  'assignment.overdue_notified': reminder,
  'alternates.changed': (details, context) =>
    `補欠: ${namesOf(details.from, context)} → ${namesOf(details.to, context)}`,
  'alternate.invited': (details, context) =>
    `${nameOf(details.alternateExpertUserId, context)}(${labelled(ALTERNATE_CAUSES, details.cause)})`,
  'review_link.issued': (details, context) =>
    `${expertNote(details, context)}・有効期限: ${japaneseDateTime(text(details.expiresAt))}`,
  'review_link.expiry_changed': (details, context) =>
    `${expertNote(details, context)}・有効期限: ${japaneseDateTime(text(details.from))} → ${japaneseDateTime(text(details.to))}`,
  'review_link.used': reportNote,
  'review_link.refused': (details) => `理由: ${labelled(LINK_REFUSALS, details.reason)}`,
  'review_link.revoked': (details, context) =>
    `${expertNote(details, context)}・無効にしたリンク: ${Number(details.revokedLinks)}件・終えたログイン: ${Number(details.endedSessions)}件${details.reason ? `(${auditActionLabel(text(details.reason))}による)` : ''}`,
  // Entries written before they named the expert and the report hold only the link's id.
  'review_link.renewal_requested': (details, context) =>
    details.expertUserId ? `${expertNote(details, context)}・${reportNote(details, context)}` : null,
  'review_link.renewal_refused': (details) => `送らなかった理由: ${labelled(LINK_REFUSALS, details.reason)}`,
  'opinion.entered_on_behalf': (details, context) =>
    `外部有識者: ${nameOf(details.onBehalfOfExpertUserId, context)}(外部評価委員会資料「${text(details.source)}」から)`,
  'committee_pack.imported': (details) =>
    `ファイル: ${text(details.source)}・${fiscalYearNote(details)}・報告 ${countOf(details.reports)}件`,
  'import.confirmed': (details) =>
    `ファイル: ${text(details.source)}・報告 ${countOf(details.reports)}件を${labelled(IMPORT_MODES, details.mode)}`,
  'cycle.opened': (details) => `${fiscalYearNote(details)}・提出期限: ${japaneseDate(text(details.submissionDueDate))}`,
  'cycle.closed': fiscalYearNote,
  'cycle.deadlines_changed': (details) =>
    [movedDate('提出期限', details.submissionDueDate), movedDate('意見の期限', details.reviewDueDate)].join('・'),
  'assessment_options.changed': (details) => `対象: ${labelled(SCALE_TITLES, details.scale)}`,
  'organization.created': (details) => `${text(details.name)}(地方公共団体コード ${text(details.localGovernmentCode)})`,
  'department.created': (details) => `部署名: ${text(details.name)}`,
  'department.retired': (details, { departments }) => {
    const successorId = details.successorId as string | null;
    if (!successorId) return `部署名: ${text(details.name)}`;
    const successor = departments.get(successorId) ?? text(details.successorName);
    return `部署名: ${text(details.name)}・統合先: ${successor}・移した事業: ${countOf(details.projectIds)}件`;
  },
  'invitation.created': (details, context) => `${emailNote(details, context)}・${roleNote(details, context)}`,
  'invitation.accepted': emailNote,
  'invitation.declined': emailNote,
  'invitation.revoked': emailNote,
  'invitation.superseded': emailNote,
  'invitation.resent': (details, context) =>
    `${emailNote(details, context)}・回答の期限: ${japaneseDateTime(text(details.expiresAt))}`,
  'user.created': emailNote,
  'membership.granted': roleNote,
  'membership.revoked': roleNote,
  'user.deactivated': emailNote,
  'user.reactivated': emailNote,
  'user.password_reset_sent': emailNote,
  'user.renamed': (details) => `氏名: ${text(details.from)} → ${text(details.to)}`,
  'user.email_change_requested': (details) => `メールアドレス: ${text(details.from)} → ${text(details.to)}`,
  'user.email_change_refused': (details) => `理由: ${labelled(SIGN_IN_FAILURES, details.reason)}`,
  'user.email_change_throttled': ownAccountNote,
  'user.email_change_cancelled': (details) =>
    `取りやめた変更先: ${text(details.to)}(${labelled(EMAIL_CHANGE_CANCELLATIONS, details.via)})`,
  'user.email_changed': (details) => `メールアドレス: ${text(details.from)} → ${text(details.to)}`,
  'user.platform_operator_granted': emailNote,
  'user.platform_operator_revoked': emailNote,
  'auth.login_succeeded': emailNote,
  'auth.login_failed': (details) => `${labelled(SIGN_IN_FAILURES, details.reason)}(${text(details.email)})`,
  'auth.login_throttled': emailNote,
  'auth.password_changed': (details) => `ほかの端末のログインを終了: ${Number(details.otherSessionsEnded)}件`,
  'auth.password_change_failed': (details) => `理由: ${labelled(SIGN_IN_FAILURES, details.reason)}`,
  'auth.password_change_throttled': ownAccountNote,
  'auth.password_reset_requested': emailNote,
  'auth.password_reset_refused': (details) => `${labelled(SIGN_IN_FAILURES, details.reason)}(${text(details.email)})`,
  'auth.password_reset_throttled': emailNote,
  'auth.password_reset': (details) =>
    details.sentByAdministrator ? '管理者が送った案内から再設定' : '本人の依頼で送った案内から再設定',
  'notification.retried': (details) => `送信に失敗した理由: ${text(details.lastError)}`,
  'notification_event.retried': (details) =>
    `通知: ${kindLabel(text(details.eventType))}、作成に失敗した理由: ${text(details.lastError)}`,
  'queue_dashboard.changed': (details) => `操作: ${text(details.operation)}`,
  'audit.exported': (details) => `出力した記録: ${Number(details.rows)}件`,
  'audit.checkpoint_created': (details) =>
    `記録番号 ${Number(details.sequence)} までを署名(ファイル: ${text(details.file)})`,
};

/** How the fields a change names and their values read where they are no report's (settings, say). */
export interface ChangeWording {
  label: (path: string) => string;
  value: (path: string, value: unknown) => string;
}

/**
 * The changed fields of settings entries, by the labels their own pages give them and with their codes in Japanese:
 * the services store them by their English names (entries are never rewritten), and the page reads them so.
 */
export const AUDIT_CHANGE_WORDINGS: Partial<Record<AuditAction, ChangeWording>> = {
  'review_settings.changed': {
    label: (path) => fieldLabel(path, REVIEW_SETTING_LABELS),
    value: (path, value) => {
      if (path === '/reminderOffsets' && Array.isArray(value))
        return value.length ? value.map(Number).map(daysFromDueText).join('、') : '催促しない';
      // A number of days, as the settings page asks for it.
      if (path === '/linkValidDaysAfterDue' && typeof value === 'number') return `${value}日`;
      // A reminder without a wording of its own goes with the default one.
      if (path.startsWith('/reminderTemplates/') && value === null) return REMINDER_WORDING_TAGS.default;
      return displayValue(path, value);
    },
  },
  'organization.settings_changed': {
    label: (path) => fieldLabel(path, ORGANIZATION_SETTING_LABELS),
    value: (path, value) =>
      path === '/effectCloseThreshold' && typeof value === 'number'
        ? formatPercent(value * 100)
        : displayValue(path, value),
  },
  // Stored by the kind's event type (/report.submitted), a channel's code before and after.
  'notification_preferences.changed': {
    label: (path) => notificationChannelLabel(kindLabel(path.slice(1))),
    value: (_path, value) => labelled(DELIVERY_CHANNEL_LABELS, value),
  },
};

/**
 * ⑤'s column of the year before: 「前年度実績(R4年度)」. A report of H元, the first year read, has no year before that
 * an era names, so its column says 「前年度実績」 alone.
 */
export function previousActualsLabel(fiscalYear: number): string {
  return fiscalYear > MIN_FISCAL_YEAR ? `前年度実績(${formatFiscalYear(fiscalYear - 1)})` : '前年度実績';
}
