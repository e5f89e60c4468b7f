import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../access/role';
import { REMINDER_EVENT_TYPES } from '../reports/reviews/reminder-templates';
import {
  ACTION_KINDS,
  AUDIENCE_ROLES,
  categoryOf,
  channelFor,
  kindLabel,
  type MessageContext,
  NOTIFICATION_KINDS,
  NotificationCategory,
  notificationPage,
  PLAN_FOLLOWED_NOTE,
  requestsSettledBy,
  settlersOf,
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

  it.each(['expert.assigned', 'review.reminder', 'review.due_today', 'review.after_due', 'review.overdue'])(
    'writes the due date of %s in 和暦',
    (eventType) => {
      const text = read(eventType, { dueDate: '2026-12-25', expertName: '有識者 一郎' });
      expect(text).toContain('令和8年12月25日');
      expect(text).not.toContain('2026-12-25');
    },
  );

  it('tells planning a resubmission (after 差戻し or 取下げ) from a first submission', () => {
    expect(read('report.submitted', {})).toBe(
      '【提出】旭川市産業振興事業(R8年度)\n企画 花子さんが 旭川市産業振興事業(R8年度) の事業実施結果報告を提出しました。内容を確認し、受理または差戻しをしてください。',
    );
    expect(read('report.submitted', { resubmitted: true })).toBe(
      '【再提出】旭川市産業振興事業(R8年度)\n企画 花子さんが 旭川市産業振興事業(R8年度) の事業実施結果報告を再提出しました(差戻しまたは取下げの後)。前回の提出からの変更を更新履歴で確認し、受理または差戻しをしてください。',
    );
  });

  it("names the expert whose opinion planning recorded at the panel's meeting, not only the planner", () => {
    const kind = NOTIFICATION_KINDS['opinion.entered'];
    expect(kind.message({ ...context({ revised: false }), onBehalfOfName: '有識者 一郎' })).toBe(
      '企画 花子さんが、外部評価委員会で有識者 一郎さんが述べた 旭川市産業振興事業(R8年度) への意見を入力しました。',
    );
    expect(kind.message(context({ revised: true }))).toBe(
      '企画 花子さんが 旭川市産業振興事業(R8年度) への意見を修正しました。',
    );
  });

  it('words reminders as the municipality set them, placeholders filled in, the default wording otherwise', () => {
    const payload = { dueDate: '2026-12-25', expertName: '有識者 一郎', daysFromDue: -3 };
    expect(read('review.reminder', payload)).toBe(
      '【リマインダー】旭川市産業振興事業(R8年度)(期限 令和8年12月25日)\n旭川市産業振興事業(R8年度) への意見の期限は令和8年12月25日です。ご対応をお願いします。',
    );
    const own = NOTIFICATION_KINDS['review.reminder'];
    const withText = {
      ...context(payload),
      reminderText: { subject: '{{氏名}}様 あと{{残り日数}}日', body: '{{事業名}}: {{期限}}まで({{不明}})' },
    };
    expect(own.subject(withText)).toBe('有識者 一郎様 あと3日');
    expect(own.message(withText)).toBe('旭川市産業振興事業: 令和8年12月25日まで({{不明}})');
    expect(NOTIFICATION_KINDS['review.after_due'].audience).toEqual(['named_expert']);
    expect(NOTIFICATION_KINDS['review.overdue'].audience).toEqual(['planning']);
  });

  it('writes the submission due date of an opened fiscal year in 和暦, 元年 included', () => {
    const text = read('cycle.opened', { fiscalYearLabel: 'R元年度', submissionDueDate: '2019-05-31' });
    expect(text).toContain('提出期限 令和元年5月31日');
    expect(text).not.toContain('2019-05-31');
  });

  it("leads the owning department from an opened fiscal year to that year's reports of theirs", () => {
    const payload = { departmentId: 'department-1', fiscalYear: 2023, fiscalYearLabel: 'R5年度' };
    expect(notificationPage('cycle.opened', { organizationId: 'org-1', reportId: null, payload })).toBe(
      '/o/org-1/my-reports?fiscalYear=2023',
    );
  });

  it('tells the owning department of a moved submission deadline, from the old date to the new, in 和暦', () => {
    const payload = {
      departmentId: 'department-1',
      fiscalYear: 2023,
      fiscalYearLabel: 'R5年度',
      submissionDueDate: '2027-01-15',
      previousSubmissionDueDate: '2027-01-29',
    };
    expect(read('cycle.deadline_changed', payload)).toBe(
      '【期限変更】R5年度の効果検証(提出期限 令和9年1月15日)\nR5年度の事業実施結果報告の提出期限が令和9年1月29日から令和9年1月15日に変更されました。まだ提出していない報告は、令和9年1月15日までに提出してください。',
    );
    expect(notificationPage('cycle.deadline_changed', { organizationId: 'org-1', reportId: null, payload })).toBe(
      '/o/org-1/my-reports?fiscalYear=2023',
    );
    // The year's opening asked them to act; the new date only says by when, and reaches them at once.
    expect(categoryOf('cycle.deadline_changed')).toBe(NotificationCategory.Info);
    expect(channelFor('cycle.deadline_changed', undefined)).toBe(DeliveryChannel.ImmediateEmail);
  });

  it.each(['report.returned', 'correction.returned', 'report.correction_started'])(
    'tells the owner department of %s that the report took its project’s plan, when it did, only then',
    (eventType) => {
      const message = (payload: Record<string, unknown>) => NOTIFICATION_KINDS[eventType].message(context(payload));

      expect(message({ comment: '指標を確認', reason: '誤記', planFollowed: true })).toContain(PLAN_FOLLOWED_NOTE);
      expect(message({ comment: '指標を確認', reason: '誤記' })).not.toContain(PLAN_FOLLOWED_NOTE);
    },
  );

  it.each([
    ['report.withdrawn', '企画 花子さんが 旭川市産業振興事業(R8年度) の提出を取り下げました。'],
    ['correction.withdrawn', '企画 花子さんが 旭川市産業振興事業(R8年度) の訂正の提出を取り下げました。'],
  ])(
    'tells the planning division of %s that the report took its project’s plan, in the owner’s words, only then',
    (eventType, withdrawn) => {
      const kind = NOTIFICATION_KINDS[eventType];

      expect(kind.audience).toEqual(['planning']);
      expect(kind.message(context({ planFollowed: true }))).toBe(`${withdrawn}${PLAN_FOLLOWED_NOTE}`);
      expect(kind.message(context({}))).toBe(withdrawn);
    },
  );

  it('words the publication of a correction as its edition, with the reason, and a first publication as such', () => {
    expect(read('report.published', { edition: 1 })).toBe(
      '【公表】旭川市産業振興事業(R8年度)\n旭川市産業振興事業(R8年度) の事業実施結果報告が公表されました。',
    );
    expect(read('report.published', { edition: 2, correctionReason: '⑥の説明の誤記' })).toBe(
      '【訂正の公表】旭川市産業振興事業(R8年度)\n企画 花子さんが 旭川市産業振興事業(R8年度) の第2版(訂正)を公表しました。公表済みの版はそのまま残ります。\n\n「⑥の説明の誤記」',
    );
  });

  it('tells how a withdrawn publication is made public again: a correction to start, or the one under way', () => {
    expect(read('report.publication_withdrawn', { reason: '個人情報の掲載' })).toBe(
      '【公表取消】旭川市産業振興事業(R8年度)\n公表済みの 旭川市産業振興事業(R8年度) の公表が管理者により取り消されました。報告の内容と公表済みの版はそのまま残ります。もう一度公表するには、管理者が訂正を始め、訂正した報告を公表します。\n\n「個人情報の掲載」',
    );
    // Taken down during a correction: the correction goes on, and publishing it is what makes the report public again.
    expect(read('report.publication_withdrawn', { reason: '個人情報の掲載', duringCorrection: true })).toBe(
      '【公表取消】旭川市産業振興事業(R8年度)\n公表済みの 旭川市産業振興事業(R8年度) の公表が、訂正の途中で管理者により取り消されました。報告の内容と公表済みの版はそのまま残り、訂正は続けられます。いま進めている訂正を公表すると、もう一度公表されます。\n\n「個人情報の掲載」',
    );
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
        'review.after_due',
        'review.overdue',
        'question.asked',
        'proposal.awaiting_approval',
        'proposal.sent_back',
        'alternate.none_left',
        'assignment.reopened',
        'correction.submitted',
        'correction.returned',
      ].sort(),
    );
    expect(categoryOf('proposal.awaiting_approval')).toBe(NotificationCategory.Action);
    expect(categoryOf('report.published')).toBe(NotificationCategory.Info);
    expect(categoryOf('a.kind.no.longer.sent')).toBe(NotificationCategory.Info);
  });

  describe('settling what a 要対応 notification asks for', () => {
    it('has every 要対応 kind say what settles it, by events the catalogue knows; お知らせ is never settled', () => {
      // Events the outbox carries that tell no one, yet settle requests.
      const tellingNoOne = ['report.deleted', 'cycle.closed'];
      for (const [eventType, kind] of Object.entries(NOTIFICATION_KINDS)) {
        if (kind.category === NotificationCategory.Info)
          expect([eventType, kind.settledBy]).toEqual([eventType, undefined]);
        else
          for (const settling of Object.keys(kind.settledBy))
            expect([eventType, settling in NOTIFICATION_KINDS || tellingNoOne.includes(settling)]).toEqual([
              eventType,
              true,
            ]);
      }
      expect(tellingNoOne.filter((eventType) => eventType in NOTIFICATION_KINDS)).toEqual([]);
      // Every request can be settled: even a year's opening, whose drafts are submitted one by one, by closing the year.
      expect(
        ACTION_KINDS.filter((eventType) => Object.keys(NOTIFICATION_KINDS[eventType].settledBy ?? {}).length === 0),
      ).toEqual([]);
    });

    it('settles a submission for all planning users by its return, withdrawal or acceptance (the experts asked)', () => {
      for (const settling of ['report.returned', 'report.withdrawn', 'expert.assigned'])
        expect(requestsSettledBy({ type: settling, payload: { assignmentId: 'a-1' } })).toContainEqual({
          type: 'report.submitted',
        });
      expect(settlersOf({ type: 'report.submitted', payload: {} })).toEqual([
        { type: 'report.returned' },
        { type: 'report.withdrawn' },
        { type: 'expert.assigned' },
      ]);
    });

    it('settles a 差戻し by the next submission, or by deleting the draft, which is then never resubmitted', () => {
      expect(settlersOf({ type: 'report.returned', payload: {} })).toEqual([
        { type: 'report.submitted' },
        { type: 'report.deleted' },
      ]);
      // Only a draft may be deleted; a submission it had was settled by the return or withdrawal that made it one.
      expect(requestsSettledBy({ type: 'report.deleted', payload: {} })).toEqual([{ type: 'report.returned' }]);
    });

    it('settles a submitted correction by its publication, return or withdrawal, and a return by the next submission', () => {
      expect(settlersOf({ type: 'correction.submitted', payload: {} })).toEqual([
        { type: 'report.published' },
        { type: 'correction.returned' },
        { type: 'correction.withdrawn' },
        { type: 'report.correction_cancelled' },
      ]);
      expect(requestsSettledBy({ type: 'correction.submitted', payload: {} })).toEqual([
        { type: 'correction.returned' },
      ]);
    });

    it('settles what a correction asked of anyone once it is cancelled (訂正の取りやめ)', () => {
      expect(requestsSettledBy({ type: 'report.correction_cancelled', payload: {} })).toEqual([
        { type: 'correction.submitted' },
        { type: 'correction.returned' },
      ]);
    });

    it("settles an expert's request and its reminders by their opinion or the end of that assignment only", () => {
      const settled = (type: string) => requestsSettledBy({ type, payload: { assignmentId: 'a-1' } });
      const ofThisAssignment = (type: string) => ({ type, payload: { field: 'assignmentId', value: 'a-1' } });
      const requests = ['expert.assigned', 'assignment.reopened', 'review.reminder', 'review.due_today'];
      for (const settling of ['opinion.entered', 'assignment.declined', 'assignment.removed', 'assignment.dismissed'])
        expect(settled(settling)).toEqual(expect.arrayContaining(requests.map(ofThisAssignment)));
      // Accepting is half of what is asked: the opinion is still to come.
      expect(settled('assignment.accepted')).toEqual([]);
      // Closing the review settles every expert's request of the report.
      expect(settled('report.evaluated')).toEqual(expect.arrayContaining(requests.map((type) => ({ type }))));
      // A new due date takes an opinion out of arrears for planning, but the expert is still asked for it.
      expect(settled('assignment.due_date_changed')).toEqual([ofThisAssignment('review.overdue')]);
    });

    it("settles a year's opening by the closing of that year (a fiscal year, as the payload holds it)", () => {
      expect(requestsSettledBy({ type: 'cycle.closed', payload: { fiscalYear: 2022 } })).toEqual([
        { type: 'cycle.opened', payload: { field: 'fiscalYear', value: '2022' } },
      ]);
      expect(settlersOf({ type: 'cycle.opened', payload: { fiscalYear: 2022, departmentId: 'd-1' } })).toEqual([
        { type: 'cycle.closed', payload: { field: 'fiscalYear', value: '2022' } },
      ]);
    });

    it('settles "all opinions in" when the review is closed, or an expert is asked after it (added or asked again)', () => {
      expect(settlersOf({ type: 'review.ready', payload: {} })).toEqual([
        { type: 'report.evaluated' },
        { type: 'expert.assigned' },
        { type: 'assignment.reopened' },
      ]);
      expect(requestsSettledBy({ type: 'assignment.reopened', payload: { assignmentId: 'a-1' } })).toContainEqual({
        type: 'review.ready',
      });
    });

    it('settles a question by its own answer; an event that names nothing settles nothing', () => {
      expect(
        requestsSettledBy({ type: 'question.answered', payload: { questionId: 'q-1', commentId: 'c-9' } }),
      ).toEqual([{ type: 'question.asked', payload: { field: 'commentId', value: 'q-1' } }]);
      expect(settlersOf({ type: 'question.asked', payload: { commentId: 'q-1' } })).toContainEqual({
        type: 'question.answered',
        payload: { field: 'questionId', value: 'q-1' },
      });
      expect(requestsSettledBy({ type: 'opinion.entered', payload: {} })).toEqual([]);
      expect(settlersOf({ type: 'report.published', payload: {} })).toEqual([]);
      expect(settlersOf({ type: 'a.kind.no.longer.sent', payload: {} })).toEqual([]);
    });
  });

  it('tells the expert of a moved due date in 和暦, old and new', () => {
    const text = read('assignment.due_date_changed', { previousDueDate: '2026-12-25', dueDate: '2027-01-08' });
    expect(text).toContain('令和8年12月25日から令和9年1月8日に変更されました');
    expect(text).not.toContain('2027-01-08');
  });

  it('tells planning whom an alternate was invited in place of a declined or dismissed expert, or that none is left', () => {
    expect(read('alternate.invited', { cause: 'declined', expertName: '補欠 三郎', dueDate: '2026-12-25' })).toContain(
      '辞退されたため、補欠の補欠 三郎さんに期限令和8年12月25日で自動的に依頼しました',
    );
    expect(read('alternate.invited', { cause: 'dismissed', expertName: '補欠 三郎', dueDate: '2026-12-25' })).toContain(
      '解除されたため',
    );
    expect(read('alternate.none_left', { cause: 'declined' })).toContain('依頼できる補欠の有識者が残っていません');
    expect(NOTIFICATION_KINDS['alternate.invited'].audience).toEqual(['planning']);
  });

  it('tells planning why an expert declined, and what conflict of interest an accepting one declared', () => {
    expect(read('assignment.declined', { declineReasonKind: 'outside_expertise', reason: '' })).toContain(
      '辞退しました。理由: 専門外。',
    );
    expect(read('assignment.declined', { declineReasonKind: 'other', reason: '海外出張のため' })).toContain(
      '理由: その他。必要に応じて、報告の画面の「外部有識者に追加で依頼する」から別の有識者に依頼してください。\n\n「海外出張のため」',
    );
    expect(
      read('assignment.declined', {
        declineReasonKind: 'no_time',
        suggestedExpert: { name: '北海 次郎', affiliation: '釧路公立大学', email: 'jiro@univ.example.jp' },
      }),
    ).toContain('理由: 時間がない。推薦: 北海 次郎(釧路公立大学) jiro@univ.example.jp。必要に応じて、');
    const declared = read('assignment.accepted', {
      conflictOfInterest: 'declared',
      conflictOfInterestDetails: '申請者の顧問を務めている',
    });
    expect(declared).toContain('利害関係の申告があります');
    expect(declared).toContain('「申請者の顧問を務めている」');
    expect(read('assignment.accepted', { conflictOfInterest: 'none' })).not.toContain('利害関係');
  });

  it('tells a dismissed expert politely that the request was closed, and a reopened one the new due date in 和暦', () => {
    const dismissed = read('assignment.dismissed', { note: '連絡がつかないため' });
    expect(dismissed).toContain('終了させていただきました');
    // Closed before its due date as well as after: it says nothing of a date passed.
    expect(dismissed).not.toContain('期限');
    // The planning division's note is for the record, not for the expert.
    expect(dismissed).not.toContain('連絡がつかない');
    expect(NOTIFICATION_KINDS['assignment.dismissed'].audience).toEqual(['named_expert']);
    expect(read('assignment.reopened', { dueDate: '2026-12-25' })).toContain('期限は令和8年12月25日です');
    expect(NOTIFICATION_KINDS['assignment.reopened'].audience).toEqual(['named_expert']);
  });

  it('leads an expert taken off a review or dismissed to their list: the report is closed to them then', () => {
    const event = { organizationId: 'org-1', reportId: 'report-1', payload: { expertUserId: 'expert-1' } };
    expect(notificationPage('assignment.removed', event)).toBe('/o/org-1/assignments');
    expect(notificationPage('assignment.dismissed', event)).toBe('/o/org-1/assignments');
    expect(notificationPage('expert.assigned', event)).toBe('/o/org-1/reports/report-1');
    expect(notificationPage('report.published', event)).toBe('/o/org-1/reports/report-1');
    expect(notificationPage('a.kind.no.longer.sent', event)).toBe('/o/org-1/reports/report-1');
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

/**
 * The event types the sources put into the outbox: a `type: '…'` of a notification request, the type given to
 * reportNotification (or to stopCounting, which passes it on), an `…_EVENT` constant, a transition announced under
 * its audit action, and the reminders.
 */
function emittedEventTypes(): string[] {
  const root = join(__dirname, '..');
  const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => readFileSync(join(root, file), 'utf8'));
  const patterns = [
    /\btype: '([a-z_]+\.[a-z_]+)'/g,
    /reportNotification\([^()]*?'([a-z_]+\.[a-z_]+)'/g,
    /stopCounting\([^()]*?'([a-z_]+\.[a-z_]+)'/g,
    /_EVENT = '([a-z_]+\.[a-z_]+)'/g,
    /this\.(?:announced|returnWithReason)\(\s*actor,\s*reportId,\s*ReportAction\.\w+,\s*'([a-z_]+\.[a-z_]+)'/g,
  ];
  const found = sources.flatMap((source) =>
    patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1])),
  );
  return [...new Set([...found, ...Object.values(REMINDER_EVENT_TYPES)])].sort();
}

describe('kindLabel', () => {
  it('names in Japanese every event type put into the outbox anywhere, a kind of notification or not', () => {
    const types = emittedEventTypes();
    // The scan finds each way of putting an event: a report's, a year's, a mail's constant and an announced step.
    expect(types).toEqual(
      expect.arrayContaining(['report.deleted', 'cycle.closed', 'invitation.created', 'report.returned']),
    );
    expect(types.filter((type) => kindLabel(type).startsWith('その他の通知'))).toEqual([]);
  });

  it('names a type in no list as another notification, with its type', () => {
    expect(kindLabel('report.submitted')).toBe('報告の提出');
    expect(kindLabel('legacy.removed_kind')).toBe('その他の通知（legacy.removed_kind）');
  });
});
