import ICAL from 'ical.js';
import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, type ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, signIn, type TestApp } from '../support/test-app';

/** The calendar entry a mail carries, as a calendar application reads it. */
function calendarEntryOf(mail: ReceivedMail) {
  const files = mail.attachments.filter((attachment) => attachment.contentType.startsWith('text/calendar'));
  expect(files).toHaveLength(1);
  const calendar = new ICAL.Component(ICAL.parse(files[0].content) as unknown[]);
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method: calendar.getFirstPropertyValue('method'),
    status: event.component.getFirstPropertyValue('status'),
    uid: event.uid,
    sequence: event.sequence,
    allDay: event.startDate.isDate,
    day: event.startDate.toString(),
    summary: event.summary,
    description: event.description,
  };
}

/**
 * 意見提出期限 in the expert's calendar: the invitation carries it, a moved due date or a reopened assignment replaces
 * it, and an ended assignment takes it out.
 */
describe('The calendar entry of an expert’s due date', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let reportId: string;
  let cycleId: string;
  let assignmentId: string;
  const reviewDueDate = dueInDays(30);
  const newReviewDueDate = dueInDays(37);
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t
      .http()
      .post(api(`/reports/${reportId}/submit`))
      .set(as('owner'))
      .expect(200);
    cycleId = (
      await t
        .http()
        .post(api('/cycles'))
        .set(as('admin'))
        .send({ fiscalYear: 'R4', submissionDueDate: dueInDays(10), reviewDueDate })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('comes with the invitation, and with the same UID and a higher SEQUENCE when the due date moves', async () => {
    await t
      .http()
      .post(api(`/reports/${reportId}/accept`))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: reviewDueDate })
      .expect(200);
    const [assignment] = (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body as { id: string }[];
    assignmentId = assignment.id;
    const [invitation] = await eventually(
      () => sink.to('experta@example.jp'),
      (mails) => mails.length === 1,
    );
    const first = calendarEntryOf(invitation);
    expect(first).toMatchObject({
      method: 'REQUEST',
      uid: `review-${assignment.id}@${new URL(t.config.baseUrl).hostname}`,
      sequence: 0,
      // The due date is a day in Japan: an all-day entry on it, whatever zone the expert's calendar is in.
      allDay: true,
      day: reviewDueDate,
      summary: `意見提出期限:${seed.projectName}`,
    });
    expect(first.description).toContain(`/o/${cast.organizationId}/reports/${reportId}`);

    await settle(t);
    const { deadlinesChecksum } = (await t.http().get(api('/cycles')).set(as('planner')).expect(200)).body.find(
      (cycle: { id: string }) => cycle.id === cycleId,
    );
    await t
      .http()
      .put(api(`/cycles/${cycleId}/deadlines`))
      .set(as('planner'))
      .send({ submissionDueDate: dueInDays(10), reviewDueDate: newReviewDueDate, deadlinesChecksum })
      .expect(200);
    await settle(t);
    const mails = sink.to('experta@example.jp');
    expect(mails).toHaveLength(2);
    expect(mails[1].subject).toContain('【期限変更】');
    const updated = calendarEntryOf(mails[1]);
    expect(updated).toMatchObject({ method: 'REQUEST', uid: first.uid, allDay: true, day: newReviewDueDate });
    expect(updated.sequence).toBeGreaterThan(first.sequence);
  });

  it('is cancelled when planning dismisses the assignment, comes back when it is reopened, and goes when it is removed', async () => {
    const latest = () => calendarEntryOf(sink.to('experta@example.jp').at(-1)!);
    // SEQUENCE counts seconds: each change here comes at least a second after the one before, as a person's would.
    const aSecondLater = () => new Promise((resolve) => setTimeout(resolve, 1_100));
    const moved = latest();

    await aSecondLater();
    await t
      .http()
      .post(api(`/reports/${reportId}/assignments/${assignmentId}/dismiss`))
      .set(as('planner'))
      .send({ note: '期限までに回答がないため' })
      .expect(200);
    await settle(t);
    expect(sink.to('experta@example.jp').at(-1)!.subject).toContain('【意見照会の終了】');
    const dismissed = latest();
    expect(dismissed).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: moved.uid, day: newReviewDueDate });
    expect(dismissed.sequence).toBeGreaterThan(moved.sequence);

    await aSecondLater();
    await t
      .http()
      .post(api(`/reports/${reportId}/assignments/${assignmentId}/reopen`))
      .set(as('planner'))
      .send({})
      .expect(200);
    await settle(t);
    const reopened = latest();
    expect(reopened).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED', uid: moved.uid, day: newReviewDueDate });
    expect(reopened.sequence).toBeGreaterThan(dismissed.sequence);

    await aSecondLater();
    await t
      .http()
      .delete(api(`/reports/${reportId}/assignments/${assignmentId}`))
      .set(as('admin'))
      .send({ reason: '利害関係が判明したため' })
      .expect(204);
    await settle(t);
    expect(sink.to('experta@example.jp').at(-1)!.subject).toContain('【取消し】');
    const removed = latest();
    expect(removed).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: moved.uid, day: newReviewDueDate });
    expect(removed.sequence).toBeGreaterThan(reopened.sequence);
  });

  it('is cancelled by a confirmation of the expert’s own decline, mailed only to one who was sent the entry', async () => {
    // Expert B is sent the entry; a third expert reads requests in the inbox only, so was sent none.
    await addUser(t, cast.organizationId, 'expertc@example.jp', Role.ExternalExpert);
    const expertC = { Authorization: `Bearer ${await signIn(t, 'expertc@example.jp')}` };
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(expertC)
      .send({ choices: [{ eventType: 'expert.assigned', channel: 'in_app_only' }] })
      .expect(200);
    const other = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[1])
    ).id;
    await t
      .http()
      .post(api(`/reports/${other}/submit`))
      .set(as('owner'))
      .expect(200);
    const [expertCId] = (await t.dataSource.query(`SELECT id FROM users WHERE email = 'expertc@example.jp'`)).map(
      (row: { id: string }) => row.id,
    );
    await t
      .http()
      .post(api(`/reports/${other}/accept`))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertB, expertCId], dueDate: reviewDueDate })
      .expect(200);
    await settle(t);
    const [invitation, ...more] = sink.to('expertb@example.jp');
    expect(more).toEqual([]);
    const invited = calendarEntryOf(invitation);
    const assignments = (
      await t
        .http()
        .get(api(`/reports/${other}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body as { id: string; expertUserId: string }[];
    const decline = (expert: string, auth: { Authorization: string }) =>
      t
        .http()
        .post(api(`/reports/${other}/assignments/${assignments.find((a) => a.expertUserId === expert)!.id}/respond`))
        .set(auth)
        .send({ accept: false, declineReasonKind: 'no_time' })
        .expect(200);

    await decline(cast.userIds.expertB, as('expertB'));
    await settle(t);
    const [, confirmation, ...after] = sink.to('expertb@example.jp');
    expect(after).toEqual([]);
    expect(confirmation.subject).toBe(`【旭川市】【辞退の受付】${ASAHIKAWA_R4_REPORTS[1].projectName}(R4年度)`);
    expect(confirmation.text).toContain('辞退を受け付けました');
    const cancelled = calendarEntryOf(confirmation);
    expect(cancelled).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: invited.uid, day: reviewDueDate });
    expect(cancelled.sequence).toBeGreaterThan(invited.sequence);
    // Planning is told of the decline as before, without an entry.
    expect(sink.to('planner@example.jp').at(-1)!.subject).toContain('【辞退】');

    await decline(expertCId, expertC);
    await settle(t);
    expect(sink.to('expertc@example.jp')).toEqual([]);
  });

  it('goes only to the expert: planning’s mails carry none', () => {
    expect(sink.to('planner@example.jp').every((mail) => mail.attachments.length === 0)).toBe(true);
  });
});
