import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

/** The due moment a few seconds ahead, expressed as a date and a time of day in Japan. */
function dueInSeconds(seconds: number): { dueAt: number; dueDate: string; dueTime: string } {
  const dueAt = Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000;
  const japan = new Date(dueAt + 9 * 3_600_000).toISOString();
  return { dueAt, dueDate: japan.slice(0, 10), dueTime: japan.slice(11, 19) };
}

describe('Review deadlines: reminders, due-day and overdue notices', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  // A "day" of one second and a reminder two "days" ahead: the whole schedule plays out in seconds.
  const DAY_MS = 1000;
  let due: ReturnType<typeof dueInSeconds>;

  beforeAll(async () => {
    // Far enough ahead that the first reminder (two "days" before) comes after the set-up, even on a busy machine.
    due = dueInSeconds(20);
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      REVIEW_DAY_MS: String(DAY_MS),
      REVIEW_REMINDER_DAYS_BEFORE: '2',
      REVIEW_DUE_TIME: due.dueTime,
    });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });

  it('fire at the right times for an expert who has not answered, and are cancelled for one who has', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[2],
    );
    const path = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${report.id}${rest}`;
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: due.dueDate })
      .expect(200);
    // Expert A answers at once: their reminders must not come.
    const assignments = (await t.http().get(path('/assignments')).set(as('planner')).expect(200)).body as {
      id: string;
      expertUserId: string;
      expertName: string | null;
    }[];
    expect(assignments.map((assignment) => assignment.expertName).sort()).toEqual(['experta', 'expertb']);
    const assignmentA = assignments.find((assignment) => assignment.expertUserId === cast.userIds.expertA)!.id;
    await t
      .http()
      .post(path(`/assignments/${assignmentA}/respond`))
      .set(as('expertA'))
      .send({ accept: true })
      .expect(200);
    await t
      .http()
      .put(path(`/assignments/${assignmentA}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効' })
      .expect(200);

    const rows = await eventually(
      () =>
        t.dataSource.query(
          `SELECT n.type, u.email, n.created_at FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.type LIKE 'review.%' ORDER BY n.created_at, u.email`,
        ),
      (found: unknown[]) => found.length >= 4,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const final = await t.dataSource.query(
      `SELECT n.type, u.email, n.created_at FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.type LIKE 'review.%' ORDER BY n.created_at, u.email`,
    );
    expect(final.length).toBe(rows.length);
    expect(final.map((row: any) => [row.type, row.email])).toEqual([
      ['review.reminder', 'expertb@example.jp'],
      ['review.due_today', 'expertb@example.jp'],
      ['review.overdue', 'approver@example.jp'],
      ['review.overdue', 'expertb@example.jp'],
      ['review.overdue', 'planner@example.jp'],
    ]);
    const at = (type: string) => new Date(final.find((row: any) => row.type === type).created_at).getTime();
    // Each fires at its moment (a little after: relay and delivery take a moment), never before.
    for (const [type, expected] of [
      ['review.reminder', due.dueAt - 2 * DAY_MS],
      ['review.due_today', due.dueAt],
      ['review.overdue', due.dueAt + DAY_MS],
    ] as const) {
      expect(at(type)).toBeGreaterThanOrEqual(expected);
      expect(at(type)).toBeLessThan(expected + 1500);
    }
    expect(sink.to('expertb@example.jp').map((mail) => mail.subject.slice(0, 6))).toEqual(
      expect.arrayContaining(['【リマインダ', '【本日期限】', '【期限超過】']),
    );
    expect(sink.to('experta@example.jp').filter((mail) => /リマインダー|本日期限|期限超過/.test(mail.subject))).toEqual(
      [],
    );
    // The planning division is told whose opinion is late.
    const overdue = sink.to('planner@example.jp').find((mail) => mail.subject.startsWith('【期限超過】'));
    expect(overdue?.text).toContain('(expertb)');
  }, 60_000);
});
