import { getQueueToken } from '@nestjs/bullmq';
import { type Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { Role } from '../../src/access/role';
import { AuditLog } from '../../src/audit/audit-log';
import { DENIAL_FOLDS_QUEUE, type DenialFoldJob } from '../../src/auth/denial-folds.queue';
import { DenialFoldsProcessor } from '../../src/auth/denial-folds.processor';
import { redisConnectionOptions } from '../../src/infra/queue/queue.module';
import { AttemptCounters } from '../../src/infra/redis/attempt-counters';
import { shownText } from '../web/support/page-forms';
import { addUser, createTestApp, seedOrganization, signIn, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * Every refusal leaves an 'access.denied' entry, in the chain of the organization the URL names when it exists (so its
 * administrators see who probed it), else in the platform chain; an unknown URL or id is not a refusal. The same
 * refusal repeated within a minute is counted, not written again, and the count written later (see the last describes).
 */
describe('Auditing of denials', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiro: string;
  let reportId: string;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (organizationId: string) => `/api/v1/organizations/${organizationId}`;

  /** The denial entries written for requests to this path (with its query), oldest first. */
  const denialsOf = (path: string) =>
    t.dataSource.query(
      `SELECT organization_id, chain, actor_user_id, details FROM audit_entries
       WHERE action = 'access.denied' AND details->>'path' = $1 ORDER BY id`,
      [path],
    );

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    ({ organizationId: kushiro } = await seedOrganization(t, '012068', '釧路市'));
    const seed = ASAHIKAWA_R4_REPORTS[0];
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
  });

  afterAll(() => t.close());

  it('records a request without a session once, in the chain of the organization it names', async () => {
    const path = `${api(cast.organizationId)}/reports`;
    await t.http().get(path).expect(401);
    // From the same client address within the window: counted, not written again.
    await t.http().get(path).set('Authorization', 'Bearer not-a-token').expect(401);
    expect(await denialsOf(path)).toEqual([
      {
        organization_id: cast.organizationId,
        chain: `org:${cast.organizationId}`,
        actor_user_id: null,
        details: {
          method: 'GET',
          path,
          status: 401,
          reason: 'Sign-in required.',
          requestedOrganizationId: cast.organizationId,
          foldWindowSeconds: 60,
        },
      },
    ]);
  });

  it('writes a repeated refusal once per person and path within the window', async () => {
    const path = `${api(cast.organizationId)}/audit?repeated`;
    for (let i = 0; i < 5; i++) await t.http().get(path).set(as('owner')).expect(403);
    await t.http().get(path).set(as('expertA')).expect(403);
    await t.http().get(`${path}-elsewhere`).set(as('owner')).expect(403);
    const denials = await denialsOf(path);
    expect(denials.map((denial: { actor_user_id: string }) => denial.actor_user_id)).toEqual([
      cast.userIds.owner,
      cast.userIds.expertA,
    ]);
    expect(await denialsOf(`${path}-elsewhere`)).toHaveLength(1);
  });

  it('records a page opened without a session, and a route of no organization in the platform chain', async () => {
    const page = `/o/${cast.organizationId}/my-reports`;
    await t.http().get(page).expect(303);
    await t.http().get('/api/v1/auth/me').expect(401);
    expect(await denialsOf(page)).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        details: expect.objectContaining({ status: 401 }),
      }),
    ]);
    expect(await denialsOf('/api/v1/auth/me')).toEqual([
      expect.objectContaining({
        organization_id: null,
        chain: 'platform',
        details: expect.objectContaining({ status: 401 }),
      }),
    ]);
  });

  it('leaves a failed sign-in to its own entry', async () => {
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'owner@example.jp', password: 'wrong password' })
      .expect(401);
    expect(await denialsOf('/api/v1/auth/login')).toEqual([]);
  });

  it("records a member of another organization probing it in the probed organization's chain", async () => {
    const path = `${api(kushiro)}/users`;
    await t.http().get(path).set(as('admin')).expect(404);
    expect(await denialsOf(path)).toEqual([
      expect.objectContaining({
        organization_id: kushiro,
        actor_user_id: cast.userIds.admin,
        details: expect.objectContaining({ status: 404, reason: 'The caller holds no role in this organization.' }),
      }),
    ]);
    const unknown = `${api(randomUUID())}/users`;
    await t.http().get(unknown).set(as('admin')).expect(404);
    expect(await denialsOf(unknown)).toEqual([expect.objectContaining({ organization_id: null, chain: 'platform' })]);
  });

  it('records a report outside the caller’s scope, but not an id or URL that names nothing', async () => {
    const outOfScope = `${api(cast.organizationId)}/reports/${reportId}`;
    await t.http().get(outOfScope).set(as('expertA')).expect(404);
    expect(await denialsOf(outOfScope)).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        actor_user_id: cast.userIds.expertA,
        details: expect.objectContaining({ status: 404, reason: 'Report not found.' }),
      }),
    ]);
    const page = `/o/${cast.organizationId}/reports/${reportId}`;
    await t
      .http()
      .get(page)
      .set('Cookie', await sessionCookie('expertb@example.jp'))
      .expect(404);
    expect(await denialsOf(page)).toEqual([expect.objectContaining({ actor_user_id: cast.userIds.expertB })]);

    const unknownReport = `${api(cast.organizationId)}/reports/${randomUUID()}`;
    await t.http().get(unknownReport).set(as('planner')).expect(404);
    await t
      .http()
      .get(`${api(cast.organizationId)}/nothing-here`)
      .set(as('planner'))
      .expect(404);
    await t.http().get(`/o/${cast.organizationId}/nothing-here`).expect(404);
    expect(await denialsOf(unknownReport)).toEqual([]);
    expect(await denialsOf(`${api(cast.organizationId)}/nothing-here`)).toEqual([]);
    expect(await denialsOf(`/o/${cast.organizationId}/nothing-here`)).toEqual([]);
  });

  it('records a page form refused by the CSRF check', async () => {
    const path = `/o/${cast.organizationId}/reports/${reportId}/sections/effect`;
    const response = await t
      .http()
      .post(path)
      .set('Cookie', await sessionCookie('owner@example.jp'))
      .type('form')
      .send({ '/effectNarrative': 'forged' })
      .expect(403);
    expect(response.text).toContain('送信を受け付けられませんでした');
    expect(await denialsOf(path)).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        details: expect.objectContaining({ method: 'POST', status: 403 }),
      }),
    ]);
  });

  it('keeps the first 500 characters of a long URL, enough to see what was probed', async () => {
    const path = `${api(cast.organizationId)}/audit`;
    const probe = `${path}?action=${'x'.repeat(14_000)}`;
    await t.http().get(probe).set(as('owner')).expect(403);
    expect(await denialsOf(`${probe.slice(0, 500)}…`)).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        details: expect.objectContaining({ status: 403 }),
      }),
    ]);
  });

  it('records a request from an ended sign-in under its person, once: the session row tells whose it was', async () => {
    const leaver = await addUser(t, cast.organizationId, 'leaver@example.jp', Role.PlanningDivision);
    const token = await signIn(t, 'leaver@example.jp');
    const cookie = await sessionCookie('leaver@example.jp');
    await t
      .http()
      .post(`${api(cast.organizationId)}/users/${leaver.id}/deactivate`)
      .set(as('admin'))
      .expect(204);
    // A tab left open: the page and the API call it makes.
    const page = `/o/${cast.organizationId}/my-reports?open-tab`;
    await t.http().get(page).set('Cookie', cookie).expect(303);
    const path = `${api(cast.organizationId)}/reports?open-tab`;
    await t.http().get(path).set('Authorization', `Bearer ${token}`).expect(401);
    const ended = {
      organization_id: cast.organizationId,
      actor_user_id: leaver.id,
      details: expect.objectContaining({ status: 401, reason: 'Your session has ended. Please sign in again.' }),
    };
    expect(await denialsOf(page)).toEqual([expect.objectContaining(ended)]);
    expect(await denialsOf(path)).toEqual([expect.objectContaining(ended)]);
  });

  it('records a request after signing out under its person', async () => {
    const token = await signIn(t, 'approver@example.jp');
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const path = `${api(cast.organizationId)}/reports?signed-out`;
    await t.http().get(path).set('Authorization', `Bearer ${token}`).expect(401);
    expect(await denialsOf(path)).toEqual([expect.objectContaining({ actor_user_id: cast.userIds.approver })]);
  });

  it('records a removed member’s request as holding no role here, not as an unknown organization', async () => {
    const removed = await addUser(t, cast.organizationId, 'removed@example.jp', Role.ExternalExpert);
    const token = await signIn(t, 'removed@example.jp');
    await t
      .http()
      .delete(`${api(cast.organizationId)}/memberships/${await membershipOf(removed.id)}`)
      .set(as('admin'))
      .expect(204);
    const path = `${api(cast.organizationId)}/reports?removed`;
    const answer = await t.http().get(path).set('Authorization', `Bearer ${token}`).expect(404);
    // The caller still hears nothing of the organization.
    expect(answer.body.message).toBe('Organization not found.');
    expect(await denialsOf(path)).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        actor_user_id: removed.id,
        details: expect.objectContaining({ status: 404, reason: 'The caller holds no role in this organization.' }),
      }),
    ]);
  });

  it('shows each refusal on the 監査ログ page under its person, its reason in Japanese', async () => {
    const question = `${api(cast.organizationId)}/reports/${reportId}/questions/${randomUUID()}/answer`;
    await t.http().post(question).set(as('planner')).send({ body: '回答' }).expect(403);
    const [denial] = await denialsOf(question);
    // The API and the CSV keep the English reason.
    expect(denial.details.reason).toBe('This action needs one of these roles in the organization: project_owner.');
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/admin/audit`)
      .query({ action: 'access.denied' })
      .set('Cookie', await sessionCookie('admin@012041.example.jp'))
      .expect(200);
    const rows = [...page.text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => shownText(match[1]));
    expect(rows[1]).toContain(`拒否された操作 planner —`);
    expect(rows[1]).toContain(`この操作に必要な役割(事業担当課)を持たない人の操作(POST ${question})`);
    const ended = rows.find((row) => row.includes('/reports?open-tab'))!;
    expect(ended).toContain('leaver');
    expect(ended).toContain('サインインが終わった後(サインアウト・期限切れ・利用停止)の操作');
    expect(rows.find((row) => row.includes('/reports?removed'))).toContain(
      'removed(元メンバー) — この団体での役割がない人の操作',
    );
  });

  async function membershipOf(userId: string): Promise<string> {
    return (await t.dataSource.query('SELECT id FROM memberships WHERE user_id = $1', [userId]))[0].id;
  }

  async function sessionCookie(email: string): Promise<string> {
    const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    return String(login.headers['set-cookie']).split(';')[0];
  }
});

/** The steps of a refusal's entries at one path, oldest first: its denials, and what closed windows folded. */
async function foldingOf(t: TestApp, path: string): Promise<[string, number | null][]> {
  const rows: { action: string; repeatsFolded: number | null }[] = await t.dataSource.query(
    `SELECT action, details->'repeatsFolded' AS "repeatsFolded" FROM audit_entries
     WHERE action IN ('access.denied', 'access.denials_folded') AND details->>'path' = $1 ORDER BY id`,
    [path],
  );
  return rows.map((row) => [row.action, row.repeatsFolded]);
}

describe('Auditing of repeated denials', () => {
  let t: TestApp;
  let token: string;
  let path: string;

  beforeAll(async () => {
    // A window of a second, so that a spec can outwait it; no worker, so that no window's end writes its count.
    t = await createTestApp({ DENIAL_AUDIT_WINDOW_SECONDS: '1' });
    const { organizationId } = await seedOrganization(t, '012068', '釧路市');
    await addUser(t, organizationId, 'expert@example.jp', Role.ExternalExpert);
    token = await signIn(t, 'expert@example.jp');
    path = `/api/v1/organizations/${organizationId}/audit`;
  });

  afterAll(() => t.close());

  const refused = () => t.http().get(path).set('Authorization', `Bearer ${token}`).expect(403);
  const folded = async () => (await foldingOf(t, path)).map(([, repeatsFolded]) => repeatsFolded);

  it('says on the next entry after the window how many repeats it folded, and then its window writes none', async () => {
    for (let i = 0; i < 4; i++) await refused();
    expect(await folded()).toEqual([null]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await refused();
    await refused();
    expect(await folded()).toEqual([null, 3]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await refused();
    expect(await folded()).toEqual([null, 3, 1]);

    // One job per window that folded repeats, run here as the worker would once the window closed: the count it would
    // write went with the next entry already.
    const closings = await t.app
      .get<Queue<DenialFoldJob>>(getQueueToken(DENIAL_FOLDS_QUEUE))
      .getJobs(['delayed', 'waiting']);
    expect(closings).toHaveLength(2);
    const processor = new DenialFoldsProcessor(t.app.get(AttemptCounters), t.app.get(AuditLog));
    for (const closing of closings) expect(await processor.process(closing)).toBe(0);
    expect(await folded()).toEqual([null, 3, 1]);
  });
});

describe('Auditing of repeated denials by a client that stops', () => {
  let t: TestApp;
  let token: string;
  let organizationId: string;
  let expertId: string;
  let path: string;
  let events: QueueEvents;

  beforeAll(async () => {
    t = await createTestApp({ DENIAL_AUDIT_WINDOW_SECONDS: '1', RUN_WORKER: 'true' });
    ({ organizationId } = await seedOrganization(t, '012068', '釧路市'));
    ({ id: expertId } = await addUser(t, organizationId, 'expert@example.jp', Role.ExternalExpert));
    token = await signIn(t, 'expert@example.jp');
    path = `/api/v1/organizations/${organizationId}/audit`;
    events = new QueueEvents(DENIAL_FOLDS_QUEUE, {
      connection: redisConnectionOptions(t.config.redisUrl),
      prefix: `${t.config.redisPrefix}:bull`,
    });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events.close();
    await t.close();
  });

  const refused = () => t.http().get(path).set('Authorization', `Bearer ${token}`).expect(403);

  it("writes the repeats a window folded when it closes, in the chain of the denials, and a later one's not again", async () => {
    for (let i = 0; i < 4; i++) await refused();
    // One job for the window, however many repeats it folds.
    const closing = await t.app.get<Queue<DenialFoldJob>>(getQueueToken(DENIAL_FOLDS_QUEUE)).getDelayed();
    expect(closing).toHaveLength(1);
    expect(await closing[0].waitUntilFinished(events, 5_000)).toBe(3);
    expect(await foldingOf(t, path)).toEqual([
      ['access.denied', null],
      ['access.denials_folded', 3],
    ]);
    const [written] = await t.dataSource.query(
      `SELECT organization_id, actor_user_id, details FROM audit_entries WHERE action = 'access.denials_folded'`,
    );
    expect(written).toEqual({
      organization_id: organizationId,
      actor_user_id: expertId,
      details: expect.objectContaining({ method: 'GET', path, status: 403, repeatsFolded: 3, foldWindowSeconds: 1 }),
    });

    await refused();
    expect(await foldingOf(t, path)).toEqual([
      ['access.denied', null],
      ['access.denials_folded', 3],
      ['access.denied', null],
    ]);
  });
});
