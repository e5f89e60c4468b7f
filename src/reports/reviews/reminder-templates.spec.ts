import {
  DEFAULT_REMINDER_TEMPLATES,
  ReminderKind,
  reminderKindOf,
  reminderTextProblems,
  renderReminderText,
  type ReminderValues,
} from './reminder-templates';

describe('reminder wordings', () => {
  const values: ReminderValues = {
    氏名: '有識者 一郎',
    事業名: '旭川市産業振興事業',
    年度: '令和8年度',
    期限: '令和8年12月25日',
    残り日数: '3',
    超過日数: '0',
  };

  it('fills in the placeholders by plain replacement: a value is never expanded again nor run', () => {
    expect(renderReminderText('{{氏名}}様 {{ 事業名 }}は{{残り日数}}日後', values)).toBe(
      '有識者 一郎様 旭川市産業振興事業は3日後',
    );
    expect(renderReminderText('{{事業名}}', { ...values, 事業名: '{{氏名}} ${process.exit()} <b>' })).toBe(
      '{{氏名}} ${process.exit()} <b>',
    );
    expect(renderReminderText('{{constructor}} {{__proto__}}', values)).toBe('{{constructor}} {{__proto__}}');
  });

  it('refuses an unknown placeholder, an empty text and a subject of several lines, naming the field', () => {
    expect(reminderTextProblems(ReminderKind.Before, { subject: '{{名前}}様', body: '本文' })).toEqual([
      {
        path: '/reminderTemplates/before/subject',
        message:
          'subject has an unknown placeholder {{名前}}; use one of {{氏名}} {{事業名}} {{年度}} {{期限}} {{残り日数}} {{超過日数}}',
      },
    ]);
    expect(
      reminderTextProblems(ReminderKind.AfterDue, { subject: '件名\n2行目', body: ' ' }).map((problem) => problem.path),
    ).toEqual(['/reminderTemplates/after_due/subject', '/reminderTemplates/after_due/body']);
    for (const kind of Object.values(ReminderKind))
      expect(reminderTextProblems(kind, DEFAULT_REMINDER_TEMPLATES[kind])).toEqual([]);
  });

  it('tells which reminder a day is, counting calendar days from the due date', () => {
    expect([-7, 0, 3].map(reminderKindOf)).toEqual([ReminderKind.Before, ReminderKind.DueToday, ReminderKind.AfterDue]);
  });
});
