import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { textOf } from '../common/text';
import type { OutboxEvent } from '../outbox/outbox-event.entity';
import type { MailAttachment } from './email-delivery.entity';

/**
 * Events whose mail to the named expert carries the assignment's calendar entry, and what the entry does there: the
 * invitation, a moved due date and a reopened assignment put it in; a removed, dismissed or declined assignment takes
 * it out. Each payload names assignmentId, expertUserId and the due date the entry is on. No one is told of their own
 * act (recipients.ts): a declining expert's cancellation goes in its confirmation (decline-confirmation-mail.ts).
 */
const CALENDAR_METHODS: Readonly<Partial<Record<string, ICalCalendarMethod>>> = {
  'expert.assigned': ICalCalendarMethod.REQUEST,
  'assignment.due_date_changed': ICalCalendarMethod.REQUEST,
  'assignment.reopened': ICalCalendarMethod.REQUEST,
  'assignment.removed': ICalCalendarMethod.CANCEL,
  'assignment.dismissed': ICalCalendarMethod.CANCEL,
  'assignment.declined': ICalCalendarMethod.CANCEL,
};

/**
 * SEQUENCE: 0 for the invitation, the first version; each later version (a cancellation too) counts seconds from here to
 * the change that caused it, so a later change of the same assignment always has a higher one without storing a counter
 * (mails may even go out of order), and it stays within iCalendar's 32-bit INTEGER until 2088.
 */
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

export interface ReviewCalendarFacts {
  assignmentId: string;
  /** YYYY-MM-DD, a calendar day in Japan. */
  dueDate: string;
  projectName: string;
  /** Where the expert opens the report. */
  link: string;
  /** When the change this mail tells of happened; orders the versions of the entry. */
  changedAt: Date;
  /** The first version of the entry (the invitation). */
  first: boolean;
  /** The assignment has ended: the entry is taken out of the expert's calendar. */
  cancelled: boolean;
  /** APP_BASE_URL: its host makes the UID globally unique. */
  baseUrl: string;
  /** MAIL_FROM, e.g. 地方創生効果検証システム <no-reply@example.jp>: the entry's organizer. */
  mailFrom: string;
  expert: { name: string; email: string };
}

/** The same for every version of one assignment's entry, so calendars replace it rather than add another. */
export function reviewCalendarUid(assignmentId: string, baseUrl: string): string {
  return `review-${assignmentId}@${new URL(baseUrl).hostname}`;
}

export function reviewCalendarSequence(changedAt: Date, first: boolean): number {
  return first ? 0 : Math.max(1, Math.floor((changedAt.getTime() - SEQUENCE_EPOCH_MS) / 1000));
}

function organizerOf(mailFrom: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  return match ? { name: match[1] || match[2], email: match[2] } : { name: mailFrom.trim(), email: mailFrom.trim() };
}

/**
 * The due date as an all-day entry (METHOD:REQUEST, so a calendar updates the entry it already has; METHOD:CANCEL with
 * STATUS:CANCELLED, so it removes it). All-day because the opinion is due on that day in Japan, not at an hour: a date
 * carries no time zone, so it shows on the same day wherever the expert's calendar is set. Transparent: it does not
 * block the day as busy.
 */
export function reviewCalendarAttachment(facts: ReviewCalendarFacts): MailAttachment {
  const day = new Date(`${facts.dueDate}T00:00:00Z`);
  const method = facts.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar = ical({
    prodId: { company: 'kpi-verification', product: 'expert-review', language: 'JA' },
    method,
  });
  calendar.createEvent({
    id: reviewCalendarUid(facts.assignmentId, facts.baseUrl),
    sequence: reviewCalendarSequence(facts.changedAt, facts.first),
    stamp: facts.changedAt,
    // Confirmed, not left unsaid: a reopened assignment's entry comes back after its cancellation.
    status: facts.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    allDay: true,
    start: day,
    end: new Date(day.getTime() + 86_400_000),
    summary: `意見提出期限:${facts.projectName}`,
    description: `${facts.projectName} についての外部有識者としてのご意見の提出期限です。\n報告: ${facts.link}`,
    url: facts.link,
    organizer: organizerOf(facts.mailFrom),
    attendees: [{ name: facts.expert.name, email: facts.expert.email, rsvp: false }],
    transparency: ICalEventTransparency.TRANSPARENT,
  });
  return {
    filename: 'review-due-date.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: calendar.toString(),
  };
}

/** The calendar entry an event's mail carries to one recipient: only to the expert it names, only for due dates. */
export function reviewCalendarAttachments(
  event: OutboxEvent,
  recipient: { userId: string; email: string; displayName: string },
  facts: Pick<ReviewCalendarFacts, 'projectName' | 'link' | 'baseUrl' | 'mailFrom'>,
): MailAttachment[] {
  const { assignmentId, expertUserId, dueDate } = event.payload;
  const method = CALENDAR_METHODS[event.type];
  if (!method || expertUserId !== recipient.userId) return [];
  if (typeof assignmentId !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(textOf(dueDate))) return [];
  return [
    reviewCalendarAttachment({
      ...facts,
      assignmentId,
      dueDate: textOf(dueDate),
      changedAt: event.createdAt,
      first: event.type === 'expert.assigned',
      cancelled: method === ICalCalendarMethod.CANCEL,
      expert: { name: recipient.displayName, email: recipient.email },
    }),
  ];
}
