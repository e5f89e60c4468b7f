import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, sendDigest, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { addUser, createTestApp, sessionCookie, signIn, type TestApp } from '../support/test-app';

/**
 * 一括公表: the planning division publishes a year's decided reports in one action, after a page that lists them.
 * Each report is published as if alone (its audit entry, edition and inbox notifications); a refusal publishes nothing.
 * Each person told is mailed once for the action, the reports listed.
 */
describe('Publishing a fiscal year’s decided reports at once (一括公表)', () => {
  const [first, second, third] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  const sink = new SmtpSink();
  const ids = { first: '', second: '', evaluated: '' };
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const statusOf = async (reportId: string) =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}`))
        .set(as('planner'))
        .expect(200)
    ).body.status;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', SMTP_URL: await sink.start(), OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    // A second owner of the department, who reads publications in the daily digest.
    await addUser(t, cast.organizationId, 'owner2@example.jp', Role.ProjectOwner, cast.departmentId);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set({ Authorization: `Bearer ${await signIn(t, 'owner2@example.jp')}` })
      .send({ choices: [{ eventType: 'report.published', channel: 'daily_digest' }] })
      .expect(200);
    // R4 (2022): two reports with a decided policy, and one whose proposal was sent back (evaluated).
    for (const [key, seed] of [
      ['first', first],
      ['second', second],
      ['evaluated', third],
    ] as const) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      ids[key] = report.id;
      await t
        .http()
        .post(api(`/reports/${report.id}/submit`))
        .set(as('owner'))
        .expect(200);
      await reviewAndPropose(t, cast, report.id, seed);
      if (key === 'evaluated')
        await t
          .http()
          .post(api(`/reports/${report.id}/send-back`))
          .set(as('approver'))
          .send({ comment: '理由をもう少し具体的に' })
          .expect(200);
      else
        await t
          .http()
          .post(api(`/reports/${report.id}/approve`))
          .set(as('approver'))
          .expect(200);
    }
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  const publishedCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM result_reports WHERE status = 'published'`))[0].n;

  it('through the API, refuses a report that is not decided in that year, naming it, and publishes nothing', async () => {
    const refused = await t
      .http()
      .post(api('/fiscal-years/R4/publications'))
      .set(as('planner'))
      .send({ reportIds: [ids.first, ids.evaluated] })
      .expect(409);
    expect(refused.body.message).toContain(ids.evaluated);
    expect(refused.body.details).toEqual([expect.objectContaining({ path: '/reportIds/1' })]);
    // The right reports, but of another year: the same refusal.
    await t
      .http()
      .post(api('/fiscal-years/2023/publications'))
      .set(as('planner'))
      .send({ reportIds: [ids.first] })
      .expect(409);
    expect(await publishedCount()).toBe(0);
    expect(await statusOf(ids.first)).toBe('decided');
  });

  it('through the API, is refused to owners and administrators, and to malformed requests', async () => {
    for (const who of ['owner', 'admin', 'expertA'])
      await t
        .http()
        .post(api('/fiscal-years/R4/publications'))
        .set(as(who))
        .send({ reportIds: [ids.first] })
        .expect(403);
    for (const body of [{}, { reportIds: [] }, { reportIds: ['x'] }, { reportIds: [ids.first, ids.first] }])
      await t.http().post(api('/fiscal-years/R4/publications')).set(as('planner')).send(body).expect(400);
    await t
      .http()
      .post(api('/fiscal-years/R400/publications'))
      .set(as('planner'))
      .send({ reportIds: [ids.first] })
      .expect(400);
    expect(await publishedCount()).toBe(0);
  });

  it('lists on its page the two decided reports of the year, not the evaluated one; confirming publishes both', async () => {
    const cookies = [await sessionCookie(t, 'planner@example.jp')];
    const board = await t
      .http()
      .get(`/o/${cast.organizationId}/board?fiscalYear=2022`)
      .set('Cookie', cookies.join('; '))
      .expect(200);
    expect(board.text).toContain(`/o/${cast.organizationId}/board/publication?fiscalYear=2022`);

    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/board/publication?fiscalYear=2022`)
      .set('Cookie', cookies.join('; '))
      .expect(200);
    for (const cookie of [page.headers['set-cookie'] ?? []].flat()) cookies.push(cookie.split(';')[0]);
    expect(page.text).toContain('R4年度の方針決定済みの報告を一括公表しますか');
    expect(page.text).toContain('2件を公表する');
    expect(page.text).toContain(first.projectName);
    expect(page.text).toContain(second.projectName);
    expect(page.text).not.toContain(third.projectName);
    expect(page.text).toContain('事業の継続');
    // What the page says of the list points to where the list is: above it.
    const sentence = page.text.indexOf('上に挙げた2件の報告を公表します。');
    expect(sentence).toBeGreaterThan(page.text.indexOf(first.projectName));
    expect(sentence).toBeGreaterThan(page.text.indexOf(second.projectName));
    expect(await publishedCount()).toBe(0);

    // Posted back as the browser would: every hidden field of the confirmation form.
    const confirmationForm = page.text.slice(page.text.indexOf('<form method="post" action="/o/'));
    const form = new URLSearchParams();
    for (const [, name, value] of confirmationForm
      .slice(0, confirmationForm.indexOf('</form>'))
      .matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.append(name, value);
    // And the button pressed: it is the button that says to carry the action out.
    form.append('confirmed', 'yes');
    // Each report listed travels with the version shown (`<id>:<version>`).
    expect(
      form
        .getAll('/reportIds')
        .map((value) => value.split(':')[0])
        .sort(),
    ).toEqual([ids.first, ids.second].sort());
    await settle(t);
    const since = await lastNotificationId(t);
    const mailsBefore = sink.received.length;

    const done = await t
      .http()
      .post(`/o/${cast.organizationId}/board/publication`)
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send(form.toString())
      .expect(303);

    expect(done.headers.location).toBe(`/o/${cast.organizationId}/board?fiscalYear=2022&notice=year-published`);
    expect(await statusOf(ids.first)).toBe('published');
    expect(await statusOf(ids.second)).toBe('published');
    expect(await statusOf(ids.evaluated)).toBe('evaluated');
    const audited = await t.dataSource.query(
      `SELECT entity_id AS "reportId" FROM audit_entries WHERE action = 'report.published' ORDER BY entity_id`,
    );
    expect(audited.map((row: { reportId: string }) => row.reportId)).toEqual([ids.first, ids.second].sort());
    const [bulk] = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'reports.bulk_published'`,
    );
    expect(bulk.details).toMatchObject({ fiscalYear: 2022, count: 2 });
    const editions = await t.dataSource.query(
      `SELECT report_id AS "reportId", edition FROM report_editions ORDER BY report_id`,
    );
    expect(editions).toEqual([ids.first, ids.second].sort().map((reportId) => ({ reportId, edition: 1 })));
    await settle(t);
    const [{ published }] = await t.dataSource.query(
      `SELECT count(*)::int AS published FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.type = 'report.published' AND u.email = 'owner@example.jp'`,
    );
    expect(published).toBe(2);
    expect((await inboxByType(t, since))['report.published']).toEqual(
      expect.arrayContaining(['owner@example.jp', 'experta@example.jp', 'owner2@example.jp']),
    );

    // One mail each for the one action, the reports listed in the list's order, each with its link.
    const mails = sink.received.slice(mailsBefore);
    expect(mails.map((mail) => mail.to.join()).sort()).toEqual(['experta@example.jp', 'owner@example.jp']);
    const reportLink = (id: string) => `/o/${cast.organizationId}/reports/${id}`;
    for (const mail of mails) {
      expect(mail.subject).toBe('【旭川市】【公表】R4年度の報告 2件');
      const [atFirst, atSecond] = [first, second].map((seed) => mail.text.indexOf(`■ 【公表】${seed.projectName}`));
      expect(atFirst).toBeGreaterThan(0);
      expect(atSecond).toBeGreaterThan(0);
      for (const id of [ids.first, ids.second]) expect(mail.text).toContain(reportLink(id));
      expect(mail.html).toContain(reportLink(ids.first));
    }
    // Whoever reads publications in the digest reads these there, as before.
    await sendDigest(t);
    const digests = sink.received.slice(mailsBefore).filter((mail) => mail.to.includes('owner2@example.jp'));
    expect(digests.map((mail) => mail.subject)).toEqual(['【旭川市】【まとめ】通知 2 件']);
    for (const seed of [first, second]) expect(digests[0].text).toContain(`■ 【公表】${seed.projectName}`);
  });

  it('says, on an ordinary page with the way back to the board, that nothing is left once the year is published', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/board/publication?fiscalYear=2022`)
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain('<h1 class="heading-l">R4年度(2022年度)に公表できる報告はまだありません</h1>');
    expect(page.text).toContain(`href="/o/${cast.organizationId}/board?fiscalYear=2022"`);
    expect(page.text).not.toContain('受付番号');
    expect(page.text).not.toContain('公表する</button>');
  });
});
