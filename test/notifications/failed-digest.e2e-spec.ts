import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { sendDigest, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, sessionCookie, signIn, type TestApp } from '../support/test-app';
import { sendPageForm, shownText } from '../web/support/page-forms';

/** A failed mail as the administrators' list shows it. */
type FailedMail = { id: string; toAddress: string; subject: string; digest: boolean; requestSettled: boolean };

/**
 * A daily digest that failed every attempt is listed for the administrators of the municipality of its oldest notice
 * (one gathering several municipalities' notices, there alone). They may send it again while something it told of
 * still waits: it then goes with that, taken from the next digest; what went into a later digest is not sent again.
 */
describe('Notifications: a daily digest that could not be delivered', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const failedList = () => `/api/v1/organizations/${cast.organizationId}/notifications/failed`;
  const failedMails = async (organizationId = cast.organizationId, token = cast.tokens.admin) =>
    (
      await t
        .http()
        .get(`/api/v1/organizations/${organizationId}/notifications/failed`)
        .set({ Authorization: `Bearer ${token}` })
        .expect(200)
    ).body as FailedMail[];

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: smtpUrl,
      OUTBOX_RELAY_INTERVAL_MS: '50',
      NOTIFICATION_MAX_ATTEMPTS: '2',
      NOTIFICATION_BACKOFF_MS: '50',
    });
    cast = await castAsahikawa(t);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'daily_digest' }] })
      .expect(200);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** A report of 旭川市 submitted by its owner, which the planner's next digest tells of. */
  async function submitted(seed: SeedReport): Promise<string> {
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
      .set(as('owner'))
      .expect(200);
    await settle(t);
    return report.id;
  }

  /** Runs the digest while the planner's mailbox refuses every mail. */
  async function plannerDigestFails(): Promise<void> {
    sink.hooks.reject = (recipients) => (recipients.includes('planner@example.jp') ? 'mailbox unavailable' : undefined);
    await sendDigest(t);
    sink.hooks.reject = undefined;
  }

  it('lists it for the administrators, who send it again with what is still open, and the next digest repeats none of it', async () => {
    const [kept, returned] = [ASAHIKAWA_R4_REPORTS[0], ASAHIKAWA_R4_REPORTS[1]];
    await submitted(kept);
    const returnedId = await submitted(returned);
    const mailed = sink.to('planner@example.jp').length;
    await plannerDigestFails();

    const [failed, ...others] = await failedMails();
    expect(others).toEqual([]);
    expect(failed).toMatchObject({
      toAddress: 'planner@example.jp',
      subject: '【旭川市】【まとめ】通知 2 件(すべて要対応)',
      digest: true,
      requestSettled: false,
    });
    const page = shownText(
      (
        await t
          .http()
          .get(`/o/${cast.organizationId}/admin/failed-notifications`)
          .set('Cookie', await sessionCookie(t, 'admin@012041.example.jp'))
          .expect(200)
      ).text,
    );
    expect(page).toContain('【旭川市】【まとめ】通知 2 件(すべて要対応)');
    expect(page).toContain('再送する');

    // One of the two is settled before the administrator sends the digest again: it goes with the other alone.
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${returnedId}/return`)
      .set(as('approver'))
      .send({ comment: '添付を確認してください。' })
      .expect(200);
    await settle(t);
    await t.http().post(`${failedList()}/${failed.id}/retry`).set(as('admin')).expect(202);
    await settle(t);
    const [resent, ...more] = sink.to('planner@example.jp').slice(mailed);
    expect(more).toEqual([]);
    expect(resent.subject).toBe('【旭川市】【まとめ】通知 1 件(要対応)');
    expect(resent.text).toContain(`【提出】${kept.projectName}(R4年度)`);
    expect(resent.text).not.toContain(returned.projectName);
    expect(await failedMails()).toEqual([]);

    // What the resent digest told of no longer waits for the next one.
    await sendDigest(t);
    expect(sink.to('planner@example.jp').slice(mailed)).toHaveLength(1);
  });

  it('has nothing to resend once what it told of went out in a later digest', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[2];
    await submitted(seed);
    const mailed = sink.to('planner@example.jp').length;
    await plannerDigestFails();
    const [failed] = await failedMails();
    expect(failed).toMatchObject({ digest: true, requestSettled: false });

    // The administrator opens the list; meanwhile the next digest goes out with what the failed one told of.
    const page = `/o/${cast.organizationId}/admin/failed-notifications`;
    const admin = await sessionCookie(t, 'admin@012041.example.jp');
    const refused = await sendPageForm(t, admin, page, `${page}/${failed.id}/retry`, {}, () => sendDigest(t));
    const [next, ...more] = sink.to('planner@example.jp').slice(mailed);
    expect(more).toEqual([]);
    expect(next.text).toContain(`【提出】${seed.projectName}(R4年度)`);

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      'このまとめメールで知らせた通知は、対応済みになったか後のまとめメールに含まれたため、再送するものはありません。',
    );
    expect(shownText(refused.text)).toContain('対応済みか後のまとめメールに含まれたため再送不要');
    expect(await failedMails()).toEqual([
      expect.objectContaining({ id: failed.id, digest: true, requestSettled: true }),
    ]);
    const answer = await t.http().post(`${failedList()}/${failed.id}/retry`).set(as('admin')).expect(409);
    expect(answer.body.message).toBe(
      'What this digest told of has been settled or gone into a later digest: there is nothing to resend.',
    );
    await settle(t);
    expect(sink.to('planner@example.jp').slice(mailed)).toHaveLength(1);
  });

  it("is listed for the municipality of its oldest notice alone when it gathers several municipalities' notices", async () => {
    // The planner serves 釧路市's planning division too; 旭川市's submission comes first.
    const { organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市');
    const kushiroAdmin = await signIn(t, 'admin@012068.example.jp');
    const kushiroDepartment = (
      await t
        .http()
        .post(`/api/v1/organizations/${kushiro}/departments`)
        .set({ Authorization: `Bearer ${kushiroAdmin}` })
        .send({ name: '産業振興部' })
        .expect(201)
    ).body.id;
    await addUser(t, kushiro, 'kushiro-owner@example.jp', Role.ProjectOwner, kushiroDepartment);
    await addUser(t, kushiro, 'planner@example.jp', Role.PlanningDivision);
    const kushiroOwner = await signIn(t, 'kushiro-owner@example.jp');
    await submitted(ASAHIKAWA_R4_REPORTS[3]);
    const report = await enterSeedReport(t, kushiroOwner, kushiro, kushiroDepartment, ASAHIKAWA_R4_REPORTS[4]);
    await t
      .http()
      .post(`/api/v1/organizations/${kushiro}/reports/${report.id}/submit`)
      .set({ Authorization: `Bearer ${kushiroOwner}` })
      .expect(200);
    await settle(t);
    await plannerDigestFails();

    const listed = (await failedMails()).filter((mail) => mail.requestSettled === false);
    expect(listed).toEqual([
      expect.objectContaining({ toAddress: 'planner@example.jp', subject: '【まとめ】通知 2 件(すべて要対応)' }),
    ]);
    expect(await failedMails(kushiro, kushiroAdmin)).toEqual([]);
  });
});
