import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/role';
import { japaneseDate } from '../../src/common/dates';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, sendDigest, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, seedOrganization, sessionCookie, signIn, type TestApp } from '../support/test-app';
import { formsOf, sendPageForm, shownText } from '../web/support/page-forms';

/** A failed mail as the administrators' list shows it. */
type FailedMail = { id: string; toAddress: string; requestSettled: boolean };

describe('Notifications: who is told what, in the inbox and by e-mail', () => {
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const seed = ASAHIKAWA_R4_REPORTS[1];
  let reportId: string;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const path = (rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;

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
    // Bystanders who must never hear of this report: an owner of another department, a planning user of another town.
    const admin = { Authorization: `Bearer ${cast.tokens.admin}` };
    const otherDepartment = (
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/departments`)
        .set(admin)
        .send({ name: '福祉保険部' })
        .expect(201)
    ).body.id;
    await addUser(t, cast.organizationId, 'bystander-owner@example.jp', Role.ProjectOwner, otherDepartment);
    // A third planning user, so that "the others" of a proposer are more than one person.
    await addUser(t, cast.organizationId, 'deputy@example.jp', Role.PlanningDivision);
    cast.tokens.deputy = await signIn(t, 'deputy@example.jp');
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** Runs a step and returns what it caused: inbox rows and e-mails, each as type/subject → recipients. */
  async function step(run: () => Promise<unknown>): Promise<{ inbox: Record<string, string[]>; mails: string[] }> {
    await settle(t);
    const since = await lastNotificationId(t);
    const mailsBefore = sink.received.length;
    await run();
    await settle(t);
    const mails = sink.received.slice(mailsBefore).map((mail) => mail.to.join(','));
    return { inbox: await inboxByType(t, since), mails: mails.sort() };
  }

  const planning = ['approver@example.jp', 'deputy@example.jp', 'planner@example.jp'];

  it('tells exactly the right people at every step, once', async () => {
    // The deputy does not check submissions and turned them off: neither inbox nor mail.
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('deputy'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'off' }] })
      .expect(200);
    const checkers = ['approver@example.jp', 'planner@example.jp'];
    expect(await step(() => t.http().post(path('/submit')).set(as('owner')).expect(200))).toEqual({
      inbox: { 'report.submitted': checkers },
      mails: checkers,
    });
    expect(
      await step(() =>
        t
          .http()
          .post(path('/return'))
          .set(as('planner'))
          .send({ comment: '予算額の内訳を確認してください。' })
          .expect(200),
      ),
    ).toEqual({
      inbox: { 'report.returned': ['owner@example.jp'] },
      mails: ['owner@example.jp'],
    });
    const returned = sink.to('owner@example.jp').at(-1)!;
    // Headed by the municipality it comes from: an expert may sit on several municipalities' panels.
    expect(returned.subject).toBe(`【旭川市】【差戻し】${seed.projectName}(R4年度)`);
    expect(returned.text).toContain('旭川市の効果検証システムからのお知らせです。');
    expect(returned.text).toContain('予算額の内訳を確認してください。');
    expect(returned.text).toContain(`/o/${cast.organizationId}/reports/${reportId}`);
    expect(returned.html).toContain('予算額の内訳を確認してください。');

    await step(() => t.http().post(path('/submit')).set(as('owner')).expect(200));
    const due = dueInDays(14);
    expect(
      await step(() =>
        t
          .http()
          .post(path('/accept'))
          .set(as('planner'))
          .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: due })
          .expect(200),
      ),
    ).toEqual({
      inbox: { 'expert.assigned': ['experta@example.jp', 'expertb@example.jp'] },
      mails: ['experta@example.jp', 'expertb@example.jp'],
    });
    const assigned = sink.to('experta@example.jp').at(-1)!;
    expect(assigned.subject).toContain(`(期限 ${japaneseDate(due)})`);
    expect(assigned.text).toMatch(/期限は令和\d+年\d{1,2}月\d{1,2}日です/);
    expect(`${assigned.subject}${assigned.text}${assigned.html}`).not.toContain(due);

    const assignments = (await t.http().get(path('/assignments')).set(as('planner')).expect(200)).body as {
      id: string;
      expertUserId: string;
    }[];
    const assignmentOf = (expert: string) =>
      assignments.find((assignment) => assignment.expertUserId === cast.userIds[expert])!.id;
    expect(
      await step(() =>
        t
          .http()
          .post(path(`/assignments/${assignmentOf('expertA')}/respond`))
          .set(as('expertA'))
          .send({ accept: true, conflictOfInterest: 'none' })
          .expect(200),
      ),
    ).toEqual({
      // Progress reported once per expert stays in the inbox unless someone asks for mail.
      inbox: { 'assignment.accepted': planning },
      mails: [],
    });
    const question = await step(() =>
      t.http().post(path('/questions')).set(as('expertA')).send({ body: '実績の内訳は?' }).expect(201),
    );
    expect(question).toEqual({ inbox: { 'question.asked': ['owner@example.jp'] }, mails: ['owner@example.jp'] });
    const [{ id: questionId }] = await t.dataSource.query(`SELECT id FROM report_comments WHERE kind = 'question'`);
    expect(
      await step(() =>
        t
          .http()
          .post(path(`/questions/${questionId}/answer`))
          .set(as('owner'))
          .send({ body: '内訳は④のとおりです。' })
          .expect(201),
      ),
    ).toEqual({
      inbox: { 'question.answered': ['experta@example.jp'] },
      mails: ['experta@example.jp'],
    });
    expect(
      await step(() =>
        t
          .http()
          .put(path(`/assignments/${assignmentOf('expertA')}/opinion`))
          .set(as('expertA'))
          .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
          .expect(200),
      ),
    ).toEqual({
      inbox: { 'opinion.entered': planning },
      mails: [],
    });
    await step(() =>
      t
        .http()
        .post(path(`/assignments/${assignmentOf('expertB')}/respond`))
        .set(as('expertB'))
        .send({ accept: true, conflictOfInterest: 'none' })
        .expect(200),
    );
    expect(
      await step(() =>
        t
          .http()
          .put(path(`/assignments/${assignmentOf('expertB')}/opinion`))
          .set(as('expertB'))
          .send({ rating: 'effective', opinion: '継続すべき。', opinionSubmittedAtRead: null })
          .expect(200),
      ),
    ).toEqual({
      inbox: { 'opinion.entered': planning, 'review.ready': planning },
      mails: planning,
    });
    expect(
      await step(() =>
        t
          .http()
          .post(path('/evaluate'))
          .set(as('planner'))
          .send({ rating: 'effective', opinion: seed.panelOpinion })
          .expect(200),
      ),
    ).toEqual({
      inbox: { 'report.evaluated': ['owner@example.jp'] },
      mails: ['owner@example.jp'],
    });
    expect(
      await step(() =>
        t
          .http()
          .post(path('/propose'))
          .set(as('planner'))
          .send({ decision: 'continue', reason: seed.policyReason })
          .expect(200),
      ),
    ).toEqual({
      // Four-eyes: the other planning users may approve; the proposer may not and is not asked to.
      inbox: { 'proposal.awaiting_approval': ['approver@example.jp', 'deputy@example.jp'] },
      mails: ['approver@example.jp', 'deputy@example.jp'],
    });
    const everyone = ['experta@example.jp', 'expertb@example.jp', 'owner@example.jp'];
    expect(await step(() => t.http().post(path('/approve')).set(as('approver')).expect(200))).toEqual({
      inbox: { 'report.decided': everyone },
      mails: everyone,
    });

    // An expert who wants publication notices only in the app gets no mail for them.
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('expertB'))
      .send({ choices: [{ eventType: 'report.published', channel: 'in_app_only' }] })
      .expect(200);
    expect(await step(() => t.http().post(path('/publish')).set(as('planner')).expect(200))).toEqual({
      inbox: { 'report.published': everyone },
      mails: ['experta@example.jp', 'owner@example.jp'],
    });

    const everyMessageId = sink.received.map((mail) => mail.messageId);
    expect(new Set(everyMessageId).size).toBe(everyMessageId.length);
    expect(sink.to('bystander-owner@example.jp')).toEqual([]);
    expect(sink.to('admin@012041.example.jp')).toEqual([]);
  });

  it('keeps an inbox per user with unread count, list and mark read', async () => {
    const inbox = (await t.http().get('/api/v1/notifications').set(as('owner')).expect(200)).body;
    // What the owner was asked to do they did (resubmitted, answered): 対応済み, read without being opened.
    const settled = inbox.items.filter((item: { settledAt: string | null }) => item.settledAt);
    expect(settled.map((item: { type: string }) => item.type).sort()).toEqual(['question.asked', 'report.returned']);
    expect(inbox.unread).toBe(inbox.total - settled.length);
    expect(inbox.items[0]).toMatchObject({
      type: 'report.published',
      reportId,
      title: expect.stringContaining('【公表】'),
    });
    await t.http().post(`/api/v1/notifications/${inbox.items[0].id}/read`).set(as('owner')).expect(204);
    expect((await t.http().get('/api/v1/notifications/unread-count').set(as('owner')).expect(200)).body.unread).toBe(
      inbox.unread - 1,
    );
    await t.http().post(`/api/v1/notifications/${inbox.items[0].id}/read`).set(as('expertA')).expect(404);
    expect(
      (await t.http().get('/api/v1/notifications').query({ unreadOnly: 'true' }).set(as('owner')).expect(200)).body
        .total,
    ).toBe(inbox.unread - 1);
    expect(
      (await t.http().get('/api/v1/notifications').query({ unreadOnly: 'false' }).set(as('owner')).expect(200)).body
        .total,
    ).toBe(inbox.total);
    // A mistyped flag is refused, not read as false (which would list the read ones too).
    const mistyped = await t
      .http()
      .get('/api/v1/notifications')
      .query({ unreadOnly: 'yes' })
      .set(as('owner'))
      .expect(400);
    expect(mistyped.body.details).toEqual([{ path: '/unreadOnly', message: 'unreadOnly must be true or false' }]);
    expect((await t.http().post('/api/v1/notifications/read-all').set(as('owner')).expect(200)).body.marked).toBe(
      inbox.unread - 1,
    );
    expect((await t.http().get('/api/v1/notifications/unread-count').set(as('owner')).expect(200)).body.unread).toBe(0);
  });

  it('sets apart what asks the user to act (要対応) from what is only news (お知らせ)', async () => {
    const inbox = (category?: string) =>
      t
        .http()
        .get('/api/v1/notifications')
        .query(category ? { category, pageSize: 100 } : { pageSize: 100 })
        .set(as('approver'));
    const all = (await inbox().expect(200)).body;
    const action = (await inbox('action').expect(200)).body;
    const info = (await inbox('info').expect(200)).body;
    const types = (page: { items: { type: string }[] }) => [...new Set(page.items.map((item) => item.type))].sort();
    expect(types(action)).toEqual(['proposal.awaiting_approval', 'report.submitted', 'review.ready']);
    expect(types(info)).toEqual(['assignment.accepted', 'opinion.entered']);
    expect(action.items.every((item: { category: string }) => item.category === 'action')).toBe(true);
    expect(info.items.every((item: { category: string }) => item.category === 'info')).toBe(true);
    expect(action.total + info.total).toBe(all.total);
    // Every request the approver had (check, evaluate, approve) has been dealt with: none still counts as unread.
    expect(action.items.every((item: { settledAt: string | null }) => item.settledAt)).toBe(true);
    expect(all.unreadByCategory).toEqual({ action: 0, info: info.total });
    expect((await inbox('urgent').expect(400)).body.details).toEqual([
      expect.objectContaining({ path: '/category', message: expect.stringContaining('action, info') }),
    ]);
  });

  it('marks a notification read when the user opens it from the inbox page, and goes where it points', async () => {
    const cookie = await sessionCookie(t, 'deputy@example.jp');
    // News: every request the deputy had is settled, and so read, already.
    const { items } = (
      await t.http().get('/api/v1/notifications').query({ category: 'info' }).set(as('deputy')).expect(200)
    ).body;
    const notice = items.find((item: { type: string }) => item.type === 'assignment.accepted');
    expect(notice.readAt).toBeNull();
    const inboxPath = `/o/${cast.organizationId}/inbox`;

    const opened = await t.http().get(`${inboxPath}/${notice.id}/open`).set('Cookie', cookie).expect(303);
    expect(opened.headers.location).toBe(`/o/${cast.organizationId}/reports/${reportId}`);
    const after = (await t.http().get('/api/v1/notifications').query({ category: 'info' }).set(as('deputy'))).body;
    expect(after.items.find((item: { id: string }) => item.id === notice.id).readAt).not.toBeNull();
    expect(after.unreadByCategory.info).toBe(
      items.filter((item: { readAt: string | null }) => !item.readAt).length - 1,
    );

    // Another person's notification is not theirs to open, nor is an id that names none.
    await t
      .http()
      .get(`${inboxPath}/${notice.id}/open`)
      .set('Cookie', await sessionCookie(t, 'owner@example.jp'))
      .expect(404);
    await t.http().get(`${inboxPath}/not-an-id/open`).set('Cookie', cookie).expect(404);
  });

  it('tells the owning department, and only it, when a fiscal year is opened and when its deadline moves', async () => {
    const opened = await step(() =>
      t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/cycles`)
        .set(as('admin'))
        .send({ fiscalYear: 'R5', submissionDueDate: '2024-05-31' })
        .expect(201),
    );
    expect(opened).toEqual({ inbox: { 'cycle.opened': ['owner@example.jp'] }, mails: ['owner@example.jp'] });
    const mail = sink.to('owner@example.jp').at(-1)!;
    expect(mail.subject).toBe('【旭川市】【開始】R5年度の効果検証(提出期限 令和6年5月31日)');
    expect(mail.text).toContain('令和6年5月31日までに提出してください');
    // To the department's drafts of the year, not to the top page (with several municipalities, a list of them).
    const drafts = `/o/${cast.organizationId}/my-reports?fiscalYear=2023`;
    expect(mail.text).toContain(`${drafts}\n`);
    const page = await t
      .http()
      .get(drafts)
      .set('Cookie', await sessionCookie(t, 'owner@example.jp'))
      .expect(200);
    expect(page.text).toContain('id="year-2023"');
    expect(page.text).not.toContain('id="year-2022"');

    // Brought forward two weeks: the department, its drafts still to submit, reads the new date beside the old.
    const cycles = `/api/v1/organizations/${cast.organizationId}/cycles`;
    const year = (await t.http().get(cycles).set(as('planner')).expect(200)).body.find(
      (cycle: { fiscalYear: number }) => cycle.fiscalYear === 2023,
    );
    const moved = await step(() =>
      t
        .http()
        .put(`${cycles}/${year.id}/deadlines`)
        .set(as('planner'))
        .send({ submissionDueDate: 'R6.5.17', deadlinesChecksum: year.deadlinesChecksum })
        .expect(200),
    );
    expect(moved).toEqual({ inbox: { 'cycle.deadline_changed': ['owner@example.jp'] }, mails: ['owner@example.jp'] });
    const notice = sink.to('owner@example.jp').at(-1)!;
    expect(notice.subject).toBe('【旭川市】【期限変更】R5年度の効果検証(提出期限 令和6年5月17日)');
    expect(notice.text).toContain('提出期限が令和6年5月31日から令和6年5月17日に変更されました');
    expect(notice.text).toContain(`${drafts}\n`);
  });

  it('lets a user choose a daily digest per kind of event: one mail a day with everything waiting', async () => {
    const preferences = (await t.http().get('/api/v1/notifications/preferences').set(as('planner')).expect(200)).body;
    expect(preferences.find((preference: any) => preference.eventType === 'report.submitted')).toEqual({
      eventType: 'report.submitted',
      label: '報告の提出',
      category: 'action',
      channel: 'immediate_email',
      defaultChannel: 'immediate_email',
    });
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'weekly' }] })
      .expect(400);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'daily_digest' }] })
      .expect(200);

    const others = ASAHIKAWA_R4_REPORTS.slice(2, 4);
    for (const other of others) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, other);
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
        .set(as('owner'))
        .expect(200);
    }
    await settle(t);
    const plannerMails = sink.to('planner@example.jp').length;
    expect(
      sink.to('approver@example.jp').filter((mail) => mail.subject.includes('【提出】')).length,
    ).toBeGreaterThanOrEqual(2);

    await sendDigest(t);
    const mails = sink.to('planner@example.jp').slice(plannerMails);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('【旭川市】【まとめ】通知 2 件(すべて要対応)');
    expect(mails[0].text).toContain(
      '旭川市の効果検証システムからのお知らせです。まだメールでお知らせしていない通知が 2 件あります。\n\n【要対応】2 件',
    );
    const links: string[] = (
      await t.dataSource.query(
        `SELECT link FROM notifications WHERE user_id = $1 AND type = 'report.submitted' ORDER BY created_at DESC LIMIT 2`,
        [cast.userIds.planner],
      )
    ).map((row: { link: string }) => row.link);
    // Each report under its own title and link.
    for (const other of others) expect(mails[0].text).toContain(`【提出】${other.projectName}(R4年度)`);
    for (const link of links) expect(mails[0].text).toContain(`${link}\n`);
    expect(new Set(links).size).toBe(2);
  });

  it('names the municipality of each item when a digest gathers the notices of two municipalities', async () => {
    // Expert A sits on 釧路市's panel too, and takes requests for opinions in one mail a day.
    const { organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市');
    const kushiroAdmin = { Authorization: `Bearer ${await signIn(t, 'admin@012068.example.jp')}` };
    const kushiroDepartment = (
      await t
        .http()
        .post(`/api/v1/organizations/${kushiro}/departments`)
        .set(kushiroAdmin)
        .send({ name: '産業振興部' })
        .expect(201)
    ).body.id;
    await addUser(t, kushiro, 'kushiro-owner@example.jp', Role.ProjectOwner, kushiroDepartment);
    await addUser(t, kushiro, 'kushiro-planner@example.jp', Role.PlanningDivision);
    await addUser(t, kushiro, 'experta@example.jp', Role.ExternalExpert);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('expertA'))
      .send({ choices: [{ eventType: 'expert.assigned', channel: 'daily_digest' }] })
      .expect(200);

    // The same project in both municipalities: the same title, told apart by the municipality alone.
    const seed = ASAHIKAWA_R4_REPORTS[4];
    const due = dueInDays(21);
    const links: Record<string, string> = {};
    for (const [name, organizationId, departmentId, owner, planner] of [
      ['旭川市', cast.organizationId, cast.departmentId, cast.tokens.owner, cast.tokens.planner],
      [
        '釧路市',
        kushiro,
        kushiroDepartment,
        await signIn(t, 'kushiro-owner@example.jp'),
        await signIn(t, 'kushiro-planner@example.jp'),
      ],
    ]) {
      const report = await enterSeedReport(t, owner, organizationId, departmentId, seed);
      const reportPath = `/api/v1/organizations/${organizationId}/reports/${report.id}`;
      await t
        .http()
        .post(`${reportPath}/submit`)
        .set({ Authorization: `Bearer ${owner}` })
        .expect(200);
      await t
        .http()
        .post(`${reportPath}/accept`)
        .set({ Authorization: `Bearer ${planner}` })
        .send({ experts: [cast.userIds.expertA], dueDate: due })
        .expect(200);
      links[name] = `/o/${organizationId}/reports/${report.id}`;
    }
    await settle(t);
    const expertMails = sink.to('experta@example.jp').length;

    await sendDigest(t);
    const mails = sink.to('experta@example.jp').slice(expertMails);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('【まとめ】通知 2 件(すべて要対応)');
    expect(mails[0].text).toContain(
      '旭川市・釧路市の効果検証システムからのお知らせです。まだメールでお知らせしていない通知が 2 件あります。',
    );
    // Each request under its municipality's name, with the link into that municipality's report.
    const title = `【意見照会】${seed.projectName}(R4年度)(期限 ${japaneseDate(due)})`;
    const entries = mails[0].text
      .split('■ ')
      .slice(1)
      .map((entry) => entry.split('\n'));
    expect(entries.map(([heading, , link]) => [heading, link])).toEqual(
      ['旭川市', '釧路市'].map((name) => [`【${name}】${title}`, expect.stringMatching(new RegExp(`${links[name]}$`))]),
    );
    expect(mails[0].html).toContain(`【釧路市】${title}</h3>`);
  });

  it('audits each change of channel with its before and after; a choice that changes nothing is not audited', async () => {
    const choose = (channel: string) =>
      t
        .http()
        .put('/api/v1/notifications/preferences')
        .set(as('approver'))
        .send({ choices: [{ eventType: 'report.returned', channel }] })
        .expect(200);
    await choose('in_app_only');
    await choose('in_app_only');

    // The settings page, sent as shown, then with one kind turned off.
    const cookie = await sessionCookie(t, 'approver@example.jp');
    const settings = `/o/${cast.organizationId}/inbox/settings`;
    const shown = await t.http().get(settings).set('Cookie', cookie).expect(200);
    const form = formsOf(shown.text, settings).find((candidate) => candidate.action === settings)!;
    expect((await sendPageForm(t, cookie, settings, settings)).status).toBe(303);
    const [eventTypeField] = form.fields.find(
      ([name, value]) => name.endsWith('/eventType') && value === 'opinion.entered',
    )!;
    const turnedOff = { [eventTypeField.replace(/eventType$/, 'channel')]: 'off' };
    expect((await sendPageForm(t, cookie, settings, settings, turnedOff)).status).toBe(303);

    // The API names no organization (the platform chain); the page is the organization's.
    expect(
      await t.dataSource.query(
        `SELECT organization_id, entity_id, details FROM audit_entries
          WHERE action = 'notification_preferences.changed' AND actor_user_id = $1 ORDER BY id`,
        [cast.userIds.approver],
      ),
    ).toEqual([
      {
        organization_id: null,
        entity_id: cast.userIds.approver,
        details: { changes: [{ path: '/report.returned', before: 'immediate_email', after: 'in_app_only' }] },
      },
      {
        organization_id: cast.organizationId,
        entity_id: cast.userIds.approver,
        details: { changes: [{ path: '/opinion.entered', before: 'in_app_only', after: 'off' }] },
      },
    ]);
  });

  /** A seed report of its own, submitted and put to the experts named, with their assignments. */
  async function askedOf(seed: (typeof ASAHIKAWA_R4_REPORTS)[number], experts: string[]) {
    const other = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const otherPath = (rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${other.id}${rest}`;
    await t.http().post(otherPath('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(otherPath('/accept'))
      .set(as('planner'))
      .send({ experts: experts.map((expert) => cast.userIds[expert]), dueDate: dueInDays(14) })
      .expect(200);
    const assignments = (await t.http().get(otherPath('/assignments')).set(as('planner')).expect(200)).body as {
      id: string;
      expertUserId: string;
    }[];
    return { other, otherPath, assignments };
  }

  it('leads an expert taken off a review, or dismissed, to their list, which opens, not to the report now closed to them', async () => {
    const { other, otherPath, assignments } = await askedOf(ASAHIKAWA_R4_REPORTS[0], ['expertA', 'expertB']);
    const assignmentOf = (expert: string) =>
      assignments.find((assignment) => assignment.expertUserId === cast.userIds[expert])!.id;
    const ended = await step(async () => {
      await t
        .http()
        .delete(otherPath(`/assignments/${assignmentOf('expertA')}`))
        .set(as('admin'))
        .send({ reason: '担当替え' })
        .expect(204);
      await t
        .http()
        .post(otherPath(`/assignments/${assignmentOf('expertB')}/dismiss`))
        .set(as('planner'))
        .send({ note: '回答がないため' })
        .expect(200);
    });
    expect(ended.inbox).toMatchObject({
      'assignment.removed': ['experta@example.jp'],
      'assignment.dismissed': ['expertb@example.jp'],
    });

    const list = `/o/${cast.organizationId}/assignments`;
    const reportPage = `/o/${cast.organizationId}/reports/${other.id}`;
    for (const [expert, email, subject] of [
      ['expertA', 'experta@example.jp', '【取消し】'],
      ['expertB', 'expertb@example.jp', '【意見照会の終了】'],
    ]) {
      const mail = sink.to(email).at(-1)!;
      expect(mail.subject).toBe(`【旭川市】${subject}${ASAHIKAWA_R4_REPORTS[0].projectName}(R4年度)`);
      expect(mail.text).toContain(`${list}\n`);
      expect(mail.text).not.toContain(reportPage);
      const [{ id, link }] = await t.dataSource.query(
        `SELECT id, link FROM notifications WHERE user_id = $1 AND report_id = $2 AND type LIKE 'assignment.%'`,
        [cast.userIds[expert], other.id],
      );
      expect(link).toMatch(new RegExp(`${list}$`));
      const cookie = await sessionCookie(t, email);
      const direct = await t.http().get(reportPage).set('Cookie', cookie).expect(303);
      expect(direct.headers.location).toBe(`${list}?notice=report-no-longer-open`);
      await t.http().get(list).set('Cookie', cookie).expect(200);
      const opened = await t.http().get(`/o/${cast.organizationId}/inbox/${id}/open`).set('Cookie', cookie).expect(303);
      expect(opened.headers.location).toBe(list);

      // The request they had before leads to their list too, saying why the report does not open.
      const [{ id: request }] = await t.dataSource.query(
        `SELECT id FROM notifications WHERE user_id = $1 AND report_id = $2 AND type = 'expert.assigned'`,
        [cast.userIds[expert], other.id],
      );
      const earlier = await t
        .http()
        .get(`/o/${cast.organizationId}/inbox/${request}/open`)
        .set('Cookie', cookie)
        .expect(303);
      expect(earlier.headers.location).toBe(`${list}?notice=report-no-longer-open`);
      const landed = await t.http().get(earlier.headers.location).set('Cookie', cookie).expect(200);
      expect(landed.text).toContain('この通知の報告は、いまは開けません。');
    }
  });

  it('leads an expert taken off a report to their list when they follow an earlier mail to it; to anyone who never had it, it stays not found', async () => {
    const {
      other,
      otherPath,
      assignments: [{ id: assignmentId }],
    } = await askedOf(ASAHIKAWA_R4_REPORTS[2], ['expertA']);
    await t
      .http()
      .post(otherPath(`/assignments/${assignmentId}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t.http().post(otherPath('/questions')).set(as('expertA')).send({ body: 'KPIの算定方法は?' }).expect(201);
    const [{ id: questionId }] = await t.dataSource.query(
      `SELECT id FROM report_comments WHERE report_id = $1 AND kind = 'question'`,
      [other.id],
    );
    const reportPage = `/o/${cast.organizationId}/reports/${other.id}`;
    const answered = await step(() =>
      t
        .http()
        .post(otherPath(`/questions/${questionId}/answer`))
        .set(as('owner'))
        .send({ body: '③に記載のとおりです。' })
        .expect(201),
    );
    expect(answered.mails).toEqual(['experta@example.jp']);
    // The mail carries the expert's own link (which ends with the assignment); the inbox keeps the report's.
    expect(sink.to('experta@example.jp').at(-1)!.text).toMatch(/\/review-links\/\S+/);
    await t
      .http()
      .delete(otherPath(`/assignments/${assignmentId}`))
      .set(as('admin'))
      .send({ reason: '担当替え' })
      .expect(204);

    // The inbox's link, and the report's other pages, lead to their list, saying why the report does not open.
    const list = `/o/${cast.organizationId}/assignments`;
    const removed = await sessionCookie(t, 'experta@example.jp');
    for (const page of [reportPage, `${reportPage}/questions`, `${reportPage}/history`]) {
      const opened = await t.http().get(page).set('Cookie', removed).expect(303);
      expect(opened.headers.location).toBe(`${list}?notice=report-no-longer-open`);
    }
    const landed = await t.http().get(`${list}?notice=report-no-longer-open`).set('Cookie', removed).expect(200);
    expect(landed.text).toContain('この通知の報告は、いまは開けません。');

    // An expert never asked, an owner of another department: not found, as for an id that names nothing.
    await addUser(t, cast.organizationId, 'never-asked@example.jp', Role.ExternalExpert);
    const neverAsked = await sessionCookie(t, 'never-asked@example.jp');
    const bystander = await sessionCookie(t, 'bystander-owner@example.jp');
    for (const [cookie, page] of [
      [neverAsked, reportPage],
      [neverAsked, `${reportPage}/questions`],
      [bystander, reportPage],
      [removed, `/o/${cast.organizationId}/reports/${randomUUID()}`],
    ]) {
      const response = await t.http().get(page).set('Cookie', cookie).expect(404);
      expect(response.text).toContain('ページが見つかりません');
    }
  });

  it('tells of the answer to a question only an author still asked for an opinion, not one removed or dismissed since', async () => {
    cast.userIds.expertC = (await addUser(t, cast.organizationId, 'expertc@example.jp', Role.ExternalExpert)).id;
    cast.tokens.expertC = await signIn(t, 'expertc@example.jp');
    const experts = ['expertA', 'expertB', 'expertC'];
    const { otherPath, assignments } = await askedOf(ASAHIKAWA_R4_REPORTS[3], experts);
    const assignmentOf = (expert: string) =>
      assignments.find((assignment) => assignment.expertUserId === cast.userIds[expert])!.id;
    const questionOf: Record<string, string> = {};
    for (const expert of experts) {
      await t
        .http()
        .post(otherPath(`/assignments/${assignmentOf(expert)}/respond`))
        .set(as(expert))
        .send({ accept: true, conflictOfInterest: 'none' })
        .expect(200);
      questionOf[expert] = (
        await t.http().post(otherPath('/questions')).set(as(expert)).send({ body: '事業費の内訳は?' }).expect(201)
      ).body.id;
    }
    await t
      .http()
      .delete(otherPath(`/assignments/${assignmentOf('expertA')}`))
      .set(as('admin'))
      .send({ reason: '担当替え' })
      .expect(204);
    await t
      .http()
      .post(otherPath(`/assignments/${assignmentOf('expertB')}/dismiss`))
      .set(as('planner'))
      .send({ note: '回答がないため' })
      .expect(200);

    const answered = await step(async () => {
      for (const expert of experts)
        await t
          .http()
          .post(otherPath(`/questions/${questionOf[expert]}/answer`))
          .set(as('owner'))
          .send({ body: '④のとおりです。' })
          .expect(201);
    });
    expect(answered).toEqual({
      inbox: { 'question.answered': ['expertc@example.jp'] },
      mails: ['expertc@example.jp'],
    });
  });

  it('retries a failing mail with backoff, then shows it to administrators, who can send it again', async () => {
    sink.hooks.reject = (recipients) => (recipients.includes('expertb@example.jp') ? 'mailbox unavailable' : undefined);
    const [{ id: assignmentB }] = await t.dataSource.query(
      `SELECT id FROM review_assignments WHERE expert_user_id = $1 LIMIT 1`,
      [cast.userIds.expertB],
    );
    await t.dataSource.query(
      `INSERT INTO notification_outbox (organization_id, type, report_id, payload) VALUES ($1, 'expert.assigned', $2, $3)`,
      [
        cast.organizationId,
        reportId,
        JSON.stringify({ assignmentId: assignmentB, expertUserId: cast.userIds.expertB, dueDate: dueInDays(3) }),
      ],
    );
    const failed = await eventually(
      async () =>
        (
          await t
            .http()
            .get(`/api/v1/organizations/${cast.organizationId}/notifications/failed`)
            .set(as('admin'))
            .expect(200)
        ).body,
      (list: any[]) => list.length === 1,
    );
    expect(failed[0]).toMatchObject({
      toAddress: 'expertb@example.jp',
      attempts: 2,
      lastError: expect.stringContaining('mailbox unavailable'),
    });
    await t
      .http()
      .get(`/api/v1/organizations/${cast.organizationId}/notifications/failed`)
      .set(as('planner'))
      .expect(403);

    sink.hooks.reject = undefined;
    const before = sink.to('expertb@example.jp').length;
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/notifications/failed/${failed[0].id}/retry`)
      .set(as('admin'))
      .expect(202);
    await settle(t);
    expect(sink.to('expertb@example.jp').length).toBe(before + 1);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/organizations/${cast.organizationId}/notifications/failed`)
          .set(as('admin'))
          .expect(200)
      ).body,
    ).toEqual([]);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/notifications/failed/${failed[0].id}/retry`)
      .set(as('admin'))
      .expect(404);
  });
  it('refuses (409) to resend a failed mail whose request was settled since: there is nothing to ask for', async () => {
    const failedList = `/api/v1/organizations/${cast.organizationId}/notifications/failed`;
    const other = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[0])
    ).id;
    const ofOther = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${other}${rest}`;
    sink.hooks.reject = (recipients) =>
      recipients.includes('approver@example.jp') ? 'mailbox unavailable' : undefined;
    await t.http().post(ofOther('/submit')).set(as('owner')).expect(200);
    const failed = (
      await eventually(
        async () => (await t.http().get(failedList).set(as('admin')).expect(200)).body as FailedMail[],
        (list) => list.some((mail) => mail.toAddress === 'approver@example.jp'),
      )
    ).find((mail) => mail.toAddress === 'approver@example.jp')!;
    sink.hooks.reject = undefined;
    expect(failed).toMatchObject({ toAddress: 'approver@example.jp', requestSettled: false });
    const mailed = sink.to('approver@example.jp').length;

    // The administrator opens the list; meanwhile the submission is returned, which settles what the mail asked for.
    const page = `/o/${cast.organizationId}/admin/failed-notifications`;
    const refused = await sendPageForm(
      t,
      await sessionCookie(t, 'admin@012041.example.jp'),
      page,
      `${page}/${failed.id}/retry`,
      {},
      async () => {
        await t
          .http()
          .post(ofOther('/return'))
          .set(as('planner'))
          .send({ comment: '添付を確認してください。' })
          .expect(200);
        await settle(t);
      },
    );
    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      'このメールで知らせた依頼はすでに対応済みになっているため、再送するものはありません。',
    );
    expect(shownText(refused.text)).toContain('対応済みのため再送不要');

    const answer = await t.http().post(`${failedList}/${failed.id}/retry`).set(as('admin')).expect(409);
    expect(answer.body.message).toBe(
      'What this e-mail asked for has been settled already: there is nothing to resend.',
    );
    expect((await t.http().get(failedList).set(as('admin')).expect(200)).body).toEqual([
      expect.objectContaining({ id: failed.id, requestSettled: true }),
    ]);
    // Nothing was sent, changed or recorded as a resend.
    await settle(t);
    expect(sink.to('approver@example.jp').length).toBe(mailed);
    const [{ status, retry_round: retryRound }] = await t.dataSource.query(
      'SELECT status, retry_round FROM email_deliveries WHERE id = $1',
      [failed.id],
    );
    expect({ status, retryRound }).toEqual({ status: 'failed', retryRound: 0 });
    expect(
      await t.dataSource.query(
        `SELECT id FROM audit_entries WHERE action = 'notification.retried' AND entity_id = $1`,
        [failed.id],
      ),
    ).toEqual([]);
  });

  it('keeps the notices of a retired department with its owners in the successor: in their inbox and their digest', async () => {
    const admin = { Authorization: `Bearer ${cast.tokens.admin}` };
    const departments = `/api/v1/organizations/${cast.organizationId}/departments`;
    const newDepartment = async (name: string): Promise<string> =>
      (await t.http().post(departments).set(admin).send({ name }).expect(201)).body.id;
    const [tourism, successor] = [await newDepartment('観光課'), await newDepartment('観光スポーツ課')];
    await addUser(t, cast.organizationId, 'tourism-owner@example.jp', Role.ProjectOwner, tourism);
    const ownerToken = await signIn(t, 'tourism-owner@example.jp');
    const owner = { Authorization: `Bearer ${ownerToken}` };
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(owner)
      .send({ choices: [{ eventType: 'report.returned', channel: 'daily_digest' }] })
      .expect(200);
    const returned = ASAHIKAWA_R4_REPORTS[3];
    const report = await enterSeedReport(t, ownerToken, cast.organizationId, tourism, returned);
    const ofReport = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${report.id}${rest}`;
    await t.http().post(ofReport('/submit')).set(owner).expect(200);
    await t
      .http()
      .post(ofReport('/return'))
      .set(as('planner'))
      .send({ comment: '成果指標の実績を確認してください。' })
      .expect(200);
    await settle(t);

    // 課の統合: the owner's role and the returned draft go to the successor, and so does what asks the owner to act.
    await t.http().post(`${departments}/${tourism}/retirement`).set(admin).send({ successorId: successor }).expect(200);
    await t.http().get(ofReport('')).set(owner).expect(200);
    const inbox = (await t.http().get('/api/v1/notifications').set(owner).expect(200)).body;
    expect(inbox.items).toEqual([
      expect.objectContaining({ type: 'report.returned', reportId: report.id, settledAt: null, readAt: null }),
    ]);
    expect(inbox.unreadByCategory).toEqual({ action: 1, info: 0 });

    await sendDigest(t);
    const [digest, ...more] = sink.to('tourism-owner@example.jp');
    expect(more).toEqual([]);
    expect(digest.subject).toBe('【旭川市】【まとめ】通知 1 件(要対応)');
    expect(digest.text).toContain(`【差戻し】${returned.projectName}(R4年度)`);

    // Merged again a later April, the successor hands it on in turn.
    const next = await newDepartment('地域振興課');
    await t.http().post(`${departments}/${successor}/retirement`).set(admin).send({ successorId: next }).expect(200);
    const after = (await t.http().get('/api/v1/notifications').set(owner).expect(200)).body;
    expect(after.items.map((item: { id: string }) => item.id)).toEqual([inbox.items[0].id]);
  });

  it('puts the open items of a digest that failed every attempt into the next digest', async () => {
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as('planner'))
      .send({ choices: [{ eventType: 'report.submitted', channel: 'daily_digest' }] })
      .expect(200);
    const submitted = ASAHIKAWA_R4_REPORTS[2];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, submitted);
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/submit`)
      .set(as('owner'))
      .expect(200);
    await settle(t);
    const mailed = sink.to('planner@example.jp').length;

    sink.hooks.reject = (recipients) => (recipients.includes('planner@example.jp') ? 'mailbox unavailable' : undefined);
    await sendDigest(t);
    sink.hooks.reject = undefined;
    const [failed] = await t.dataSource.query(
      `SELECT status, attempts FROM email_deliveries WHERE to_address = 'planner@example.jp' AND subject LIKE '%【まとめ】%'
        ORDER BY created_at DESC LIMIT 1`,
    );
    expect(failed).toEqual({ status: 'failed', attempts: 2 });
    expect(sink.to('planner@example.jp').length).toBe(mailed);

    await sendDigest(t);
    const [next, ...more] = sink.to('planner@example.jp').slice(mailed);
    expect(more).toEqual([]);
    expect(next.subject).toBe('【旭川市】【まとめ】通知 1 件(要対応)');
    expect(next.text).toContain(`【提出】${submitted.projectName}(R4年度)`);
  });
});
