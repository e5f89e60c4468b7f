import ICAL from 'ical.js';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import {
  reviewCalendarAttachment,
  reviewCalendarAttachments,
  type ReviewCalendarFacts,
  reviewCalendarUid,
} from './review-calendar';

const facts: ReviewCalendarFacts = {
  assignmentId: '6f1c1c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  dueDate: '2026-12-25',
  projectName: '旭川市産業振興事業',
  link: 'https://kpi.example.jp/o/org-1/reports/report-1',
  changedAt: new Date('2026-11-30T06:00:00Z'),
  first: true,
  cancelled: false,
  baseUrl: 'https://kpi.example.jp',
  mailFrom: '地方創生効果検証システム <no-reply@kpi.example.jp>',
  expert: { name: '有識者 一郎', email: 'ichiro@example.jp' },
};

function parse(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(content) as unknown[]);
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return { calendar, event };
}

describe('the calendar entry of an expert’s due date', () => {
  it('is an all-day entry on the due date, titled with the project and linking to the report', () => {
    const attachment = reviewCalendarAttachment(facts);
    expect(attachment.filename).toBe('review-due-date.ics');
    expect(attachment.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const { calendar, event } = parse(attachment.content);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-12-25');
    expect(event.endDate.toString()).toBe('2026-12-26');
    expect(event.summary).toBe('意見提出期限:旭川市産業振興事業');
    expect(event.description).toContain(facts.link);
    expect(event.uid).toBe('review-6f1c1c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f@kpi.example.jp');
    expect(event.organizer).toBe('mailto:no-reply@kpi.example.jp');
    expect(event.attendees.map((attendee) => attendee.getFirstValue())).toEqual(['MAILTO:ichiro@example.jp']);
  });

  it('keeps its UID when the due date moves, with a higher SEQUENCE for each later change', () => {
    const invitation = parse(reviewCalendarAttachment(facts).content).event;
    const moved = parse(
      reviewCalendarAttachment({
        ...facts,
        dueDate: '2027-01-08',
        first: false,
        changedAt: new Date('2026-12-01T00:00:00Z'),
      }).content,
    ).event;
    const movedAgain = parse(
      reviewCalendarAttachment({
        ...facts,
        dueDate: '2027-01-15',
        first: false,
        changedAt: new Date('2026-12-01T00:00:01Z'),
      }).content,
    ).event;
    expect(new Set([invitation.uid, moved.uid, movedAgain.uid]).size).toBe(1);
    expect(invitation.sequence).toBe(0);
    expect(moved.sequence).toBeGreaterThan(invitation.sequence);
    expect(movedAgain.sequence).toBeGreaterThan(moved.sequence);
    expect(movedAgain.sequence).toBeLessThan(2 ** 31);
    expect(movedAgain.startDate.toString()).toBe('2027-01-15');
  });

  it('is cancelled under the same UID, with a SEQUENCE above every version sent before, when the assignment ends', () => {
    const reopened = reviewCalendarAttachment({ ...facts, first: false, changedAt: new Date('2026-12-01T00:00:00Z') });
    const cancellation = reviewCalendarAttachment({
      ...facts,
      first: false,
      cancelled: true,
      changedAt: new Date('2026-12-01T00:00:01Z'),
    });
    expect(cancellation.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const { calendar, event } = parse(cancellation.content);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.uid).toBe(parse(reopened.content).event.uid);
    expect(event.sequence).toBeGreaterThan(parse(reopened.content).event.sequence);
    expect(event.startDate.toString()).toBe('2026-12-25');
    expect(parse(reopened.content).event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('takes the UID’s host from the base URL', () => {
    expect(reviewCalendarUid('a-1', 'http://localhost:3000')).toBe('review-a-1@localhost');
  });

  describe('goes with a mail', () => {
    const event = (type: string, payload: Record<string, unknown>) =>
      Object.assign(new OutboxEvent(), { id: 'e-1', type, payload, createdAt: new Date('2026-12-01T00:00:00Z') });
    const expert = { userId: 'expert-1', email: 'ichiro@example.jp', displayName: '有識者 一郎' };
    const mail = { projectName: facts.projectName, link: facts.link, baseUrl: facts.baseUrl, mailFrom: facts.mailFrom };
    const payload = { assignmentId: 'a-1', expertUserId: 'expert-1', dueDate: '2026-12-25' };

    it.each(['expert.assigned', 'assignment.due_date_changed', 'assignment.reopened'])(
      '%s, to the expert it names',
      (type) => {
        expect(reviewCalendarAttachments(event(type, payload), expert, mail)).toHaveLength(1);
      },
    );

    it.each(['assignment.removed', 'assignment.dismissed', 'assignment.declined'])(
      '%s, to the expert it names, cancelling',
      (type) => {
        const attachments = reviewCalendarAttachments(event(type, payload), expert, mail);
        expect(
          attachments.map((attachment) => parse(attachment.content).calendar.getFirstPropertyValue('method')),
        ).toEqual(['CANCEL']);
      },
    );

    it('to no one else, and with no other kind of mail', () => {
      expect(
        reviewCalendarAttachments(event('expert.assigned', payload), { ...expert, userId: 'planner-1' }, mail),
      ).toEqual([]);
      expect(reviewCalendarAttachments(event('review.reminder', payload), expert, mail)).toEqual([]);
      expect(
        reviewCalendarAttachments(event('expert.assigned', { ...payload, dueDate: 'soon' }), expert, mail),
      ).toEqual([]);
    });
  });
});
