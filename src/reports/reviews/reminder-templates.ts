import { japaneseDate } from '../../common/dates';
import { textOf } from '../../common/text';
import { type FieldError } from '../../infra/http/validation';
import { type NotificationRequest } from '../../outbox/outbox.repository';
import { type ReviewAssignment } from './review-assignment.entity';

/** The three reminders an expert may get: before the due date, on it, and after it while the opinion is missing. */
export enum ReminderKind {
  Before = 'before',
  DueToday = 'due_today',
  AfterDue = 'after_due',
}

export const REMINDER_KINDS = Object.values(ReminderKind);

export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  [ReminderKind.Before]: '期限前の催促',
  [ReminderKind.DueToday]: '期限当日の催促',
  [ReminderKind.AfterDue]: '期限後の催促',
};

/** The notification (outbox event) type of each reminder; src/notifications/notification-catalogue.ts lists them. */
export const REMINDER_EVENT_TYPES: Record<ReminderKind, string> = {
  [ReminderKind.Before]: 'review.reminder',
  [ReminderKind.DueToday]: 'review.due_today',
  [ReminderKind.AfterDue]: 'review.after_due',
};

/** Which reminder a day relative to the due date is (−3: three days before, 0: on it, 2: two days after). */
export function reminderKindOf(daysFromDue: number): ReminderKind {
  if (daysFromDue < 0) return ReminderKind.Before;
  return daysFromDue === 0 ? ReminderKind.DueToday : ReminderKind.AfterDue;
}

export interface ReminderText {
  subject: string;
  body: string;
}

/** What a template may contain, in {{…}}, with what each stands for (the settings page lists them). */
export const REMINDER_PLACEHOLDERS = {
  氏名: '外部有識者の氏名',
  事業名: '国提出事業名',
  年度: '報告の年度(例: 令和8年度)',
  期限: '意見の期限(例: 令和8年12月15日)',
  残り日数: '期限までの日数(期限前の催促)',
  超過日数: '期限を過ぎた日数(期限後の催促)',
} as const;

export type ReminderPlaceholder = keyof typeof REMINDER_PLACEHOLDERS;
export type ReminderValues = Record<ReminderPlaceholder, string>;

/** The wording every municipality starts with (the texts these reminders had before they could be edited). */
export const DEFAULT_REMINDER_TEMPLATES: Record<ReminderKind, ReminderText> = {
  [ReminderKind.Before]: {
    subject: '【リマインダー】{{事業名}}({{年度}})(期限 {{期限}})',
    body: '{{事業名}}({{年度}}) への意見の期限は{{期限}}です。ご対応をお願いします。',
  },
  [ReminderKind.DueToday]: {
    subject: '【本日期限】{{事業名}}({{年度}})',
    body: '{{事業名}}({{年度}}) への意見の期限は本日({{期限}})です。',
  },
  [ReminderKind.AfterDue]: {
    subject: '【期限超過】{{事業名}}({{年度}})',
    body: '{{事業名}}({{年度}}) への意見が期限({{期限}})を過ぎても入力されていません({{氏名}})。',
  },
};

export const MAX_REMINDER_SUBJECT_LENGTH = 200;
export const MAX_REMINDER_BODY_LENGTH = 5000;

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

const isPlaceholder = (name: string): name is ReminderPlaceholder => Object.hasOwn(REMINDER_PLACEHOLDERS, name);

/**
 * The text with each known {{…}} replaced by its value, in one pass: plain replacement, so neither the template nor a
 * value (a project name) is ever run as code or expanded again. Unknown ones stay as written (saving refuses them).
 */
export function renderReminderText(template: string, values: ReminderValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    isPlaceholder(name.trim()) ? values[name.trim() as ReminderPlaceholder] : whole,
  );
}

/** What is wrong with a template a municipality wants to save, by field (path: /reminderTemplates/before/subject). */
export function reminderTextProblems(kind: ReminderKind, text: ReminderText): FieldError[] {
  const problems: FieldError[] = [];
  const at = (field: keyof ReminderText) => `/reminderTemplates/${kind}/${field}`;
  if (text.subject.trim() === '') problems.push({ path: at('subject'), message: 'subject is required' });
  if (/[\r\n]/.test(text.subject))
    problems.push({ path: at('subject'), message: 'subject must be one line (no line breaks)' });
  if (text.body.trim() === '') problems.push({ path: at('body'), message: 'body is required' });
  for (const field of ['subject', 'body'] as const) {
    const unknown = [...text[field].matchAll(PLACEHOLDER)]
      .map((match) => match[1].trim())
      .filter((name) => !isPlaceholder(name));
    if (unknown.length > 0)
      problems.push({
        path: at(field),
        message: `${field} has an unknown placeholder {{${unknown[0]}}}; use one of ${Object.keys(REMINDER_PLACEHOLDERS)
          .map((name) => `{{${name}}}`)
          .join(' ')}`,
      });
  }
  return problems;
}

/** The reminder an outbox event of this type is, if it is one. */
export function reminderKindOfEvent(eventType: string): ReminderKind | undefined {
  return REMINDER_KINDS.find((kind) => REMINDER_EVENT_TYPES[kind] === eventType);
}

/** A reminder's outbox event: who is reminded, of what, and how many days from the due date it goes out. */
export function reminderRequest(
  assignment: Pick<ReviewAssignment, 'id' | 'organizationId' | 'reportId' | 'expertUserId' | 'dueDate' | 'expert'>,
  daysFromDue: number,
  actorUserId?: string,
): NotificationRequest {
  return {
    organizationId: assignment.organizationId,
    type: REMINDER_EVENT_TYPES[reminderKindOf(daysFromDue)],
    reportId: assignment.reportId,
    actorUserId,
    payload: {
      assignmentId: assignment.id,
      expertUserId: assignment.expertUserId,
      expertName: assignment.expert?.displayName ?? '',
      dueDate: assignment.dueDate,
      daysFromDue,
    },
  };
}

/** The placeholders' values for a reminder event about a report (its project and year as people read them). */
export function reminderValues(
  projectName: string,
  fiscalYearLabel: string,
  payload: Record<string, unknown>,
): ReminderValues {
  const days = typeof payload.daysFromDue === 'number' ? payload.daysFromDue : 0;
  return {
    氏名: textOf(payload.expertName),
    事業名: projectName,
    年度: fiscalYearLabel,
    期限: japaneseDate(textOf(payload.dueDate)),
    残り日数: String(Math.max(0, -days)),
    超過日数: String(Math.max(0, days)),
  };
}
