import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { REVIEW_DEADLINES_QUEUE } from '../../src/notifications/queues';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/** The due moment a few seconds ahead, expressed as a date and a time of day in Japan. */
function dueInSeconds(seconds: number): { dueAt: number; dueDate: string; dueTime: string } {
  const dueAt = Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000;
  const japan = new Date(dueAt + 9 * 3_600_000).toISOString();
  return { dueAt, dueDate: japan.slice(0, 10), dueTime: japan.slice(11, 19) };
}

describe('Review deadlines: the municipality’s reminder days and wording, remind now, and reminders that stop', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  // A "day" of one second: the whole schedule plays out in seconds.
  const DAY_MS = 1000;
  let due: ReturnType<typeof dueInSeconds>;

  beforeAll(async () => {
    // Far enough ahead that the first reminder (two "days" before) comes after the set-up, even on a busy machine.
    due = dueInSeconds(45);
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      REVIEW_DAY_MS: String(DAY_MS),
      REVIEW_DUE_TIME: due.dueTime,
    });
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const deadlines = () => t.app.get<Queue>(getQueueToken(REVIEW_DEADLINES_QUEUE));
  /** Reminder and overdue jobs not yet run (all of them run by a day after the due moment). */
  const deadlinesLeft = async () =>
    Object.values(await deadlines().getJobCounts('delayed', 'waiting', 'active', 'paused', 'prioritized')).reduce(
      (sum, count) => sum + count,
      0,
    );

  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;

  /** A submitted report accepted for review with both experts, due at `due`; its assignments by expert. */
  async function inReview(seed: (typeof ASAHIKAWA_R4_REPORTS)[number]) {
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const path = (rest: string) => api(`/reports/${report.id}${rest}`);
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: due.dueDate })
      .expect(200);
    const assignments = (await t.http().get(path('/assignments')).set(as('planner')).expect(200)).body as {
      id: string;
      expertUserId: string;
      lastRemindedAt: string | null;
    }[];
    const of = (expert: string) => assignments.find((assignment) => assignment.expertUserId === cast.userIds[expert])!;
    return { id: report.id, path, a: of('expertA').id, b: of('expertB').id };
  }

  const reviewNotifications = (reportId: string) =>
    t.dataSource.query<{ type: string; email: string; created_at: Date }[]>(
      `SELECT n.type, u.email, n.created_at FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.type LIKE 'review.%' AND n.report_id = $1 ORDER BY n.created_at, u.email`,
      [reportId],
    );

  it('fire on the configured days in order, in the municipality’s wording; remind now sends one; removal and dismissal stop the rest', async () => {
    // Reminders two "days" before, on the due day and one after; the before-reminder in the municipality's words.
    const { checksum } = (await t.http().get(api('/review-settings')).set(as('planner')).expect(200)).body;
    const saved = await t
      .http()
      .put(api('/review-settings'))
      .set(as('planner'))
      .send({
        checksum,
        reminderOffsets: [1, -2, 0],
        linkValidDaysAfterDue: 30,
        autoInviteAlternates: false,
        reminderTemplates: {
          before: {
            subject: '{{氏名}}様 意見のお願い(あと{{残り日数}}日)',
            body: '{{事業名}}への意見は{{期限}}までにお願いします。',
          },
        },
      })
      .expect(200);
    expect(saved.body.reminderOffsets).toEqual([-2, 0, 1]);

    // Reminders wait until what follows is done, however slowly the machine goes: each then checks what it finds.
    await deadlines().pause();
    const answered = await inReview(ASAHIKAWA_R4_REPORTS[2]);
    const stopped = await inReview(ASAHIKAWA_R4_REPORTS[3]);
    // Scheduled before the first reminder's moment, so none is skipped as past.
    expect(Date.now()).toBeLessThan(due.dueAt - 2 * DAY_MS);
    // Expert A answers the first report at once: their reminders must not come.
    await t
      .http()
      .post(answered.path(`/assignments/${answered.a}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(answered.path(`/assignments/${answered.a}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効', opinionSubmittedAtRead: null })
      .expect(200);

    // On the second report: one reminder to expert B now, then A is taken off and B dismissed.
    const asked = Date.now();
    const reminded = await t
      .http()
      .post(stopped.path(`/assignments/${stopped.b}/remind`))
      .set(as('planner'))
      .expect(200);
    // Reminded while asked, however long the answer took (to the second: the clocks' precisions differ).
    expect(Date.parse(reminded.body.lastRemindedAt)).toBeGreaterThanOrEqual(asked - 1000);
    expect(Date.parse(reminded.body.lastRemindedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    await t
      .http()
      .delete(stopped.path(`/assignments/${stopped.a}`))
      .set(as('admin'))
      .send({ reason: '担当替え' })
      .expect(204);
    await t
      .http()
      .post(stopped.path(`/assignments/${stopped.b}/dismiss`))
      .set(as('planner'))
      .send({ note: '回答がないため' })
      .expect(200);
    // Nothing to remind of any more: refused, and nothing sent.
    const refused = await t
      .http()
      .post(stopped.path(`/assignments/${stopped.b}/remind`))
      .set(as('planner'))
      .expect(409);
    expect(refused.body.message).toContain('no longer active');
    await t
      .http()
      .post(answered.path(`/assignments/${answered.a}/remind`))
      .set(as('planner'))
      .expect(409);
    await deadlines().resume();

    // Every reminder and notice has run (the last a day after the due moment) and all it wrote is delivered.
    await eventually(deadlinesLeft, (left) => left === 0, due.dueAt + DAY_MS - Date.now() + 60_000);
    await settle(t, 60_000);
    const final = await reviewNotifications(answered.id);
    const expertB = final.filter((row) => row.email === 'expertb@example.jp');
    expect(expertB.map((row) => row.type).sort()).toEqual(['review.after_due', 'review.due_today', 'review.reminder']);
    expect(final.filter((row) => row.type === 'review.overdue').map((row) => row.email)).toEqual([
      'approver@example.jp',
      'planner@example.jp',
    ]);
    expect(final.filter((row) => row.email === 'experta@example.jp')).toEqual([]);
    // Each fires at its moment or after (how long after depends on the machine's load), never before.
    const at = (type: string) => new Date(final.find((row) => row.type === type)!.created_at).getTime();
    for (const [type, expected] of [
      ['review.reminder', due.dueAt - 2 * DAY_MS],
      ['review.due_today', due.dueAt],
      ['review.after_due', due.dueAt + DAY_MS],
      ['review.overdue', due.dueAt + DAY_MS],
    ] as const) {
      expect(at(type)).toBeGreaterThanOrEqual(expected);
    }
    const mails = await eventually(
      () => sink.to('expertb@example.jp').filter((mail) => /様 意見のお願い|本日期限|期限超過/.test(mail.subject)),
      (found: unknown[]) => found.length >= 4,
      10_000,
    );
    expect(mails.map((mail) => mail.subject)).toEqual(
      // The municipality's own wording, headed by its name as every mail is.
      expect.arrayContaining([
        '【旭川市】expertb様 意見のお願い(あと2日)',
        expect.stringMatching(/^【旭川市】【本日期限】/),
      ]),
    );
    const before = mails.find((mail) => mail.subject === '【旭川市】expertb様 意見のお願い(あと2日)')!;
    expect(before.text).toMatch(/への意見は令和\d+年\d+月\d+日までにお願いします。/);
    // The planning division is told whose opinion is late.
    const overdue = sink.to('planner@example.jp').find((mail) => mail.subject.startsWith('【旭川市】【期限超過】'));
    expect(overdue?.text).toContain('(expertb)');

    // The second report: exactly the one reminder sent at once (on the due day: worded for it), nothing after.
    expect((await reviewNotifications(stopped.id)).map((row) => [row.type, row.email])).toEqual([
      ['review.due_today', 'expertb@example.jp'],
    ]);
    const [{ last_reminded_at: lastReminded }] = await t.dataSource.query(
      'SELECT last_reminded_at FROM review_assignments WHERE id = $1',
      [stopped.b],
    );
    expect(new Date(lastReminded).toISOString()).toBe(reminded.body.lastRemindedAt);
    // The scheduled reminders of the first report's expert B are recorded as sent too.
    const [{ last_reminded_at: scheduled }] = await t.dataSource.query(
      'SELECT last_reminded_at FROM review_assignments WHERE id = $1',
      [answered.b],
    );
    expect(new Date(scheduled).getTime()).toBeGreaterThanOrEqual(due.dueAt + DAY_MS);
    // Every reminder is in its report's audit log: the one sent at once by the planner, the scheduled ones and the
    // overdue notice by the system, each once.
    const audited = await t.dataSource.query(
      `SELECT entity_id AS report, action, actor_user_id AS actor, details->>'assignmentId' AS assignment,
              details->>'daysFromDue' AS "daysFromDue"
         FROM audit_entries WHERE action IN ('assignment.reminded', 'assignment.overdue_notified')`,
    );
    const bySystem = (action: string, daysFromDue: string | null) => ({
      report: answered.id,
      action,
      actor: null,
      assignment: answered.b,
      daysFromDue,
    });
    expect(audited).toHaveLength(5);
    expect(audited).toEqual(
      expect.arrayContaining([
        {
          report: stopped.id,
          action: 'assignment.reminded',
          actor: cast.userIds.planner,
          assignment: stopped.b,
          daysFromDue: expect.any(String),
        },
        bySystem('assignment.reminded', '-2'),
        bySystem('assignment.reminded', '0'),
        bySystem('assignment.reminded', '1'),
        bySystem('assignment.overdue_notified', null),
      ]),
    );
    // The report's 監査ログ tab says so in words: what was sent, by whom, to whom, and when against the due date.
    const auditTab = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${answered.id}/audit`)
      .set('Cookie', await sessionCookie(t, 'planner@example.jp'))
      .expect(200);
    const shown = shownText(auditTab.text);
    expect(shown).toContain('外部有識者への催促');
    expect(shown).toContain('意見の期限超過の通知(企画政策課へ)');
    expect(shown).toMatch(/・システム・記録番号/);
    expect(shown).toMatch(/外部有識者: expertb・回答期限: 令和\d+年\d+月\d+日\(期限の2日前\)/);
    expect(shown).toContain('(期限当日)');
    expect(shown).toContain('(期限の1日後)');
  }, 120_000);

  it('remind now sent twice at once (two planners, or a retry) mails the expert once and refuses the other with 409', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[4];
    const report = await inReview(seed);
    const remind = () =>
      t
        .http()
        .post(report.path(`/assignments/${report.a}/remind`))
        .set(as('planner'));

    const answers = await Promise.all([remind(), remind()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.message).toContain(
      'reminded less than 10 minutes ago',
    );
    await settle(t, 60_000);
    const reminders = (await reviewNotifications(report.id)).filter((row) => row.email === 'experta@example.jp');
    expect(reminders).toHaveLength(1);
    const mails = sink
      .to('experta@example.jp')
      .filter((mail) => /様 意見のお願い|本日期限|期限超過/.test(mail.subject) && mail.text.includes(seed.projectName));
    expect(mails).toHaveLength(1);
  }, 60_000);
});
