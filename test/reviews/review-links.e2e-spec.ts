import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule, LINK_SESSION_ALLOWED } from '../../src/access/access.decorators';
import { secretTokenHash } from '../../src/common/secret-token';
import { Transactions } from '../../src/infra/database/transactions';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { eventually, SmtpSink } from '../support/smtp-sink';
import {
  createTestApp,
  seedOrganization,
  sessionCookie,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../support/test-app';
import { PageTab, shownText } from '../web/support/page-forms';

const USER_AGENT = 'Mozilla/5.0 (review-link test)';
const LINK = /\/review-links\/([A-Za-z0-9_-]{43})/;
const NOWHERE = '6d1f0c2e-4b7a-4f0e-9c3d-2a5b8e7f1a90';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** The host the pages are asked at in a browser's tab, so that a form's Referer names this site. */
const SITE = 'kpiv.test';

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  name: string;
  rule: AccessRule | undefined;
  linkAllowed: boolean;
}

/** Every route of the app, pages and API alike, with its declared access rule and whether link sessions may call it. */
function allRoutes(t: TestApp): Route[] {
  const methods: Partial<Record<RequestMethod, Route['method']>> = {
    [RequestMethod.GET]: 'get',
    [RequestMethod.POST]: 'post',
    [RequestMethod.PUT]: 'put',
    [RequestMethod.PATCH]: 'patch',
    [RequestMethod.DELETE]: 'delete',
  };
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = methods[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (own === undefined || !method) continue;
        for (const path of [own].flat()) {
          routes.push({
            method,
            path: `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/'),
            name: `${controller.name}.${name}`,
            rule: Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller),
            linkAllowed: Boolean(
              Reflect.getMetadata(LINK_SESSION_ALLOWED, handler) ??
              Reflect.getMetadata(LINK_SESSION_ALLOWED, controller),
            ),
          });
        }
      }
    }
  }
  return routes;
}

/**
 * 外部有識者のワンクリックアクセス: the personal link in the mails, the session it opens (that assignment only),
 * revocation, expiry, and the request for a fresh link, over HTTP with the mail through real SMTP.
 */
describe("Experts' one-click links", () => {
  let t: TestApp;
  let cast: Cast;
  let kushiro: string;
  const sink = new SmtpSink();
  /** The report the link opens, and another report the same expert is asked about (which the link must not open). */
  let reportId: string;
  let otherReportId: string;
  let assignmentId: string;
  let otherAssignmentId: string;
  let expertBAssignmentId: string;
  let otherExpertBAssignmentId: string;
  let firstToken: string;
  /** The link session's token, as a bearer (the same signed token as the cookie). */
  let linkSession: string;

  const org = (rest = '') => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({
      RUN_WORKER: 'true',
      SMTP_URL: await sink.start(),
      OUTBOX_RELAY_INTERVAL_MS: '50',
      PASSWORD_RESET_MAX_REQUESTS: '3',
      PASSWORD_RESET_MAX_REQUESTS_PER_IP: '30',
    });
    cast = await castAsahikawa(t);
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    const [first, second] = ASAHIKAWA_R4_REPORTS;
    for (const seed of [first, second]) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      await t
        .http()
        .post(org(`/reports/${report.id}/submit`))
        .set(as('owner'))
        .expect(200);
      await t
        .http()
        .post(org(`/reports/${report.id}/accept`))
        .set(as('planner'))
        .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
        .expect(200);
      if (seed === first) reportId = report.id;
      else otherReportId = report.id;
    }
    const assignments = async (id: string) =>
      (
        await t
          .http()
          .get(org(`/reports/${id}/assignments`))
          .set(as('planner'))
          .expect(200)
      ).body as {
        id: string;
        expertUserId: string;
      }[];
    const ofFirst = await assignments(reportId);
    assignmentId = ofFirst.find((a) => a.expertUserId === cast.userIds.expertA)!.id;
    expertBAssignmentId = ofFirst.find((a) => a.expertUserId === cast.userIds.expertB)!.id;
    const ofOther = await assignments(otherReportId);
    otherAssignmentId = ofOther.find((a) => a.expertUserId === cast.userIds.expertA)!.id;
    otherExpertBAssignmentId = ofOther.find((a) => a.expertUserId === cast.userIds.expertB)!.id;
    await settle(t);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  /** The tokens of the links mailed to the address, oldest first, once at least `count` mails have arrived. */
  async function mailedTokens(address: string, count = 1): Promise<string[]> {
    const mails = await eventually(
      () => sink.to(address).filter((mail) => LINK.test(mail.text)),
      (found) => found.length >= count,
    );
    return mails.map((mail) => LINK.exec(mail.text)![1]);
  }

  /** The link's page, and its form as a browser would post it (CSRF cookie and field). */
  async function linkPage(token: string, expected = 200) {
    const page = await t.http().get(`/review-links/${token}`).set('User-Agent', USER_AGENT).expect(expected);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookies = [page.headers['set-cookie'] ?? []].flat().map((cookie: string) => cookie.split(';')[0]);
    const post = (action: string) =>
      t
        .http()
        .post(action)
        .set('Cookie', cookies.join('; '))
        .set('User-Agent', USER_AGENT)
        .type('form')
        .send({ _csrf: csrf, token });
    return { page, post };
  }

  /** Presses 報告書を開く: returns the session token (from the cookie) and where the browser was sent. */
  async function open(token: string): Promise<{ session: string; location: string }> {
    const { post } = await linkPage(token);
    const response = await post('/review-links/open').expect(303);
    const cookie = [response.headers['set-cookie'] ?? []].flat().find((c: string) => c.startsWith('kpiv_session='))!;
    return { session: cookie.split(';')[0].slice('kpiv_session='.length), location: response.headers.location };
  }

  it('puts a personal link in the invitation mail, stored only as a hash; the inbox keeps the report link', async () => {
    const [mail] = sink.to('experta@example.jp').filter((m) => m.subject.includes('【意見照会】'));
    expect(mail.text).toMatch(LINK);
    expect(mail.text).toContain('パスワードなしでこの依頼の報告書を開けます');
    firstToken = (await mailedTokens('experta@example.jp', 2))[0];
    const [stored] = await t.dataSource.query(
      `SELECT assignment_id, expires_at FROM review_links WHERE token_hash = $1`,
      [secretTokenHash(firstToken)],
    );
    expect([assignmentId, otherAssignmentId]).toContain(stored.assignment_id);
    // Valid until the end of the due date in Japan plus the default 30 days.
    const due = new Date(`${dueInDays(14)}T00:00:00+09:00`).getTime();
    expect(new Date(stored.expires_at).getTime()).toBe(due + 31 * 86_400_000);
    const [{ leaked }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM notification_outbox WHERE payload::text LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM audit_entries WHERE details::text LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM notifications WHERE link LIKE '%' || $1 || '%') AS leaked`,
      [firstToken],
    );
    expect(Number(leaked)).toBe(0);
    // The planning division's mails carry no link of an expert.
    expect(sink.to('planner@example.jp').some((m) => LINK.test(m.text))).toBe(false);
  });

  it('audits each link issued, as the system acting on the mailed event: assignment, expert, expiry, never the token', async () => {
    const links: { id: string; assignment_id: string; expires_at: Date; token_hash: string }[] =
      await t.dataSource.query(`SELECT id, assignment_id, expires_at, token_hash FROM review_links ORDER BY id::text`);
    expect(links).toHaveLength(4);
    const reportOf = new Map([
      [assignmentId, reportId],
      [expertBAssignmentId, reportId],
      [otherAssignmentId, otherReportId],
      [otherExpertBAssignmentId, otherReportId],
    ]);
    const expertOf = (assignment: string) =>
      [assignmentId, otherAssignmentId].includes(assignment) ? cast.userIds.expertA : cast.userIds.expertB;
    const issued = await t.dataSource.query(
      `SELECT chain, actor_user_id, actor_roles, request_id, entity_type, entity_id, details FROM audit_entries
       WHERE action = 'review_link.issued' ORDER BY details->>'reviewLinkId'`,
    );
    expect(issued).toEqual(
      links.map((link) => ({
        chain: `org:${cast.organizationId}`,
        actor_user_id: null,
        actor_roles: ['system'],
        request_id: expect.stringMatching(/^outbox:/),
        entity_type: 'review_assignment',
        entity_id: link.assignment_id,
        details: {
          reportId: reportOf.get(link.assignment_id),
          expertUserId: expertOf(link.assignment_id),
          reviewLinkId: link.id,
          expiresAt: new Date(link.expires_at).toISOString(),
          cause: 'expert.assigned',
        },
      })),
    );
    expect(JSON.stringify(issued)).not.toMatch(new RegExp(links.map((link) => link.token_hash).join('|')));
  });

  it('shows a button on GET, so a mail scanner fetching the link starts nothing', async () => {
    const token = await tokenFor(assignmentId);
    const { page } = await linkPage(token);
    expect(page.text).toContain('報告書を開く');
    expect([page.headers['set-cookie'] ?? []].flat().some((c: string) => c.startsWith('kpiv_session='))).toBe(false);
    const [{ sessions }] = await t.dataSource.query(
      `SELECT count(*)::int AS sessions FROM sessions WHERE scope_assignment_id IS NOT NULL`,
    );
    expect(sessions).toBe(0);
  });

  it('opens a session that reads and acts on its assignment: the report, accepting, the opinion, a question', async () => {
    const opened = await open(await tokenFor(assignmentId));
    linkSession = opened.session;
    expect(opened.location).toBe(`/o/${cast.organizationId}/reports/${reportId}`);
    const page = await t.http().get(opened.location).set('Cookie', `kpiv_session=${linkSession}`).expect(200);
    expect(page.text).toContain('あなたへの意見照会');
    // No menu to pages the session may not open.
    expect(page.text).not.toContain('担当する報告');

    await t
      .http()
      .get(org(`/reports/${reportId}`))
      .set(bearer(linkSession))
      .expect(200);
    const own = await t
      .http()
      .get(org(`/reports/${reportId}/assignments`))
      .set(bearer(linkSession))
      .expect(200);
    expect(own.body.map((a: { id: string }) => a.id)).toEqual([assignmentId]);
    const accepted = await t
      .http()
      .post(org(`/reports/${reportId}/assignments/${assignmentId}/respond`))
      .set(bearer(linkSession))
      .send({ accept: true, conflictOfInterest: 'none' });
    expect(accepted.body).toEqual(expect.objectContaining({ status: 'accepted' }));
    await t
      .http()
      .put(org(`/reports/${reportId}/assignments/${assignmentId}/opinion`))
      .set(bearer(linkSession))
      .send({ rating: 'effective', opinion: 'KPIの達成状況から有効と考える。', opinionSubmittedAtRead: null })
      .expect(200);
    await t
      .http()
      .post(org(`/reports/${reportId}/questions`))
      .set(bearer(linkSession))
      .send({ body: '参加者数の内訳を教えてください。' })
      .expect(201);
    const comments = await t
      .http()
      .get(org(`/reports/${reportId}/comments`))
      .set(bearer(linkSession))
      .expect(200);
    expect(comments.body).toHaveLength(1);
    // Done as the expert themselves, in the organization's chain.
    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id, organization_id FROM audit_entries WHERE action = 'opinion.entered' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ actor_user_id: cast.userIds.expertA, organization_id: cast.organizationId });
  });

  it("mails the answer to the expert's question with their own link, so a link-only expert can read it", async () => {
    const [question] = (
      await t
        .http()
        .get(org(`/reports/${reportId}/comments`))
        .set(bearer(linkSession))
        .expect(200)
    ).body;
    await t
      .http()
      .post(org(`/reports/${reportId}/questions/${question.id}/answer`))
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .send({ body: '市内参加者が6割です。' })
      .expect(201);
    const [answered] = await eventually(
      () => sink.to('experta@example.jp').filter((mail) => mail.subject.includes('【回答】')),
      (found) => found.length >= 1,
    );
    expect(answered.text).toMatch(LINK);
  });

  it('answers 403 or 404 on every other route: other reports, other organizations, admin, lists, /me', async () => {
    const routes = allRoutes(t).filter((route) => route.rule && route.rule.kind !== 'public');
    expect(routes.length).toBeGreaterThan(80);
    // Exactly the expert's side of one assignment opts in; everything else is closed to a link session by default.
    const report = '/api/v1/organizations/:organizationId/reports/:reportId';
    const page = '/o/:organizationId/reports/:reportId';
    expect(
      routes
        .filter((route) => route.linkAllowed)
        .map((route) => `${route.method.toUpperCase()} ${route.path}`)
        .sort(),
    ).toEqual(
      [
        `GET ${report}`,
        `GET ${report}/assignments`,
        `POST ${report}/assignments/:assignmentId/respond`,
        `PUT ${report}/assignments/:assignmentId/opinion`,
        `GET ${report}/comments`,
        `POST ${report}/questions`,
        'POST /api/v1/auth/logout',
        `GET ${page}`,
        `GET ${page}/questions`,
        `POST ${page}/assignments/:assignmentId/respond`,
        `POST ${page}/assignments/:assignmentId/opinion`,
        `POST ${page}/questions`,
        'POST /sign-out',
      ].sort(),
    );
    const values: Record<string, string> = {
      organizationId: cast.organizationId,
      reportId,
      assignmentId,
    };
    const fill = (path: string, overrides: Record<string, string> = {}) =>
      path.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? values[name] ?? NOWHERE);
    const call = (route: Route, path: string) =>
      t.http()[route.method](path).set(bearer(linkSession)).set('User-Agent', USER_AGENT).send({});
    const unexpected: string[] = [];
    for (const route of routes) {
      const attempts = route.linkAllowed
        ? // Opted in: only within its scope, so every other report, assignment and organization is refused.
          [
            fill(route.path, { reportId: otherReportId, assignmentId: otherAssignmentId }),
            fill(route.path, { organizationId: kushiro }),
            ...(route.path.includes(':assignmentId') ? [fill(route.path, { assignmentId: expertBAssignmentId })] : []),
          ].filter((path) => path !== fill(route.path))
        : [
            fill(route.path),
            fill(route.path, { reportId: otherReportId }),
            fill(route.path, { organizationId: kushiro }),
          ];
      for (const path of new Set(attempts)) {
        if (route.rule?.kind === 'authenticated' && route.linkAllowed) continue;
        const response = await call(route, path);
        if (![403, 404].includes(response.status))
          unexpected.push(`${route.method.toUpperCase()} ${path} (${route.name}) → ${response.status}`);
      }
    }
    expect(unexpected).toEqual([]);
    // Spot checks that name the point of it all.
    await t.http().get('/api/v1/auth/me').set(bearer(linkSession)).expect(403);
    await t.http().get(org('/users')).set(bearer(linkSession)).expect(403);
    await t
      .http()
      .get(org(`/reports/${otherReportId}`))
      .set(bearer(linkSession))
      .expect(404);
    await t
      .http()
      .get(`/o/${cast.organizationId}/assignments`)
      .set('Cookie', `kpiv_session=${linkSession}`)
      .expect(403);
    // Another report's page, the expert's own or not: refused alike, saying what such a session opens.
    const beyond = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${otherReportId}`)
      .set('Cookie', `kpiv_session=${linkSession}`)
      .expect(404);
    expect(beyond.text).toContain('メールのリンクから開いたときは、そのメールで依頼された報告だけを開けます。');
    // The same person signed in normally still sees their other report.
    await t
      .http()
      .get(org(`/reports/${otherReportId}`))
      .set(as('expertA'))
      .expect(200);
  }, 120_000);

  it('audits every use with the client address and user agent, in the organization chain', async () => {
    const used = await t.dataSource.query(
      `SELECT organization_id, actor_user_id, ip_address, entity_id, details FROM audit_entries WHERE action = 'review_link.used'`,
    );
    expect(used).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        actor_user_id: cast.userIds.expertA,
        entity_id: assignmentId,
        ip_address: expect.stringMatching(/127\.0\.0\.1/),
        details: expect.objectContaining({ userAgent: USER_AGENT, reportId }),
      }),
    ]);
  });

  it('ends the open link session on revocation by the planning division; the revoked link then fails', async () => {
    const token = await tokenFor(assignmentId);
    await t
      .http()
      .post(org(`/reports/${reportId}/assignments/${assignmentId}/revoke-links`))
      .set(bearer(linkSession))
      .expect(403);
    const revoked = await t
      .http()
      .post(org(`/reports/${reportId}/assignments/${assignmentId}/revoke-links`))
      .set(as('planner'))
      .expect(200);
    expect(revoked.body.revokedLinks).toBeGreaterThanOrEqual(1);
    await t
      .http()
      .get(org(`/reports/${reportId}`))
      .set(bearer(linkSession))
      .expect(401);
    const { page } = await linkPage(token, 410);
    expect(page.text).toContain('このリンクは無効になりました');
    expect(page.text).toContain('新しいリンクをメールで受け取る');
    const { post } = await linkPage(token, 410);
    const reused = await post('/review-links/open').expect(410);
    expect(reused.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^kpiv_session=/)]),
    );
    // The expert's own account is untouched.
    await t
      .http()
      .get(org(`/reports/${reportId}`))
      .set(as('expertA'))
      .expect(200);
    // Pressed again, it finds nothing left to end, and records nothing.
    const again = await t
      .http()
      .post(org(`/reports/${reportId}/assignments/${assignmentId}/revoke-links`))
      .set(as('planner'))
      .expect(200);
    expect(again.body).toEqual({ revokedLinks: 0 });
    const entries = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_entries WHERE action = 'review_link.revoked'`,
    );
    expect(entries).toEqual([
      {
        actor_user_id: cast.userIds.planner,
        details: expect.objectContaining({ revokedLinks: revoked.body.revokedLinks, endedSessions: 1 }),
      },
    ]);
    const refused = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'review_link.refused' ORDER BY id`,
    );
    expect(refused.map((row: { details: { reason: string } }) => row.details.reason)).toContain('revoked');
  });

  it('refuses an expired link (saying so) and a tampered one (saying nothing more)', async () => {
    const token = await tokenFor(expertBAssignmentId, 'expertb@example.jp');
    await t.dataSource.query(`UPDATE review_links SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      secretTokenHash(token),
    ]);
    const expired = await linkPage(token, 410);
    expect(expired.page.text).toContain('有効期限を過ぎました');
    await expired.post('/review-links/open').expect(410);

    const tampered = `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await linkPage(tampered, 404);
    expect(unknown.page.text).toContain('このリンクは正しくないか、もう使えません');
    await unknown.post('/review-links/open').expect(404);
    await t.http().get('/review-links/not-a-token').expect(404);
  });

  it('mails a fresh link for a revoked one of an active assignment, answering alike for active, inactive and unknown', async () => {
    // A link of expert A's assignment, revoked above: the assignment still awaits them.
    const activeToken = await tokenFor(assignmentId, 'experta@example.jp', { revoked: true });
    // Expert B's assignment is taken off the report: its links end with it.
    const inactiveToken = await tokenFor(otherExpertBAssignmentId, 'expertb@example.jp');
    await t
      .http()
      .delete(org(`/reports/${otherReportId}/assignments/${otherExpertBAssignmentId}`))
      .set(as('admin'))
      .send({ reason: '担当替え' })
      .expect(204);
    await eventually(
      () =>
        t.dataSource.query(`SELECT revoked_at FROM review_links WHERE token_hash = $1`, [
          secretTokenHash(inactiveToken),
        ]),
      (rows: { revoked_at: Date | null }[]) => rows[0].revoked_at !== null,
    );
    await settle(t);
    const mailsBefore = { a: sink.to('experta@example.jp').length, b: sink.to('expertb@example.jp').length };

    const answers: string[] = [];
    for (const token of [activeToken, inactiveToken, 'Q'.repeat(43)]) {
      const { post } = await linkPage(token, token.startsWith('QQQ') ? 404 : 410);
      answers.push((await post('/review-links/renew').expect(200)).text);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('新しいリンクを送りました');

    const fresh = (await mailedTokens('experta@example.jp', mailsBefore.a + 1)).pop()!;
    expect(fresh).not.toBe(activeToken);
    await settle(t);
    expect(sink.to('expertb@example.jp')).toHaveLength(mailsBefore.b);
    const opened = await open(fresh);
    expect(opened.location).toBe(`/o/${cast.organizationId}/reports/${reportId}`);
    const [issued] = await t.dataSource.query(
      `SELECT e.details->>'cause' AS cause FROM audit_entries e JOIN review_links l ON l.id::text = e.details->>'reviewLinkId'
       WHERE e.action = 'review_link.issued' AND l.token_hash = $1`,
      [secretTokenHash(fresh)],
    );
    expect(issued).toEqual({ cause: 'review_link.requested' });
    const actions = await t.dataSource.query(
      `SELECT action, details->>'reason' AS reason FROM audit_entries WHERE action LIKE 'review_link.renewal_%' ORDER BY action, reason`,
    );
    expect(actions).toEqual([
      { action: 'review_link.renewal_refused', reason: 'assignment_inactive' },
      { action: 'review_link.renewal_refused', reason: 'unknown_link' },
      { action: 'review_link.renewal_requested', reason: null },
    ]);
    // A request names whose link it was and for which report, for the log to say so.
    const [requested] = await t.dataSource.query(
      `SELECT details->>'expertUserId' AS "expertUserId", details->>'reportId' AS "reportId" FROM audit_entries
       WHERE action = 'review_link.renewal_requested'`,
    );
    expect(requested).toEqual({ expertUserId: cast.userIds.expertA, reportId });
    // A refusal names whose link it was when the link is one that was sent; a link nobody was sent names nobody.
    const refusedRequests = await t.dataSource.query(
      `SELECT details->>'reason' AS reason, details->>'expertUserId' AS "expertUserId" FROM audit_entries
       WHERE action = 'review_link.renewal_refused' ORDER BY reason`,
    );
    expect(refusedRequests).toEqual([
      { reason: 'assignment_inactive', expertUserId: cast.userIds.expertB },
      { reason: 'unknown_link', expertUserId: null },
    ]);
  });

  it('limits requests for a fresh link per link and per client address (429)', async () => {
    const token = 'R'.repeat(43);
    const { post } = await linkPage(token, 404);
    for (let i = 0; i < 3; i++) await post('/review-links/renew').expect(200);
    const limited = await post('/review-links/renew').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other links from the same address: refused once the address has used its share.
    let status = 200;
    for (let i = 0; i < 40 && status !== 429; i++) {
      const other = await linkPage(`${'S'.repeat(41)}${LETTERS[Math.floor(i / 26)]}${LETTERS[i % 26]}`, 404);
      status = (await other.post('/review-links/renew')).status;
    }
    expect(status).toBe(429);
  });

  it('moves the expiry of live links with a moved due date, auditing each link moved with its old and new expiry', async () => {
    await settle(t);
    const live: { id: string; expires_at: Date }[] = await t.dataSource.query(
      `SELECT id, expires_at FROM review_links WHERE assignment_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
      [assignmentId],
    );
    expect(live.length).toBeGreaterThanOrEqual(1);
    const link = live[live.length - 1];
    const moved = dueInDays(40);
    await t.dataSource.query(`UPDATE review_assignments SET due_date = $1 WHERE id = $2`, [moved, assignmentId]);
    await t.app.get(Transactions).run((manager) =>
      t.app.get(OutboxRepository).enqueue(manager, [
        {
          organizationId: cast.organizationId,
          type: 'assignment.due_date_changed',
          reportId,
          payload: { assignmentId, expertUserId: cast.userIds.expertA, dueDate: moved },
        },
      ]),
    );
    const expected = new Date(`${moved}T00:00:00+09:00`).getTime() + 31 * 86_400_000;
    await eventually(
      async () =>
        new Date(
          (await t.dataSource.query(`SELECT expires_at FROM review_links WHERE id = $1`, [link.id]))[0].expires_at,
        ).getTime(),
      (time) => time === expected,
    );
    // The mail of the move brings a link that already lasts until then: only the links issued before are moved.
    const moves = await t.dataSource.query(
      `SELECT chain, actor_user_id, actor_roles, entity_id, details FROM audit_entries
       WHERE action = 'review_link.expiry_changed' ORDER BY id`,
    );
    expect(moves).toEqual(
      live.map((before) => ({
        chain: `org:${cast.organizationId}`,
        actor_user_id: null,
        actor_roles: ['system'],
        entity_id: assignmentId,
        details: {
          reportId,
          expertUserId: cast.userIds.expertA,
          reviewLinkId: before.id,
          dueDate: moved,
          from: new Date(before.expires_at).toISOString(),
          to: new Date(expected).toISOString(),
        },
      })),
    );
  });

  it('leaves signing in with a password as it was', async () => {
    const token = await signIn(t, 'experta@example.jp');
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
  });

  it('asks an expert whose link session ended for the link in the latest mail, not a password, keeping what they wrote', async () => {
    const tab = new PageTab(t, '', SITE);
    await tab.open(`/review-links/${await tokenFor(otherAssignmentId)}`);
    expect((await tab.send('/review-links/open')).status).toBe(303);
    const reportPage = `/o/${cast.organizationId}/reports/${otherReportId}`;
    await tab.open(reportPage);
    // The session runs out, and the browser drops its cookie with it.
    await t.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE scope_assignment_id = $1`,
      [otherAssignmentId],
    );
    tab.setCookie('kpiv_session', null);

    const details = '事業の委託先である商工会議所の会員である。';
    const refused = await tab.send(`${reportPage}/assignments/${otherAssignmentId}/respond`, {
      '/conflictOfInterestDetails': details,
    });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('メールのリンクから開いた画面のサインインが切れていたため');
    expect(refused.text).toContain('最新の意見照会メールにあるリンクをもう一度開いて');
    expect(refused.text).toContain(details);
    // A page opened after it ended says the same on the way to the sign-in.
    expect((await tab.open('/sign-in')).text).toContain('最新の意見照会メールにあるリンクをもう一度開いて');

    // Whoever signs in with a password in this browser is asked for a password from then on.
    const signedIn = await tab.send('/sign-in', { '/email': 'experta@example.jp', '/password': TEST_PASSWORD });
    expect(signedIn.status).toBe(303);
    tab.setCookie('kpiv_session', null);
    const asked = await tab.open('/sign-in');
    expect(asked.text).not.toContain('最新の意見照会メールにあるリンク');
    expect(asked.text).toContain('登録されたメールアドレスとパスワードでサインインしてください');
  });

  it('names the expert in the 監査ログ when their live link is refused for their stopped account, nobody for a dead link', async () => {
    const token = await tokenFor(assignmentId);
    await t.dataSource.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [cast.userIds.expertA]);
    try {
      const { post } = await linkPage(token);
      await post('/review-links/open').expect(410);
    } finally {
      await t.dataSource.query('UPDATE users SET deactivated_at = NULL WHERE id = $1', [cast.userIds.expertA]);
    }

    const refused: { reason: string; expertUserId: string | null; inOrganization: boolean }[] =
      await t.dataSource.query(
        `SELECT details->>'reason' AS reason, details->>'expertUserId' AS "expertUserId",
           organization_id IS NOT NULL AS "inOrganization"
         FROM audit_entries WHERE action = 'review_link.refused' ORDER BY id`,
      );
    // Before it: the revoked, expired and tampered links refused above, whose holder is not taken for their expert.
    expect(refused.map((entry) => entry.expertUserId)).toEqual([
      ...refused.slice(1).map(() => null),
      cast.userIds.expertA,
    ]);
    expect(refused.at(-1)!.reason).toBe('revoked');
    const log = await t
      .http()
      .get(`/o/${cast.organizationId}/admin/audit?action=review_link.refused`)
      .set('Cookie', await sessionCookie(t, 'planner@example.jp'))
      .expect(200);
    const actors = [...log.text.matchAll(/data-label="操作した人"[^>]*>([\s\S]*?)<\/td>/g)].map((match) =>
      shownText(match[1]),
    );
    // Newest first; the tampered link's refusal, in no municipality's chain, is on no municipality's page.
    expect(actors).toEqual([
      'experta 外部有識者(リンクから)',
      ...refused
        .filter((entry) => entry.inOrganization && entry.expertUserId === null)
        .map(() => 'サインインしていない人'),
    ]);
  });

  /** The newest link mailed to the address for the assignment (its expert's mails name their link's assignment). */
  async function tokenFor(
    forAssignment: string,
    address = 'experta@example.jp',
    { revoked = false }: { revoked?: boolean } = {},
  ): Promise<string> {
    const tokens = await mailedTokens(address);
    for (const token of tokens.reverse()) {
      const [row] = await t.dataSource.query(
        `SELECT assignment_id, revoked_at FROM review_links WHERE token_hash = $1`,
        [secretTokenHash(token)],
      );
      if (row?.assignment_id === forAssignment && (row.revoked_at !== null) === revoked) return token;
    }
    throw new Error(`No ${revoked ? 'revoked' : 'live'} link mailed to ${address} for ${forAssignment}`);
  }
});
