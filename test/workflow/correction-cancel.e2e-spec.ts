import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * 訂正の取りやめ: an administrator cancels a correction started by mistake, with a reason. The report goes back to where
 * it was opened from (公表 or 公表の取消) with exactly the values of its latest edition; the correction's revisions stay
 * in its history, and the public record and its editions are untouched.
 */
describe('Cancelling a correction (訂正の取りやめ)', () => {
  const [seed, other] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  let projectId: string;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const path = (id: string, rest = '') => api(`/reports/${id}${rest}`);
  const post = (id: string, rest: string, who: string, body: object = {}) =>
    t.http().post(path(id, rest)).set(as(who)).send(body);
  const cancel = (id: string, who: string, body: object) => post(id, '/cancel-correction', who, body);
  const publicPage = async (id: string) => (await t.http().get(`/public/012041/reports/${id}`).expect(200)).text;
  /** A revision's snapshot: the report's values at that version, as the version history compares them. */
  const snapshotAt = async (id: string, version: number) =>
    (
      await t.dataSource.query(`SELECT snapshot FROM report_revisions WHERE report_id = $1 AND version = $2`, [
        id,
        version,
      ])
    )[0].snapshot;
  const rowsOf = (id: string) =>
    t.dataSource.query(
      `SELECT (SELECT to_jsonb(r) - 'version' - 'updated_at' - 'updated_by' FROM result_reports r WHERE r.id = $1) AS report,
              (SELECT jsonb_agg(to_jsonb(l) ORDER BY l.position) FROM budget_lines l WHERE l.report_id = $1) AS lines,
              (SELECT jsonb_agg(to_jsonb(k) ORDER BY k.position) FROM kpi_results k WHERE k.report_id = $1) AS kpis,
              (SELECT to_jsonb(p) - 'created_at' - 'updated_at' FROM report_plans p WHERE p.report_id = $1) AS plan`,
      [id],
    );

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    const report = await decideSeedReport(t, cast, seed);
    reportId = report.id;
    projectId = report.project.id;
    await post(reportId, '/publish', 'planner').expect(200);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('restores a correction, edited, submitted and its project replanned meanwhile, to the published edition exactly', async () => {
    const published = (await t.http().get(path(reportId)).set(as('planner')).expect(200)).body;
    const [rowsPublished] = await rowsOf(reportId);
    const pageBefore = await publicPage(reportId);

    const started = (await post(reportId, '/correct', 'admin', { reason: '誤って開始した訂正' }).expect(200)).body;
    const edited = (
      await t
        .http()
        .patch(path(reportId))
        .set(as('owner'))
        .send({
          version: started.version,
          effectNarrative: '取りやめるはずの訂正',
          kpiResults: [{ position: 1, latestValue: 999 }],
        })
        .expect(200)
    ).body;
    const project = (
      await t
        .http()
        .get(api(`/projects/${projectId}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/projects/${projectId}`))
      .set(as('owner'))
      .send({ version: project.version, overview: '訂正中に書き換えた概要' })
      .expect(200);
    const correcting = (await t.http().get(path(reportId)).set(as('owner')).expect(200)).body;
    expect(correcting.project.overview).toBe('訂正中に書き換えた概要');
    await post(reportId, '/submit-correction', 'owner').expect(200);

    await settle(t);
    const since = await lastNotificationId(t);
    const cancelled = (await cancel(reportId, 'admin', { reason: '  訂正の必要がなかったため  ' }).expect(200)).body;

    expect(cancelled).toMatchObject({ status: 'published', correctionReason: null, withdrawnAt: null });
    expect(cancelled.version).toBeGreaterThan(edited.version);
    // The report's values, not its bookkeeping; the project's own version moved with its replanning.
    const content = ({ version, updatedAt, project, ...rest }: Record<string, unknown>) => ({
      ...rest,
      project: { ...(project as object), version: undefined },
    });
    expect(content(cancelled)).toEqual(content(published));
    // Byte for byte: the report's rows and its revision are those of the published edition again.
    expect((await rowsOf(reportId))[0]).toEqual(rowsPublished);
    const [{ reportVersion }] = await t.dataSource.query(
      `SELECT report_version AS "reportVersion" FROM report_editions WHERE report_id = $1 ORDER BY edition DESC LIMIT 1`,
      [reportId],
    );
    expect(await snapshotAt(reportId, cancelled.version)).toEqual(await snapshotAt(reportId, reportVersion));
    // The correction's revisions stay in the history; no edition is made and the public page is as it was.
    const revisions = (await t.http().get(path(reportId, '/revisions')).set(as('planner')).expect(200)).body;
    expect(revisions.map((revision: { version: number }) => revision.version)).toContain(edited.version);
    expect(cancelled.editions.map((edition: { edition: number }) => edition.edition)).toEqual([1]);
    expect(await publicPage(reportId)).toBe(pageBefore);

    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id AS "actorUserId", details FROM audit_entries WHERE action = 'report.correction_cancelled' AND entity_id = $1`,
      [reportId],
    );
    expect(entry).toMatchObject({
      actorUserId: cast.userIds.admin,
      details: { reason: '訂正の必要がなかったため', fromStatus: 'correction_submitted', toStatus: 'published' },
    });
    await settle(t);
    const told = await inboxByType(t, since);
    expect(told['report.correction_cancelled']).toEqual(
      expect.arrayContaining(['owner@example.jp', 'planner@example.jp']),
    );
    expect(told['report.correction_cancelled']).not.toContain('admin@012041.example.jp');
    // Cancelled, the submitted correction no longer waits for planning.
    const asked = await t.dataSource.query(
      `SELECT settled_at FROM notifications WHERE type = 'correction.submitted' AND report_id = $1`,
      [reportId],
    );
    expect(asked.every(({ settled_at }: { settled_at: Date | null }) => settled_at !== null)).toBe(true);
  });

  it('refuses a second cancel (409), anyone but an administrator (403), and a cancel without a reason (400)', async () => {
    await cancel(reportId, 'admin', { reason: 'もう一度' }).expect(409);
    await post(reportId, '/correct', 'admin', { reason: '今度は本当に訂正する' }).expect(200);
    await cancel(reportId, 'planner', { reason: '取りやめ' }).expect(403);
    await cancel(reportId, 'owner', { reason: '取りやめ' }).expect(403);
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const refused = await cancel(reportId, 'admin', body).expect(400);
      expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain('/reason');
    }
    expect((await t.http().get(path(reportId)).set(as('planner')).expect(200)).body.status).toBe('correcting');
  });

  it('takes a correction of a withdrawn report back to 公表の取消, with when and why it was withdrawn', async () => {
    const report = await decideSeedReport(t, cast, other);
    await post(report.id, '/publish', 'planner').expect(200);
    const withdrawn = (
      await post(report.id, '/withdraw-publication', 'admin', { reason: '数値の確認のため' }).expect(200)
    ).body;
    await post(report.id, '/correct', 'admin', { reason: '誤って開始した訂正' }).expect(200);

    const cancelled = (await cancel(report.id, 'admin', { reason: '訂正しないため' }).expect(200)).body;

    expect(cancelled).toMatchObject({
      status: 'withdrawn',
      withdrawnAt: withdrawn.withdrawnAt,
      withdrawalReason: '数値の確認のため',
    });
    expect(cancelled.editions.map((edition: { edition: number }) => edition.edition)).toEqual([1]);
  });
});
