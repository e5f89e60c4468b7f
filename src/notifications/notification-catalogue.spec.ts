import { Role } from '../access/role';
import {
  ACTION_KINDS,
  AUDIENCE_ROLES,
  categoryOf,
  channelFor,
  type MessageContext,
  NOTIFICATION_KINDS,
  NotificationCategory,
} from './notification-catalogue';
import { DeliveryChannel } from './notification-preference.entity';

describe('the notification catalogue', () => {
  const context = (payload: Record<string, unknown>): MessageContext => ({
    projectName: '旭川市産業振興事業',
    fiscalYearLabel: 'R8年度',
    actorName: '企画 花子',
    payload,
  });
  const read = (eventType: string, payload: Record<string, unknown>) => {
    const kind = NOTIFICATION_KINDS[eventType];
    return `${kind.subject(context(payload))}\n${kind.message(context(payload))}`;
  };

  it.each(['expert.assigned', 'review.reminder', 'review.due_today', 'review.overdue'])(
    'writes the due date of %s in 和暦',
    (eventType) => {
      const text = read(eventType, { dueDate: '2026-12-25', expertName: '有識者 一郎' });
      expect(text).toContain('令和8年12月25日');
      expect(text).not.toContain('2026-12-25');
    },
  );

  it('writes the submission due date of an opened fiscal year in 和暦, 元年 included', () => {
    const text = read('cycle.opened', { fiscalYearLabel: 'R元年度', submissionDueDate: '2019-05-31' });
    expect(text).toContain('提出期限 令和元年5月31日');
    expect(text).not.toContain('2019-05-31');
  });

  it('sets apart as 要対応 what waits for its recipient, everything else is お知らせ', () => {
    expect([...ACTION_KINDS].sort()).toEqual(
      [
        'cycle.opened',
        'report.submitted',
        'report.returned',
        'expert.assigned',
        'review.ready',
        'review.reminder',
        'review.due_today',
        'review.overdue',
        'question.asked',
        'proposal.awaiting_approval',
        'proposal.sent_back',
      ].sort(),
    );
    expect(categoryOf('proposal.awaiting_approval')).toBe(NotificationCategory.Action);
    expect(categoryOf('report.published')).toBe(NotificationCategory.Info);
    expect(categoryOf('a.kind.no.longer.sent')).toBe(NotificationCategory.Info);
  });

  it('asks for approval only planning users who may approve, never the proposer', () => {
    expect(NOTIFICATION_KINDS['proposal.awaiting_approval'].audience).toEqual(['approvers']);
    expect(AUDIENCE_ROLES.approvers).toBe(Role.PlanningDivision);
  });

  it('by default mails a planning user at once about a report only where it waits for them', () => {
    // One report's way through review with two experts, as far as planning is told of it.
    const steps = [
      'report.submitted',
      'assignment.accepted',
      'assignment.accepted',
      'opinion.entered',
      'opinion.entered',
      'review.ready',
      'proposal.awaiting_approval',
    ];
    const mailed = steps.filter((eventType) => channelFor(eventType, undefined) === DeliveryChannel.ImmediateEmail);
    expect(mailed).toEqual(['report.submitted', 'review.ready', 'proposal.awaiting_approval']);
    expect(steps.every((eventType) => channelFor(eventType, undefined) !== DeliveryChannel.Off)).toBe(true);
  });

  it("follows the person's own choice over the default", () => {
    expect(channelFor('report.submitted', DeliveryChannel.Off)).toBe(DeliveryChannel.Off);
    expect(channelFor('opinion.entered', DeliveryChannel.ImmediateEmail)).toBe(DeliveryChannel.ImmediateEmail);
  });
});
