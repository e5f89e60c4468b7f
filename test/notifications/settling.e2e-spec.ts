import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { Role } from '../../src/access/role';
import { EMAIL_DELIVERIES_QUEUE, NOTIFICATION_DIGESTS_QUEUE } from '../../src/notifications/queues';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { sendDigest, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, sessionCookie, signIn, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

/**
 * A 要対応 notification is settled once what it asks for has happened or can no longer happen, for everyone it went
 * to: it stays in the inbox as 対応済み, counts as unread no more, and leaves the next digest.
 */
describe('Notifications: a request is settled when what it asks for is done', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const [first, second, third, fourth] = ASAHIKAWA_R4_REPORTS;
  const reports: Record<string, string> = {};
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const path = (report: string, rest = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reports[report]}${rest}`;

  /** Each notification of a kind about a report, as "recipient: unread | read | 対応済み", by recipient. */
  async function states(type: string, report: string): Promise<string[]> {
    const rows: { email: string; read_at: Date | null; settled_at: Date | null }[] = await t.dataSource.query(
      `SELECT u.email, n.read_at, n.settled_at FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.type = $1 AND n.report_id = $2 ORDER BY u.email, n.created_at`,
      [type, reports[report]],
    );
    return rows.map((row) => `${row.email}: ${row.settled_at ? '対応済み' : row.read_at ? 'read' : 'unread'}`);
  }

  /** The immediate mails of a kind about a report, oldest first, as "recipient: status (attempts)". */
  async function mailsOf(type: string, report: string): Promise<string[]> {
    const rows: { to_address: string; status: string; attempts: number }[] = await t.dataSource.query(
      `SELECT d.to_address, d.status, d.attempts FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.type = $1 AND n.report_id = $2 ORDER BY d.created_at, d.to_address`,
      [type, reports[report]],
    );
    return rows.map((row) => `${row.to_address}: ${row.status} (${row.attempts})`);
  }

  /** Mails the sink took about a report's project, by subject. */
  const mailedAbout = (address: string, projectName: string) =>
    sink
      .to(address)
      .map((mail) => mail.subject)
      .filter((subject) => subject.includes(projectName));

  const unreadByCategory = async (who: string) =>
    (await t.http().get('/api/v1/notifications').set(as(who)).expect(200)).body.unreadByCategory;

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      // A refused mail is tried again soon, yet late enough for its request to be settled in between.
      NOTIFICATION_BACKOFF_MS: '500',
    });
    cast = await castAsahikawa(t);
    for (const [name, seed] of Object.entries({ first, second, third, fourth }))
      reports[name] = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('settles a submission for every planning user when one accepts it, and leaves another report open', async () => {
    await t.http().post(path('first', '/submit')).set(as('owner')).expect(200);
    await t.http().post(path('second', '/submit')).set(as('owner')).expect(200);
    await settle(t);
    expect(await unreadByCategory('approver')).toEqual({ action: 2, info: 0 });

    await t
      .http()
      .post(path('first', '/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(200);
    await settle(t);
    expect(await states('report.submitted', 'first')).toEqual([
      'approver@example.jp: 対応済み',
      'planner@example.jp: 対応済み',
    ]);
    expect(await states('report.submitted', 'second')).toEqual([
      'approver@example.jp: unread',
      'planner@example.jp: unread',
    ]);
    // The approver never opened it, yet it no longer waits for them: the badge and the 要対応 tab say so.
    expect(await unreadByCategory('approver')).toEqual({ action: 1, info: 0 });
    const page = shownText(
      (
        await t
          .http()
          .get(`/o/${cast.organizationId}/inbox?tab=action`)
          .set('Cookie', await sessionCookie(t, 'approver@example.jp'))
          .expect(200)
      ).text,
    );
    expect(page).toContain('通知 1 件の未読');
    expect(page).toContain(`【提出】${first.projectName}(R4年度) 対応済み`);
    expect(page).toContain(`【提出】${second.projectName}(R4年度) 未読`);
    const api = (await t.http().get('/api/v1/notifications').query({ category: 'action' }).set(as('approver'))).body;
    expect(api.items.find((item: { reportId: string }) => item.reportId === reports.first)).toMatchObject({
      readAt: expect.any(String),
      settledAt: expect.any(String),
    });
  });

  it('settles a submission the owner withdraws; the next submission asks anew', async () => {
    await t.http().post(path('second', '/withdraw')).set(as('owner')).expect(200);
    await settle(t);
    expect(await states('report.submitted', 'second')).toEqual([
      'approver@example.jp: 対応済み',
      'planner@example.jp: 対応済み',
    ]);

    await t.http().post(path('second', '/submit')).set(as('owner')).expect(200);
    await settle(t);
    expect(await states('report.submitted', 'second')).toEqual([
      'approver@example.jp: 対応済み',
      'approver@example.jp: unread',
      'planner@example.jp: 対応済み',
      'planner@example.jp: unread',
    ]);
  });

  it('settles a submission withdrawn before its notifications were delivered, whichever event is handled first', async () => {
    await t.http().post(path('third', '/submit')).set(as('owner')).expect(200);
    await t.http().post(path('third', '/withdraw')).set(as('owner')).expect(200);
    await settle(t);
    expect(await states('report.submitted', 'third')).toEqual([
      'approver@example.jp: 対応済み',
      'planner@example.jp: 対応済み',
    ]);
  });

  it("settles the owner's question by its answer, and only that question", async () => {
    const [assignmentA] = (
      (await t.http().get(path('first', '/assignments')).set(as('planner')).expect(200)).body as {
        id: string;
        expertUserId: string;
      }[]
    ).filter((assignment) => assignment.expertUserId === cast.userIds.expertA);
    await t
      .http()
      .post(path('first', `/assignments/${assignmentA.id}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    const ask = async (body: string) =>
      (await t.http().post(path('first', '/questions')).set(as('expertA')).send({ body }).expect(201)).body.id;
    const answered = await ask('実績の内訳は?');
    await ask('来年度の目標は?');
    await settle(t);
    expect(await states('question.asked', 'first')).toEqual(['owner@example.jp: unread', 'owner@example.jp: unread']);

    await t
      .http()
      .post(path('first', `/questions/${answered}/answer`))
      .set(as('owner'))
      .send({ body: '内訳は④のとおりです。' })
      .expect(201);
    await settle(t);
    const [settledQuestion] = await t.dataSource.query(
      `SELECT n.settled_at FROM notifications n JOIN notification_outbox e ON e.id = n.outbox_event_id
        WHERE n.type = 'question.asked' AND e.payload ->> 'commentId' = $1`,
      [answered],
    );
    expect(settledQuestion.settled_at).not.toBeNull();
    expect((await states('question.asked', 'first')).sort()).toEqual([
      'owner@example.jp: unread',
      'owner@example.jp: 対応済み',
    ]);
  });

  it("settles an expert's request by their opinion, another's by declining, each only their own", async () => {
    const assignments = (await t.http().get(path('first', '/assignments')).set(as('planner')).expect(200)).body as {
      id: string;
      expertUserId: string;
    }[];
    const assignmentOf = (expert: string) =>
      assignments.find((assignment) => assignment.expertUserId === cast.userIds[expert])!.id;
    expect(await unreadByCategory('expertA')).toMatchObject({ action: 1 });

    await t
      .http()
      .put(path('first', `/assignments/${assignmentOf('expertA')}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    await settle(t);
    expect(await states('expert.assigned', 'first')).toEqual([
      'experta@example.jp: 対応済み',
      'expertb@example.jp: unread',
    ]);
    expect(await unreadByCategory('expertA')).toMatchObject({ action: 0 });

    await t
      .http()
      .post(path('first', `/assignments/${assignmentOf('expertB')}/respond`))
      .set(as('expertB'))
      .send({ accept: false, declineReasonKind: 'no_time' })
      .expect(200);
    await settle(t);
    expect(await states('expert.assigned', 'first')).toEqual([
      'experta@example.jp: 対応済み',
      'expertb@example.jp: 対応済み',
    ]);
  });

  it('settles "all opinions in" when an expert is added after them, and tells planning again once theirs is in', async () => {
    // Expert A's opinion is in and expert B declined: the review is ready.
    expect(await states('review.ready', 'first')).toEqual([
      'approver@example.jp: unread',
      'planner@example.jp: unread',
    ]);

    const expertC = await addUser(t, cast.organizationId, 'expertc@example.jp', Role.ExternalExpert);
    const [added] = (
      await t
        .http()
        .post(path('first', '/assignments'))
        .set(as('admin'))
        .send({ experts: [expertC.id], dueDate: dueInDays(14) })
        .expect(201)
    ).body as { id: string }[];
    await settle(t);
    expect(await states('review.ready', 'first')).toEqual([
      'approver@example.jp: 対応済み',
      'planner@example.jp: 対応済み',
    ]);

    const asExpertC = { Authorization: `Bearer ${await signIn(t, 'expertc@example.jp')}` };
    await t
      .http()
      .post(path('first', `/assignments/${added.id}/respond`))
      .set(asExpertC)
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(path('first', `/assignments/${added.id}/opinion`))
      .set(asExpertC)
      .send({ rating: 'effective', opinion: '概ね有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    await settle(t);
    expect(await states('review.ready', 'first')).toEqual([
      'approver@example.jp: 対応済み',
      'approver@example.jp: unread',
      'planner@example.jp: 対応済み',
      'planner@example.jp: unread',
    ]);
  });

  it('leaves out of the next digest a request settled before it was mailed', async () => {
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'daily_digest' }] })
      .expect(200);
    await t.http().post(path('third', '/submit')).set(as('owner')).expect(200);
    await t.http().post(path('fourth', '/submit')).set(as('owner')).expect(200);
    await settle(t);
    await t
      .http()
      .post(path('third', '/return'))
      .set(as('approver'))
      .send({ comment: '再確認してください。' })
      .expect(200);
    await settle(t);
    const plannerMails = sink.to('planner@example.jp').length;

    await sendDigest(t);
    const mails = sink.to('planner@example.jp').slice(plannerMails);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('【要対応】1 件');
    expect(mails[0].text).toContain(`【提出】${fourth.projectName}(R4年度)`);
    expect(mails[0].text).not.toContain(`【提出】${third.projectName}`);
  });

  it('does not send the mail of a request settled while the mail was being retried', async () => {
    sink.hooks.reject = (recipients) =>
      recipients.includes('approver@example.jp') ? 'mailbox unavailable' : undefined;
    const mailed = mailedAbout('approver@example.jp', third.projectName);
    const earlier = (await mailsOf('report.submitted', 'third')).length;
    await t.http().post(path('third', '/submit')).set(as('owner')).expect(200);
    await eventually(
      () => mailsOf('report.submitted', 'third'),
      (mails) => mails.includes('approver@example.jp: pending (1)'),
    );

    await t.http().post(path('third', '/withdraw')).set(as('owner')).expect(200);
    await eventually(
      () => states('report.submitted', 'third'),
      (now) => now.filter((state) => state === 'approver@example.jp: 対応済み').length === 2,
    );
    sink.hooks.reject = undefined;
    await settle(t);
    expect((await mailsOf('report.submitted', 'third')).slice(earlier)).toEqual(['approver@example.jp: withheld (1)']);
    expect(mailedAbout('approver@example.jp', third.projectName)).toEqual(mailed);
  });

  it('does not send the mail of a request settled before the mail took its turn', async () => {
    const emails = t.app.get<Queue>(getQueueToken(EMAIL_DELIVERIES_QUEUE));
    const mailed = mailedAbout('approver@example.jp', third.projectName);
    const earlier = (await mailsOf('report.submitted', 'third')).length;
    const toOwner = mailedAbout('owner@example.jp', third.projectName).length;
    await emails.pause();
    try {
      await t.http().post(path('third', '/submit')).set(as('owner')).expect(200);
      await eventually(
        () => mailsOf('report.submitted', 'third'),
        (mails) => mails.includes('approver@example.jp: pending (0)'),
      );
      await t
        .http()
        .post(path('third', '/return'))
        .set(as('planner'))
        .send({ comment: '数値を見直してください。' })
        .expect(200);
      await eventually(
        () => states('report.submitted', 'third'),
        (now) => !now.includes('approver@example.jp: unread'),
      );
    } finally {
      await emails.resume();
    }
    await settle(t);
    expect((await mailsOf('report.submitted', 'third')).slice(earlier)).toEqual(['approver@example.jp: withheld (0)']);
    expect(mailedAbout('approver@example.jp', third.projectName)).toEqual(mailed);
    // The return it was settled by is mailed as ever.
    expect(mailedAbout('owner@example.jp', third.projectName).slice(toOwner)).toEqual([
      `【旭川市】【差戻し】${third.projectName}(R4年度)`,
    ]);
  });

  it('settles a 差戻し for every owner it went to when planning deletes the draft, and tells no one of it', async () => {
    // A second owner of the department, who reads 差戻し in the daily digest.
    await addUser(t, cast.organizationId, 'owner2@example.jp', Role.ProjectOwner, cast.departmentId);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set({ Authorization: `Bearer ${await signIn(t, 'owner2@example.jp')}` })
      .send({ choices: [{ eventType: 'report.returned', channel: 'daily_digest' }] })
      .expect(200);
    await t.http().post(path('third', '/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path('third', '/return'))
      .set(as('planner'))
      .send({ comment: '今年度は報告の対象外です。' })
      .expect(200);
    await settle(t);
    // The earlier 差戻し were settled by the resubmissions; this one waits for both owners.
    expect(await states('report.returned', 'third')).toEqual([
      'owner2@example.jp: unread',
      'owner@example.jp: 対応済み',
      'owner@example.jp: 対応済み',
      'owner@example.jp: unread',
    ]);

    const mails = sink.received.length;
    await t.http().delete(path('third')).set(as('planner')).expect(204);
    await settle(t);
    expect(await states('report.returned', 'third')).toEqual([
      'owner2@example.jp: 対応済み',
      'owner@example.jp: 対応済み',
      'owner@example.jp: 対応済み',
      'owner@example.jp: 対応済み',
    ]);
    expect(sink.received.length).toBe(mails);
    expect(
      await t.dataSource.query(`SELECT id FROM notifications WHERE report_id = $1 AND type = 'report.deleted'`, [
        reports.third,
      ]),
    ).toEqual([]);
    await sendDigest(t);
    expect(sink.to('owner2@example.jp')).toEqual([]);
  });
  it("settles a year's opening notices when that year is closed, for every owner, and no other year's", async () => {
    const cycles = `/api/v1/organizations/${cast.organizationId}/cycles`;
    const open = async (fiscalYear: string) =>
      (
        await t
          .http()
          .post(cycles)
          .set(as('admin'))
          .send({ fiscalYear, submissionDueDate: dueInDays(60) })
          .expect(201)
      ).body.id as string;
    const opened = { r5: await open('R5'), r6: await open('R6') };
    await settle(t);
    const openings = async () => {
      const rows: { email: string; year: string; settled_at: Date | null }[] = await t.dataSource.query(
        `SELECT u.email, e.payload ->> 'fiscalYear' AS year, n.settled_at FROM notifications n
           JOIN users u ON u.id = n.user_id JOIN notification_outbox e ON e.id = n.outbox_event_id
          WHERE n.type = 'cycle.opened' ORDER BY year, u.email`,
      );
      return rows.map((row) => `${row.year} ${row.email}: ${row.settled_at ? '対応済み' : 'open'}`);
    };
    expect(await openings()).toEqual([
      '2023 owner2@example.jp: open',
      '2023 owner@example.jp: open',
      '2024 owner2@example.jp: open',
      '2024 owner@example.jp: open',
    ]);

    await t.http().post(`${cycles}/${opened.r5}/close`).set(as('admin')).expect(200);
    await settle(t);
    expect(await openings()).toEqual([
      '2023 owner2@example.jp: 対応済み',
      '2023 owner@example.jp: 対応済み',
      '2024 owner2@example.jp: open',
      '2024 owner@example.jp: open',
    ]);
    // The closing tells no one.
    expect(await t.dataSource.query(`SELECT id FROM notifications WHERE type = 'cycle.closed'`)).toEqual([]);
  });
  it('sends a digest without the items settled while it waited, and withholds one whose every item was', async () => {
    const emails = t.app.get<Queue>(getQueueToken(EMAIL_DELIVERIES_QUEUE));
    const digests = t.app.get<Queue>(getQueueToken(NOTIFICATION_DIGESTS_QUEUE));
    const lastDigestTo = async (address: string): Promise<{ status: string; text: string }> =>
      (
        await t.dataSource.query(
          `SELECT status, text FROM email_deliveries WHERE notification_id IS NULL AND to_address = $1
            ORDER BY created_at DESC LIMIT 1`,
          [address],
        )
      )[0];
    /** The digest is written (its job done) while its mail waits in the paused queue; `meanwhile` runs then. */
    const writeDigestThen = async (meanwhile: () => Promise<void>) => {
      await emails.pause();
      try {
        const digest = await digests.add('digest', {});
        await eventually(
          () => digest.getState(),
          (state) => state === 'completed',
        );
        await meanwhile();
      } finally {
        await emails.resume();
      }
      await settle(t);
    };
    const withdraw = async (report: string) => {
      await t.http().post(path(report, '/withdraw')).set(as('owner')).expect(200);
      await eventually(
        () => states('report.submitted', report),
        (now) => !now.includes('planner@example.jp: unread'),
      );
    };
    const submit = (report: string) => t.http().post(path(report, '/submit')).set(as('owner')).expect(200);
    // Planning reads submissions in the digest, withdrawals in the inbox only: the digest holds requests alone.
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({
        choices: [
          { eventType: 'report.submitted', channel: 'daily_digest' },
          { eventType: 'report.withdrawn', channel: 'in_app_only' },
        ],
      })
      .expect(200);
    await withdraw('second');
    await withdraw('fourth');
    await sendDigest(t);
    await submit('second');
    await submit('fourth');
    await settle(t);
    const mailed = sink.to('planner@example.jp').length;

    await writeDigestThen(() => withdraw('second'));
    const sent = sink.to('planner@example.jp').slice(mailed);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toContain('【まとめ】通知 1 件');
    expect(sent[0].text).toContain('まだメールでお知らせしていない通知が 1 件あります');
    // Withdrawn and submitted again: told as a resubmission.
    expect(sent[0].text).toContain(`【再提出】${fourth.projectName}(R4年度)`);
    expect(sent[0].text).not.toContain(second.projectName);
    // The record says what was sent.
    expect(await lastDigestTo('planner@example.jp')).toEqual({ status: 'sent', text: sent[0].text });

    await submit('second');
    await settle(t);
    await writeDigestThen(() => withdraw('second'));
    expect(sink.to('planner@example.jp').slice(mailed)).toHaveLength(1);
    expect(await lastDigestTo('planner@example.jp')).toMatchObject({ status: 'withheld' });
  });
});
