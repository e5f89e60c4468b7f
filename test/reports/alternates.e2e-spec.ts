import { Role } from '../../src/access/role';
import { SESSION_COOKIE } from '../../src/auth/session-cookie';
import { AlternateInvitations } from '../../src/notifications/alternate-invitations';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { ReviewSettingsRepository } from '../../src/reports/reviews/review-settings.repository';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, signIn, type TestApp } from '../support/test-app';

interface Assignment {
  id: string;
  expertUserId: string;
  dueDate: string;
  status: string;
}

/** 補欠: the planning division lists alternates per report; one is asked when an expert declines or is dismissed. */
describe('Alternates of a report’s experts', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const due = dueInDays(21);
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (reportId: string, path = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${path}`;
  const planning = ['approver@example.jp', 'planner@example.jp'];

  /** A report in expert review with expert A asked. */
  async function inReview(index: number): Promise<string> {
    const seed = ASAHIKAWA_R4_REPORTS[index];
    const { id } = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t.http().post(api(id, '/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(api(id, '/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: due })
      .expect(200);
    return id;
  }
  const assignments = async (reportId: string) =>
    (await t.http().get(api(reportId, '/assignments')).set(as('planner')).expect(200)).body as Assignment[];
  const assignmentOf = async (reportId: string, expert: string) =>
    (await assignments(reportId)).find((assignment) => assignment.expertUserId === cast.userIds[expert])!;
  const listAlternates = (reportId: string, experts: string[]) =>
    t
      .http()
      .put(api(reportId, '/alternates'))
      .set(as('planner'))
      .send({ experts: experts.map((name) => cast.userIds[name]) });
  /** Each named expert's row of the organization's expert statistics (all years). */
  async function statisticsOf(experts: string[]) {
    const rows = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/expert-statistics`)
        .set(as('planner'))
        .expect(200)
    ).body as { expertUserId: string; invitations: number; declined: number; lastDeclineReasonKind: string | null }[];
    return Object.fromEntries(
      experts.map((expert) => [expert, rows.find((row) => row.expertUserId === cast.userIds[expert])!]),
    );
  }
  const decline = async (reportId: string) =>
    t
      .http()
      .post(api(reportId, `/assignments/${(await assignmentOf(reportId, 'expertA')).id}/respond`))
      .set(as('expertA'))
      .send({ accept: false, declineReasonKind: 'no_time' })
      .expect(200);
  const autoInvite = (on: boolean) =>
    t.app.get(ReviewSettingsRepository).save(t.dataSource.manager, cast.organizationId, {
      reminderOffsets: [-7, -3, 0, 1, 3],
      linkValidDaysAfterDue: 30,
      autoInviteAlternates: on,
    });
  /** Runs a step and returns who was told what in the inbox. */
  async function told(run: () => Promise<unknown>): Promise<Record<string, string[]>> {
    await settle(t);
    const since = await lastNotificationId(t);
    await run();
    await settle(t);
    return inboxByType(t, since);
  }

  beforeAll(async () => {
    const smtpUrl = await sink.start();
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: smtpUrl, OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    for (const name of ['expertC', 'expertD']) {
      const email = `${name.toLowerCase()}@example.jp`;
      cast.userIds[name] = (await addUser(t, cast.organizationId, email, Role.ExternalExpert)).id;
      cast.tokens[name] = await signIn(t, email);
    }
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('lists them in order for planning, refusing non-experts, experts already asked and duplicates', async () => {
    const reportId = await inReview(0);
    const refused = async (experts: string[], message: string) => {
      const response = await listAlternates(reportId, experts).expect(400);
      expect(JSON.stringify(response.body.details)).toContain(message);
    };
    await refused(['owner'], 'not an external expert');
    await refused(['expertC', 'expertA'], 'already assigned');
    await refused(['expertC', 'expertD', 'expertC'], 'listed twice');
    await t
      .http()
      .put(api(reportId, '/alternates'))
      .set(as('planner'))
      .send({ experts: ['not-a-user-id'] })
      .expect(400);
    await t.http().put(api(reportId, '/alternates')).set(as('owner')).send({ experts: [] }).expect(403);
    await t.http().get(api(reportId, '/alternates')).set(as('expertA')).expect(403);

    await listAlternates(reportId, ['expertD', 'expertC']).expect(200);
    await listAlternates(reportId, ['expertD', 'expertC']).expect(200); // the same again: recorded once
    const listed = (await t.http().get(api(reportId, '/alternates')).set(as('admin')).expect(200)).body;
    expect(listed).toEqual([
      expect.objectContaining({ expertUserId: cast.userIds.expertD, position: 1, invitedAssignmentId: null }),
      expect.objectContaining({ expertUserId: cast.userIds.expertC, position: 2, invitedAssignmentId: null }),
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_entries WHERE action = 'alternates.changed'`,
    );
    expect(audit).toMatchObject({
      actor_user_id: cast.userIds.planner,
      details: { from: [], to: [cast.userIds.expertD, cast.userIds.expertC] },
    });
  });

  it('writes lists sent at the same time one after the other: each answered 200, the list one of them', async () => {
    const reportId = await inReview(1);
    const lists = [
      ['expertC', 'expertD'],
      ['expertD'],
      ['expertD', 'expertC'],
      ['expertC'],
      ['expertC', 'expertD'],
      [],
    ];

    const answers = await Promise.all(lists.map((experts) => listAlternates(reportId, experts)));

    expect(answers.map((answer) => answer.status)).toEqual(lists.map(() => 200));
    const listed = (await t.http().get(api(reportId, '/alternates')).set(as('planner')).expect(200)).body;
    expect(lists.map((experts) => experts.map((name) => cast.userIds[name]))).toContainEqual(
      listed.map((alternate: { expertUserId: string }) => alternate.expertUserId),
    );
  });

  it('refuses a list saved over another planner’s unseen (409 with theirs), leaving the report’s version', async () => {
    const reportId = await inReview(0);
    const versionNow = async () =>
      (await t.http().get(api(reportId)).set(as('planner')).expect(200)).body.version as number;
    const read = await versionNow();
    const ids = (names: string[]) => names.map((name) => cast.userIds[name]);
    const save = (who: string, experts: string[], alternatesRead: string[]) =>
      t
        .http()
        .put(api(reportId, '/alternates'))
        .set(as(who))
        .send({ experts: ids(experts), alternatesRead: ids(alternatesRead) });

    await save('planner', ['expertC'], []).expect(200);
    const refused = await save('admin', ['expertD'], []).expect(409);

    expect(refused.body.message).toContain('The alternates were changed since they were read');
    expect(refused.body.details).toEqual({ currentAlternates: ids(['expertC']) });
    const listed = (await t.http().get(api(reportId, '/alternates')).set(as('planner')).expect(200)).body;
    expect(listed.map((alternate: { expertUserId: string }) => alternate.expertUserId)).toEqual(ids(['expertC']));
    // The same list as theirs is no overwriting: it answers as it is.
    await save('admin', ['expertC'], []).expect(200);
    await save('admin', ['expertD'], ['expertC']).expect(200);
    // Decisions taken on the report read nothing of the list: their forms stay current.
    expect(await versionNow()).toBe(read);
  });

  it('shows a list refused on the page as chosen, with the list saved meanwhile, to save over it knowingly', async () => {
    const reportId = await inReview(4);
    const session = `${SESSION_COOKIE}=${cast.tokens.planner}`;
    const reportPage = `/o/${cast.organizationId}/reports/${reportId}`;
    const page = await t.http().get(reportPage).set('Cookie', session).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const readOn = (text: string) => /name="\/alternatesRead" value="([^"]*)"/.exec(text)![1];
    const cookies = [session, ...[page.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0])];
    const post = (alternatesRead: string) =>
      t
        .http()
        .post(`${reportPage}/alternates`)
        .set('Cookie', cookies.join('; '))
        .type('form')
        .send({ _csrf: token, '/alternatesRead': alternatesRead, '/experts/0': cast.userIds.expertD });
    expect(readOn(page.text)).toBe('');
    await listAlternates(reportId, ['expertC']).set(as('approver')).expect(200);

    const refused = await post(readOn(page.text)).expect(409);

    expect(refused.text).toContain('補欠の外部有識者を保存したため、保存していません');
    expect(refused.text).toMatch(/いま保存されている補欠: expertc</);
    expect(refused.text).toMatch(
      new RegExp(`name="/experts/0"[^>]*>[\\s\\S]*?<option value="${cast.userIds.expertD}" selected>`),
    );
    const listed = async () =>
      (await t.http().get(api(reportId, '/alternates')).set(as('planner')).expect(200)).body.map(
        (alternate: { expertUserId: string }) => alternate.expertUserId,
      );
    expect(await listed()).toEqual([cast.userIds.expertC]);
    // The page refused carries the list it shows as saved now: sent again from it, the list chosen replaces it.
    expect(readOn(refused.text)).toBe(cast.userIds.expertC);
    expect((await post(readOn(refused.text)).expect(303)).headers.location).toContain('notice=alternates-saved');
    expect(await listed()).toEqual([cast.userIds.expertD]);
  });

  it('refuses a list read of the page that is not a list of users as an altered form', async () => {
    const reportId = await inReview(4);
    const session = `${SESSION_COOKIE}=${cast.tokens.planner}`;
    const page = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', session).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookies = [session, ...[page.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0])];

    const refused = await t
      .http()
      .post(`/o/${cast.organizationId}/reports/${reportId}/alternates`)
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: token, '/alternatesRead': 'not-a-user-id', '/experts/0': cast.userIds.expertD })
      .expect(400);

    expect(refused.text).toContain('このフォームは古いか、正しく送られませんでした');
  });

  it('lets planning list them on the report page, where the experts are', async () => {
    const reportId = await inReview(4);
    const session = `${SESSION_COOKIE}=${cast.tokens.planner}`;
    const page = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', session).expect(200);
    expect(page.text).toContain('補欠の外部有識者');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookies = [session, ...[page.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0])];
    /** From the one page read: the form carries the list it showed (none). */
    const send = () =>
      t
        .http()
        .post(`/o/${cast.organizationId}/reports/${reportId}/alternates`)
        .set('Cookie', cookies.join('; '))
        .type('form')
        .send({
          _csrf: token,
          '/alternatesRead': /name="\/alternatesRead" value="([^"]*)"/.exec(page.text)![1],
          '/experts/0': '',
          '/experts/1': cast.userIds.expertD,
          '/experts/2': cast.userIds.expertC,
        })
        .expect(303);
    expect((await send()).headers.location).toContain('notice=alternates-saved');
    // The same list again from the same page (sent twice): nothing is written, and the page says so.
    expect((await send()).headers.location).toContain('notice=alternates-unchanged');
    const listed = (await t.http().get(api(reportId, '/alternates')).set(as('planner')).expect(200)).body;
    expect(listed.map((alternate: { expertUserId: string }) => alternate.expertUserId)).toEqual([
      cast.userIds.expertD,
      cast.userIds.expertC,
    ]);
    const shown = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${reportId}`)
      .set('Cookie', session)
      .expect(200);
    expect(shown.text).toMatch(
      new RegExp(`name="/experts/0"[^>]*>[\\s\\S]*?<option value="${cast.userIds.expertD}" selected>`),
    );
  });

  it('asks no one when the organization has not turned automatic invitations on', async () => {
    const reportId = await inReview(1);
    await listAlternates(reportId, ['expertC']).expect(200);
    expect(await told(() => decline(reportId))).toEqual({ 'assignment.declined': planning });
    expect((await assignments(reportId)).map((assignment) => assignment.expertUserId)).toEqual([cast.userIds.expertA]);
  });

  it('asks the next alternate when an expert declines, with the same due date and the usual invitation', async () => {
    await autoInvite(true);
    const reportId = await inReview(2);
    await listAlternates(reportId, ['expertC', 'expertD']).expect(200);
    const before = await statisticsOf(['expertA', 'expertC']);
    expect(await told(() => decline(reportId))).toEqual({
      'assignment.declined': planning,
      'alternate.invited': planning,
      'expert.assigned': ['expertc@example.jp'],
    });
    const asked = await assignmentOf(reportId, 'expertC');
    expect(asked).toMatchObject({ status: 'pending', dueDate: due });
    const invitation = sink.to('expertc@example.jp').at(-1)!;
    expect(invitation.subject).toContain('【意見照会】');
    expect(invitation.attachments.map((attachment) => attachment.filename)).toEqual(['review-due-date.ics']);
    expect(sink.to('planner@example.jp').at(-1)!.text).toContain('補欠のexpertcさんに');
    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_entries WHERE action = 'alternate.invited'`,
    );
    expect(audit.actor_user_id).toBe(cast.userIds.planner);
    expect(audit.details).toMatchObject({ alternateExpertUserId: cast.userIds.expertC, cause: 'declined' });
    const listed = (await t.http().get(api(reportId, '/alternates')).set(as('planner')).expect(200)).body;
    expect(listed[0]).toMatchObject({ expertUserId: cast.userIds.expertC, invitedAssignmentId: asked.id });
    // The experts' statistics count the decline, with its reason, and the alternate's invitation.
    const after = await statisticsOf(['expertA', 'expertC']);
    expect(after.expertA).toMatchObject({ declined: before.expertA.declined + 1, lastDeclineReasonKind: 'no_time' });
    expect(after.expertC.invitations).toBe(before.expertC.invitations + 1);

    // The same event handled again (a retried job) asks no one else.
    const [{ id: eventId }] = await t.dataSource.query(
      `SELECT id FROM notification_outbox WHERE type = 'assignment.declined' AND report_id = $1`,
      [reportId],
    );
    const event = (await t.app.get(OutboxRepository).findById(eventId))!;
    await t.app.get(AlternateInvitations).onEvent(event);
    await t.app.get(AlternateInvitations).onEvent(event);
    await settle(t);
    expect((await assignments(reportId)).map((assignment) => assignment.expertUserId).sort()).toEqual(
      [cast.userIds.expertA, cast.userIds.expertC].sort(),
    );
  });

  it('asks the next one when an expert is dismissed, and tells planning when none is left', async () => {
    await autoInvite(true);
    const reportId = await inReview(3);
    await listAlternates(reportId, ['expertD']).expect(200);
    const dismiss = async (expert: string) =>
      t
        .http()
        .post(api(reportId, `/assignments/${(await assignmentOf(reportId, expert)).id}/dismiss`))
        .set(as('planner'))
        .send({ note: '期限を過ぎても回答がないため' })
        .expect(200);
    expect(await told(() => dismiss('expertA'))).toMatchObject({
      'alternate.invited': planning,
      'expert.assigned': ['expertd@example.jp'],
    });
    expect(await assignmentOf(reportId, 'expertD')).toMatchObject({ status: 'pending', dueDate: due });

    const notices = await told(() => dismiss('expertD'));
    expect(notices['alternate.none_left']).toEqual(planning);
    expect(notices['expert.assigned']).toBeUndefined();
  });
});
