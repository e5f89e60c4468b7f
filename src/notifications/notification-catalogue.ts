import { Role } from '../access/role';
import { japaneseDate } from '../common/dates';
import { textOf } from '../common/text';
import { DECLINE_REASON_LABELS, type DeclineReason } from '../reports/rules/assignment-answer';
import {
  DEFAULT_REMINDER_TEMPLATES,
  ReminderKind,
  renderReminderText,
  type ReminderText,
  reminderValues,
} from '../reports/reviews/reminder-templates';
import type { EventMatch } from '../outbox/outbox.repository';
import { DeliveryChannel } from './notification-preference.entity';
import { EMAIL_CHANGE_REQUESTED_EVENT, PASSWORD_CHANGED_EVENT } from '../accounts/own-account.service';
import { PASSWORD_RESET_REQUESTED_EVENT } from '../accounts/password-resets.service';
import { INVITATION_CREATED_EVENT } from '../invitations/invitations.service';
import { REVIEW_SETTINGS_CHANGED_EVENT } from '../reports/reviews/review-settings.service';
import { BULK_PUBLISHED_EVENT } from '../reports/workflow/bulk-publication.service';
import { REVIEW_LINK_REQUESTED_EVENT } from '../review-links/review-links';

/**
 * Every kind of notification, in one place: who is told, what they read, whether it asks them to act, and how it
 * reaches them unless they choose otherwise. Recipients never include the person who caused the event.
 */
export type Audience =
  /** Planning division of the report's organization. */
  | 'planning'
  /** Planning users who may approve the proposed policy: not its proposer (four-eyes, payload.proposedBy). */
  | 'approvers'
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

/** The role each audience is drawn from, so a person sees settings only for the kinds that can reach them. */
export const AUDIENCE_ROLES: Record<Audience, Role> = {
  planning: Role.PlanningDivision,
  approvers: Role.PlanningDivision,
  owners: Role.ProjectOwner,
  report_experts: Role.ExternalExpert,
  named_expert: Role.ExternalExpert,
  question_author: Role.ExternalExpert,
  proposer: Role.PlanningDivision,
  named_department: Role.ProjectOwner,
};

/**
 * 要対応: the workflow waits for the recipient (approve, accept or return, enter an opinion, answer, resubmit).
 * お知らせ: everything else, to read when convenient.
 */
export enum NotificationCategory {
  Action = 'action',
  Info = 'info',
}

export const NOTIFICATION_CATEGORY_LABELS: Record<NotificationCategory, string> = {
  [NotificationCategory.Action]: '要対応',
  [NotificationCategory.Info]: 'お知らせ',
};

/** How each channel reads in the settings. */
export const DELIVERY_CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  [DeliveryChannel.ImmediateEmail]: 'すぐにメールで受け取る',
  [DeliveryChannel.DailyDigest]: '1日1回まとめてメールで受け取る',
  [DeliveryChannel.InAppOnly]: '通知一覧だけで受け取る',
  [DeliveryChannel.Off]: '受け取らない',
};

export interface MessageContext {
  projectName: string;
  fiscalYearLabel: string;
  actorName: string;
  /** The expert whose words the actor recorded: an opinion given at the panel's meeting (onBehalfOfExpertUserId). */
  onBehalfOfName?: string;
  payload: Record<string, unknown>;
  /** For a reminder: the municipality's wording of it (意見照会の設定); the default wording without one. */
  reminderText?: ReminderText;
}

/** What a notification's link is built from: the event as the outbox holds it. */
export interface LinkContext {
  organizationId: string;
  reportId: string | null;
  payload: Record<string, unknown>;
}

/**
 * What a settling event shares with the request it settles: the report (every earlier request of the kind about it), or
 * also one id, held in the request's payload field `ours` and in the settling event's field `theirs`. An event about no
 * report (a year's) settles requests about none in its organization.
 */
type SameAs = 'report' | { ours: string; theirs: string };

/** The events that settle a request of one kind, by type: what it asked for has happened or can no longer happen. */
type Settlement = Readonly<Record<string, SameAs>>;

interface KindDescription {
  /** What users see in their preferences. */
  label: string;
  audience: Audience[];
  /**
   * Until a person chooses: what asks them to act is mailed at once; progress reports that come several times per
   * report (each expert's acceptance and opinion) stay in the inbox, so planning gets a few mails per report, not one
   * per step.
   */
  defaultChannel: DeliveryChannel;
  subject: (context: MessageContext) => string;
  message: (context: MessageContext) => string;
  /**
   * The page the mail and the inbox lead to, as a path of this site: the report's page unless the kind says otherwise.
   * It must be a page every recipient may open when they are likely to follow it.
   */
  page?: (context: LinkContext) => string;
}

/**
 * A 要対応 kind names what settles it (empty when no event tells): once settled, a request is read and marked 対応済み
 * for everyone it went to, and leaves the next digest. お知らせ is never settled. A settling event need not be a kind
 * itself: one that tells no one (report.deleted) settles all the same.
 */
export type NotificationKind =
  | (KindDescription & { category: NotificationCategory.Action; settledBy: Settlement })
  | (KindDescription & { category: NotificationCategory.Info; settledBy?: never });

const organizationPage = (c: LinkContext, rest: string) => `/o/${c.organizationId}/${rest}`;

/** A department's reports of the event's year (payload.fiscalYear), where its drafts of the year wait. */
function departmentYearPage(c: LinkContext): string {
  return organizationPage(
    c,
    typeof c.payload.fiscalYear === 'number' ? `my-reports?fiscalYear=${c.payload.fiscalYear}` : 'my-reports',
  );
}

/** An expert's list of what is still asked of them: where a mail about an assignment ended for them leads. */
export function assignmentsPage(c: LinkContext): string {
  return organizationPage(c, 'assignments');
}

/** The report's page; the top page for an event about no report. */
function reportPage(c: LinkContext): string {
  return c.reportId ? organizationPage(c, `reports/${c.reportId}`) : '/';
}

/** Where a notification of the kind leads, as a path of this site. */
export function notificationPage(eventType: string, c: LinkContext): string {
  return (NOTIFICATION_KINDS[eventType]?.page ?? reportPage)(c);
}

const quoted = (value: unknown) => {
  const text = textOf(value);
  return text ? `\n\n「${text}」` : '';
};
const report = (c: MessageContext) => `${c.projectName}(${c.fiscalYearLabel})`;

/**
 * What the owner department is told whenever a report opened for editing again took its project's plan (a
 * report.plan_followed entry), whoever opened it: in the notification of the return, and on the page of an owner who
 * withdrew it. The planning division is told it in the notification of a withdrawal: the report it may have read as
 * submitted now says what the plan says.
 */
export const PLAN_FOLLOWED_NOTE =
  '提出の後に変わった国提出事業の登録内容(計画変更など)を、この報告にも反映しました。変わった項目は「更新履歴」で確認できます。';
/** PLAN_FOLLOWED_NOTE when the return's event says the report took its project's plan (payload.planFollowed). */
const planFollowed = (c: MessageContext) => (c.payload.planFollowed === true ? PLAN_FOLLOWED_NOTE : '');
/** Due dates travel as YYYY-MM-DD; people read them in 和暦 (令和8年12月25日). */
const date = (value: unknown) => japaneseDate(textOf(value));
/** 理由: 時間がない。 — the declining expert's reason as the planning division reads it. */
const declineReason = (payload: Record<string, unknown>) => {
  const kind = textOf(payload.declineReasonKind);
  return kind in DECLINE_REASON_LABELS ? `理由: ${DECLINE_REASON_LABELS[kind as DeclineReason]}。` : '';
};
/** Someone a declining expert suggests asking instead, as they gave them. */
const suggestedExpert = (payload: Record<string, unknown>) => {
  const suggested = payload.suggestedExpert as { name?: unknown; affiliation?: unknown; email?: unknown } | null;
  if (!suggested) return '';
  const affiliation = textOf(suggested.affiliation);
  return `推薦: ${textOf(suggested.name)}${affiliation ? `(${affiliation})` : ''} ${textOf(suggested.email)}。`;
};
/** What planning can do about an expert short on a report. */
const ASK_ANOTHER = '必要に応じて、報告の画面の「外部有識者に追加で依頼する」から別の有識者に依頼してください。';
/** A reminder's subject and message: its wording with the placeholders filled in. */
const reminder = (kind: ReminderKind) => {
  const render = (c: MessageContext, part: keyof ReminderText) =>
    renderReminderText(
      (c.reminderText ?? DEFAULT_REMINDER_TEMPLATES[kind])[part],
      reminderValues(c.projectName, c.fiscalYearLabel, c.payload),
    );
  return { subject: (c: MessageContext) => render(c, 'subject'), message: (c: MessageContext) => render(c, 'body') };
};
const { Action, Info } = NotificationCategory;
const { ImmediateEmail, DailyDigest, InAppOnly } = DeliveryChannel;

/** An expert's request, reminder or overdue notice is about one assignment. */
const sameAssignment: SameAs = { ours: 'assignmentId', theirs: 'assignmentId' };
/** An expert is asked no more once their opinion is in, their assignment has ended, or the review is closed. */
const settledLikeAnExpertRequest: Settlement = {
  'opinion.entered': sameAssignment,
  'assignment.declined': sameAssignment,
  'assignment.removed': sameAssignment,
  'assignment.dismissed': sameAssignment,
  'report.evaluated': 'report',
};

export const NOTIFICATION_KINDS: Record<string, NotificationKind> = {
  'cycle.opened': {
    label: '年度の効果検証の開始',
    audience: ['named_department'],
    category: Action,
    // The year's drafts are submitted one by one, and no event says the last is in: it stays open until the year is
    // closed (an event that tells no one), when nothing more is asked for it.
    settledBy: { 'cycle.closed': { ours: 'fiscalYear', theirs: 'fiscalYear' } },
    defaultChannel: ImmediateEmail,
    subject: (c) =>
      `【開始】${textOf(c.payload.fiscalYearLabel)}の効果検証(提出期限 ${date(c.payload.submissionDueDate)})`,
    message: (c) =>
      `${textOf(c.payload.fiscalYearLabel)}の事業実施結果報告の作成が始まりました。担当する事業の報告(作成中)を入力し、${date(c.payload.submissionDueDate)}までに提出してください。`,
    // About no one report: the department's reports of the opened year, where the new drafts wait.
    page: departmentYearPage,
  },
  'cycle.deadline_changed': {
    label: '提出期限の変更',
    audience: ['named_department'],
    // What to do was asked when the year opened; this tells by when, as a due date moved for an expert does.
    category: Info,
    // At once: an earlier deadline may leave days, not a digest's delay.
    defaultChannel: ImmediateEmail,
    subject: (c) =>
      `【期限変更】${textOf(c.payload.fiscalYearLabel)}の効果検証(提出期限 ${date(c.payload.submissionDueDate)})`,
    message: (c) =>
      `${textOf(c.payload.fiscalYearLabel)}の事業実施結果報告の提出期限が${date(c.payload.previousSubmissionDueDate)}から${date(c.payload.submissionDueDate)}に変更されました。まだ提出していない報告は、${date(c.payload.submissionDueDate)}までに提出してください。`,
    page: departmentYearPage,
  },
  'report.submitted': {
    label: '報告の提出',
    audience: ['planning'],
    category: Action,
    // Accepting asks the experts: its expert.assigned events are the acceptance as the outbox carries it.
    settledBy: { 'report.returned': 'report', 'report.withdrawn': 'report', 'expert.assigned': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `${c.payload.resubmitted === true ? '【再提出】' : '【提出】'}${report(c)}`,
    message: (c) =>
      c.payload.resubmitted === true
        ? `${c.actorName}さんが ${report(c)} の事業実施結果報告を再提出しました(差戻しまたは取下げの後)。前回の提出からの変更を更新履歴で確認し、受理または差戻しをしてください。`
        : `${c.actorName}さんが ${report(c)} の事業実施結果報告を提出しました。内容を確認し、受理または差戻しをしてください。`,
  },
  'report.withdrawn': {
    label: '提出の取下げ',
    audience: ['planning'],
    category: Info,
    defaultChannel: DailyDigest,
    subject: (c) => `【取下げ】${report(c)}`,
    message: (c) => `${c.actorName}さんが ${report(c)} の提出を取り下げました。${planFollowed(c)}`,
  },
  'report.returned': {
    label: '差戻し',
    audience: ['owners'],
    category: Action,
    // A returned draft may also be deleted (report-workflow.ts): then it is never resubmitted.
    settledBy: { 'report.submitted': 'report', 'report.deleted': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【差戻し】${report(c)}`,
    message: (c) =>
      `${report(c)} の事業実施結果報告が差し戻されました。内容を修正して再提出してください。${planFollowed(c)}${quoted(c.payload.comment)}`,
  },
  'expert.assigned': {
    label: '意見照会の依頼',
    audience: ['named_expert'],
    category: Action,
    settledBy: settledLikeAnExpertRequest,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【意見照会】${report(c)}(期限 ${date(c.payload.dueDate)})`,
    message: (c) =>
      `${report(c)} について外部有識者としてのご意見をお願いします。期限は${date(c.payload.dueDate)}です。依頼を引き受けたうえで、意見と評価を入力してください。`,
  },
  'assignment.accepted': {
    label: '意見照会の引受け',
    audience: ['planning'],
    category: Info,
    defaultChannel: InAppOnly,
    subject: (c) => `【引受け】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の意見照会を引き受けました。${
        c.payload.conflictOfInterest === 'declared'
          ? `利害関係の申告があります。内容を確認し、依頼を続けるか判断してください。${quoted(c.payload.conflictOfInterestDetails)}`
          : ''
      }`,
  },
  'assignment.declined': {
    label: '意見照会の辞退',
    audience: ['planning'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【辞退】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の意見照会を辞退しました。${declineReason(c.payload)}${suggestedExpert(c.payload)}${ASK_ANOTHER}${quoted(c.payload.reason)}`,
  },
  'assignment.due_date_changed': {
    label: '意見照会の期限変更',
    audience: ['named_expert'],
    category: Info,
    // At once: the mail carries the updated calendar entry (src/notifications/review-calendar.ts).
    defaultChannel: ImmediateEmail,
    subject: (c) => `【期限変更】${report(c)}(期限 ${date(c.payload.dueDate)})`,
    message: (c) =>
      `${report(c)} への意見の期限が${date(c.payload.previousDueDate)}から${date(c.payload.dueDate)}に変更されました。`,
  },
  'alternate.invited': {
    label: '補欠の有識者への自動依頼',
    audience: ['planning'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【補欠依頼】${report(c)}`,
    message: (c) =>
      `${report(c)} の意見照会が${c.payload.cause === 'dismissed' ? '解除' : '辞退'}されたため、補欠の${textOf(c.payload.expertName)}さんに期限${date(c.payload.dueDate)}で自動的に依頼しました。`,
  },
  'alternate.none_left': {
    label: '補欠の有識者がいない',
    audience: ['planning'],
    category: Action,
    settledBy: { 'expert.assigned': 'report', 'assignment.reopened': 'report', 'report.evaluated': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【補欠なし】${report(c)}`,
    message: (c) =>
      `${report(c)} の意見照会が${c.payload.cause === 'dismissed' ? '解除' : '辞退'}されましたが、依頼できる補欠の有識者が残っていません。${ASK_ANOTHER}`,
  },
  'assignment.removed': {
    label: '意見照会の取消し',
    audience: ['named_expert'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【取消し】${report(c)}`,
    message: (c) => `${report(c)} への意見照会は取り消されました。ご協力ありがとうございました。`,
    // The report is closed to an expert no longer asked: their list of what is still asked of them opens.
    page: assignmentsPage,
  },
  'assignment.dismissed': {
    label: '未回答による意見照会の解除',
    audience: ['named_expert'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【意見照会の終了】${report(c)}`,
    // Planning may close it before the due date too (an expert who said they cannot): no word of a date passed.
    message: (c) =>
      `${report(c)} への意見照会は、まだご回答をいただいていない段階で、企画政策課で終了させていただきました。ご多用のところご検討いただき、ありがとうございました。ご回答の予定があった場合は、企画政策課にご連絡ください。`,
    page: assignmentsPage,
  },
  'assignment.reopened': {
    label: '意見照会の再依頼',
    audience: ['named_expert'],
    category: Action,
    settledBy: settledLikeAnExpertRequest,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【意見照会(再依頼)】${report(c)}(期限 ${date(c.payload.dueDate)})`,
    message: (c) =>
      `${report(c)} について、改めて外部有識者としてのご意見をお願いします。期限は${date(c.payload.dueDate)}です。依頼を引き受けたうえで、意見と評価を入力してください。`,
  },
  'opinion.entered': {
    label: '有識者意見の入力',
    audience: ['planning'],
    category: Info,
    defaultChannel: InAppOnly,
    subject: (c) => `【意見】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが${c.onBehalfOfName ? `、外部評価委員会で${c.onBehalfOfName}さんが述べた` : ''} ${report(c)} への意見を${c.payload.revised ? '修正' : '入力'}しました。`,
  },
  'review.ready': {
    label: '全有識者の意見がそろった',
    audience: ['planning'],
    category: Action,
    // An expert asked after all opinions were in (added, or asked again) makes the review wait once more; their opinion
    // makes it ready again, told anew.
    settledBy: { 'report.evaluated': 'report', 'expert.assigned': 'report', 'assignment.reopened': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【評価可能】${report(c)}`,
    message: (c) =>
      `${report(c)} について依頼したすべての外部有識者の意見がそろいました。評価の取りまとめを行ってください。`,
  },
  // The reminders to an expert, on the municipality's days and in its wording (意見照会の設定).
  'review.reminder': {
    label: '意見照会の期限前リマインダー',
    audience: ['named_expert'],
    category: Action,
    settledBy: settledLikeAnExpertRequest,
    defaultChannel: ImmediateEmail,
    ...reminder(ReminderKind.Before),
  },
  'review.due_today': {
    label: '意見照会の期限当日',
    audience: ['named_expert'],
    category: Action,
    settledBy: settledLikeAnExpertRequest,
    defaultChannel: ImmediateEmail,
    ...reminder(ReminderKind.DueToday),
  },
  'review.after_due': {
    label: '意見照会の期限後の催促',
    audience: ['named_expert'],
    category: Action,
    settledBy: settledLikeAnExpertRequest,
    defaultChannel: ImmediateEmail,
    ...reminder(ReminderKind.AfterDue),
  },
  /** The planning division learns, a day after the due date, whose opinion is still missing. */
  'review.overdue': {
    label: '意見照会の期限超過',
    audience: ['planning'],
    category: Action,
    // A new due date takes the opinion out of arrears.
    settledBy: { ...settledLikeAnExpertRequest, 'assignment.due_date_changed': sameAssignment },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【期限超過】${report(c)}`,
    message: (c) =>
      `${report(c)} への意見が期限(${date(c.payload.dueDate)})を過ぎても入力されていません(${textOf(c.payload.expertName)})。`,
  },
  'question.asked': {
    label: '有識者からの質問',
    audience: ['owners'],
    category: Action,
    // Questions are answered until the policy is proposed (report-workflow.ts): then the answer can no longer come.
    settledBy: {
      'question.answered': { ours: 'commentId', theirs: 'questionId' },
      'proposal.awaiting_approval': 'report',
    },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【質問】${report(c)}`,
    message: (c) => `${c.actorName}さんから ${report(c)} について質問がありました。回答してください。`,
  },
  'question.answered': {
    label: '質問への回答',
    audience: ['question_author'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【回答】${report(c)}`,
    message: (c) => `${report(c)} についてのご質問に事業担当課が回答しました。`,
  },
  'report.evaluated': {
    label: '評価の取りまとめ',
    audience: ['owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【評価】${report(c)}`,
    message: (c) => `${report(c)} の外部有識者からの評価が取りまとめられました。`,
  },
  'proposal.awaiting_approval': {
    label: '方針案の承認依頼',
    audience: ['approvers'],
    category: Action,
    settledBy: { 'report.decided': 'report', 'proposal.sent_back': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【承認依頼】${report(c)} の今後の方針`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の今後の方針(案)を作成しました。内容を確認し、承認または差戻しをしてください。`,
  },
  'proposal.sent_back': {
    label: '方針案の差戻し',
    audience: ['proposer'],
    category: Action,
    settledBy: { 'proposal.awaiting_approval': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【方針案差戻し】${report(c)}`,
    message: (c) => `${report(c)} の今後の方針(案)が差し戻されました。${quoted(c.payload.comment)}`,
  },
  'report.decided': {
    label: '方針の決定',
    audience: ['owners', 'report_experts'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【方針決定】${report(c)}`,
    message: (c) => `${report(c)} の今後の方針が決定しました。`,
  },
  'report.published': {
    label: '公表',
    audience: ['owners', 'report_experts'],
    category: Info,
    defaultChannel: ImmediateEmail,
    // A correction's publication (payload.correctionReason) makes the next edition; the earlier ones stay public.
    subject: (c) => `${c.payload.correctionReason ? '【訂正の公表】' : '【公表】'}${report(c)}`,
    message: (c) =>
      c.payload.correctionReason
        ? `${c.actorName}さんが ${report(c)} の第${Number(c.payload.edition)}版(訂正)を公表しました。公表済みの版はそのまま残ります。${quoted(c.payload.correctionReason)}`
        : `${report(c)} の事業実施結果報告が公表されました。`,
  },
  'report.reopened': {
    label: '方針決定の再開',
    audience: ['planning', 'owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【再開】${report(c)}`,
    message: (c) => `${report(c)} の方針決定が管理者により再開されました。${quoted(c.payload.reason)}`,
  },
  'report.correction_started': {
    label: '公表済み報告の訂正',
    audience: ['planning', 'owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【訂正】${report(c)}`,
    message: (c) =>
      `公表済みの ${report(c)} が訂正のため管理者により再開されました。事業担当課が訂正して提出し、企画政策課が公表すると新しい版になります。公表済みの版はそのまま残ります。${planFollowed(c)}${quoted(c.payload.reason)}`,
  },
  'correction.submitted': {
    label: '訂正の提出',
    audience: ['planning'],
    category: Action,
    settledBy: {
      'report.published': 'report',
      'correction.returned': 'report',
      'correction.withdrawn': 'report',
      'report.correction_cancelled': 'report',
    },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【訂正の確認】${report(c)}`,
    message: (c) =>
      `${c.actorName}さんが ${report(c)} の訂正を提出しました。内容を確認し、訂正した報告を公表するか、差し戻してください。${quoted(c.payload.reason)}`,
  },
  'correction.withdrawn': {
    label: '訂正の提出の取下げ',
    audience: ['planning'],
    category: Info,
    defaultChannel: DailyDigest,
    subject: (c) => `【訂正の取下げ】${report(c)}`,
    message: (c) => `${c.actorName}さんが ${report(c)} の訂正の提出を取り下げました。${planFollowed(c)}`,
  },
  'correction.returned': {
    label: '訂正の差戻し',
    audience: ['owners'],
    category: Action,
    settledBy: { 'correction.submitted': 'report', 'report.correction_cancelled': 'report' },
    defaultChannel: ImmediateEmail,
    subject: (c) => `【訂正の差戻し】${report(c)}`,
    message: (c) =>
      `${report(c)} の訂正が差し戻されました。内容を直して、もう一度訂正を提出してください。${planFollowed(c)}${quoted(c.payload.comment)}`,
  },
  'report.assessment_corrected': {
    label: '評価・方針の訂正',
    audience: ['planning', 'owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【評価・方針の訂正】${report(c)}`,
    // A corrected ⑧ (payload.policyCorrected) is published by another planning user than its corrector.
    message: (c) =>
      `${c.actorName}さんが訂正中の ${report(c)} の外部有識者からの評価(⑦)と今後の方針(⑧)を訂正しました。${c.payload.policyCorrected === true ? `今後の方針を訂正したため、この訂正は${c.actorName}さん以外の企画政策課の職員が公表します。` : ''}公表すると新しい版になり、公表済みの版はそのまま残ります。`,
  },
  'report.correction_cancelled': {
    label: '訂正の取りやめ',
    audience: ['planning', 'owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【訂正の取りやめ】${report(c)}`,
    message: (c) =>
      `${report(c)} の訂正が管理者により取りやめられました。訂正中の変更は破棄され、報告は最後に公表した版の内容に戻りました。公表済みの版はそのまま残ります。${quoted(c.payload.reason)}`,
  },
  'report.publication_withdrawn': {
    label: '公表の取消',
    audience: ['planning', 'owners'],
    category: Info,
    defaultChannel: ImmediateEmail,
    subject: (c) => `【公表取消】${report(c)}`,
    // Taken down during a correction (payload.duringCorrection): it goes on, and publishing it is the way back.
    message: (c) =>
      c.payload.duringCorrection === true
        ? `公表済みの ${report(c)} の公表が、訂正の途中で管理者により取り消されました。報告の内容と公表済みの版はそのまま残り、訂正は続けられます。いま進めている訂正を公表すると、もう一度公表されます。${quoted(c.payload.reason)}`
        : `公表済みの ${report(c)} の公表が管理者により取り消されました。報告の内容と公表済みの版はそのまま残ります。もう一度公表するには、管理者が訂正を始め、訂正した報告を公表します。${quoted(c.payload.reason)}`,
  },
};

/** The kinds that ask the recipient to act; any other type, even one no longer in the catalogue, is お知らせ. */
export const ACTION_KINDS: readonly string[] = Object.keys(NOTIFICATION_KINDS).filter(
  (eventType) => NOTIFICATION_KINDS[eventType].category === NotificationCategory.Action,
);

export function categoryOf(eventType: string): NotificationCategory {
  return ACTION_KINDS.includes(eventType) ? NotificationCategory.Action : NotificationCategory.Info;
}

/**
 * The outbox events that are no kind of notification, in Japanese: mails to one person, and changes that only settle
 * or move notifications made before. Named where an event is listed (送信できなかった通知, the audit log).
 */
const OTHER_EVENT_LABELS: Record<string, string> = {
  'report.deleted': '報告の削除',
  'cycle.closed': '年度サイクルの終了',
  [BULK_PUBLISHED_EVENT]: '年度の一括公表',
  [REVIEW_SETTINGS_CHANGED_EVENT]: '意見照会の設定の変更',
  [INVITATION_CREATED_EVENT]: '利用者の招待メール',
  [PASSWORD_RESET_REQUESTED_EVENT]: 'パスワード再設定のメール',
  [PASSWORD_CHANGED_EVENT]: 'パスワード変更のお知らせメール',
  [EMAIL_CHANGE_REQUESTED_EVENT]: 'メールアドレス変更の確認メール',
  [REVIEW_LINK_REQUESTED_EVENT]: '外部有識者のログイン用リンクのメール',
};

/** An outbox event's name in Japanese: its kind's, else another event's, else the type as an unknown one. */
export function kindLabel(eventType: string): string {
  return NOTIFICATION_KINDS[eventType]?.label ?? OTHER_EVENT_LABELS[eventType] ?? `その他の通知（${eventType}）`;
}

/** The title of one mail telling a person of the reports one bulk action did the same to: 【公表】R5年度の報告 25件. */
export function toldTogetherTitle(eventType: string, fiscalYearLabel: string, count: number): string {
  return `【${kindLabel(eventType)}】${fiscalYearLabel}の報告 ${count}件`;
}

/** An event as settling reads it: its type and payload. */
type SettlingEvent = { type: string; payload: Record<string, unknown> };

/**
 * The match on the other side for a `type` paired by `same` with the event at hand: the id is read from the event's own
 * field (`from`) and must stand in the other side's field.
 */
function matching(type: string, same: SameAs, payload: Record<string, unknown>, from: 'ours' | 'theirs'): EventMatch[] {
  if (same === 'report') return [{ type }];
  const held = payload[same[from]];
  // As the database reads a payload field (->>): a fiscal year is a number, an id a string.
  const value = typeof held === 'number' ? String(held) : textOf(held);
  // An event that does not name what it is about settles nothing rather than everything.
  if (!value) return [];
  return [{ type, payload: { field: same[from === 'ours' ? 'theirs' : 'ours'], value } }];
}

/** The requests an event settles, of its report: each kind that names it, narrowed to the same id where it says so. */
export function requestsSettledBy(event: SettlingEvent): EventMatch[] {
  return Object.entries(NOTIFICATION_KINDS).flatMap(([type, kind]) => {
    const same = kind.settledBy?.[event.type];
    return same ? matching(type, same, event.payload, 'theirs') : [];
  });
}

/** The events, of its report, that would settle a request: none for お知らせ. */
export function settlersOf(request: SettlingEvent): EventMatch[] {
  const settledBy = NOTIFICATION_KINDS[request.type]?.settledBy ?? {};
  return Object.entries(settledBy).flatMap(([type, same]) => matching(type, same, request.payload, 'ours'));
}

/** What a person gets of one kind: their choice, or the kind's default. */
export function channelFor(eventType: string, chosen: DeliveryChannel | undefined): DeliveryChannel {
  return chosen ?? NOTIFICATION_KINDS[eventType]?.defaultChannel ?? DeliveryChannel.ImmediateEmail;
}
