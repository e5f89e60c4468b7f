import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport, enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/**
 * 公表の取消: an administrator takes a publication back with a reason. The report stays frozen as it was published;
 * only a correction (訂正) and a new publication make it public again.
 */
describe('Withdrawing a publication (公表の取消)', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const path = (rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const withdraw = (who: string, body: object) => t.http().post(path('/withdraw-publication')).set(as(who)).send(body);

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await reviewAndPropose(t, cast, reportId, seed);
    await t.http().post(path('/approve')).set(as('approver')).expect(200);
    await t.http().post(path('/publish')).set(as('planner')).expect(200);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('is refused to anyone but an administrator (403) and without a reason (400), and then nothing changes', async () => {
    await withdraw('planner', { reason: '誤った数値を公表したため' }).expect(403);
    await withdraw('owner', { reason: '誤った数値を公表したため' }).expect(403);
    for (const body of [{}, { reason: '' }, { reason: '   \n ' }, { reason: 'x'.repeat(20_001) }]) {
      const refused = await withdraw('admin', body).expect(400);
      expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain('/reason');
    }
    expect((await t.http().get(path()).set(as('planner')).expect(200)).body.status).toBe('published');
  });

  it('by an administrator with a reason: withdrawn, with when and why, audited, and the owners told', async () => {
    await settle(t);
    const since = await lastNotificationId(t);

    const withdrawn = (await withdraw('admin', { reason: '  KPIの実績値に誤りがあったため  ' }).expect(200)).body;

    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      statusLabel: '公表取消',
      withdrawalReason: 'KPIの実績値に誤りがあったため',
    });
    expect(Date.now() - Date.parse(withdrawn.withdrawnAt)).toBeLessThan(60_000);
    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id AS "actorUserId", details FROM audit_entries WHERE action = 'report.publication_withdrawn' AND entity_id = $1`,
      [reportId],
    );
    expect(entry).toMatchObject({
      actorUserId: cast.userIds.admin,
      details: { reason: 'KPIの実績値に誤りがあったため', fromStatus: 'published', toStatus: 'withdrawn' },
    });
    await settle(t);
    const told = await inboxByType(t, since);
    expect(told['report.publication_withdrawn']).toEqual(
      expect.arrayContaining(['owner@example.jp', 'planner@example.jp']),
    );
    expect(told['report.publication_withdrawn']).not.toContain('admin@012041.example.jp');
    const bodies = await t.dataSource.query(
      `SELECT DISTINCT body FROM notifications WHERE type = 'report.publication_withdrawn' AND report_id = $1`,
      [reportId],
    );
    expect(bodies).toEqual([{ body: expect.stringContaining('もう一度公表するには、管理者が訂正を始め') }]);
  });

  it('leaves the report frozen: the workflow refuses a second withdrawal, and the database refuses a content change', async () => {
    await withdraw('admin', { reason: 'もう一度' }).expect(409);
    // As the app's own database role, as a bug in the app would try it: the trigger refuses.
    await expect(
      t.dataSource.query(`UPDATE result_reports SET effect_narrative = 'こっそり書き換え' WHERE id = $1`, [reportId]),
    ).rejects.toThrow(/withdrawn and cannot change/);
    await expect(
      t.dataSource.query(`UPDATE kpi_results SET latest_value = 0 WHERE report_id = $1`, [reportId]),
    ).rejects.toThrow(/cannot change/);
    await expect(
      t.dataSource.query(`UPDATE result_reports SET status = 'published' WHERE id = $1`, [reportId]),
    ).rejects.toThrow(/withdrawn and cannot change/);
    // Only by a correction: never straight to a correction submitted, which the owner has not made.
    await expect(
      t.dataSource.query(`UPDATE result_reports SET status = 'correction_submitted' WHERE id = $1`, [reportId]),
    ).rejects.toThrow(/withdrawn and cannot change/);
  });

  it('shows the administrator on the report page when and why, and offers no second withdrawal', async () => {
    const cookie = await sessionCookie(t, 'admin@012041.example.jp');
    const page = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('この報告の公表は取り消されています');
    expect(page.text).toContain('KPIの実績値に誤りがあったため');
    expect(page.text).toContain('tag--withdrawn');
    expect(page.text).not.toContain('withdraw-publication-title');
    expect(page.text).toContain('訂正を始める');
  });

  it('is undone only by a correction: publishing it makes it public again as edition 2, without the withdrawal', async () => {
    const post = (rest: string, who: string, body: object = {}) => t.http().post(path(rest)).set(as(who)).send(body);
    await post('/correct', 'admin', { reason: 'KPIの実績値を訂正' })
      .expect(200)
      .expect(({ body }) => expect(body.status).toBe('correcting'));
    // Planning publishes only a correction the owner has submitted; the owner, then planning, is told what to do.
    await post('/publish', 'planner').expect(409);
    await post('/submit-correction', 'planner').expect(403);
    await settle(t);
    let since = await lastNotificationId(t);
    await post('/submit-correction', 'owner')
      .expect(200)
      .expect(({ body }) => expect(body).toMatchObject({ status: 'correction_submitted', statusLabel: '訂正提出済' }));
    await settle(t);
    expect(await inboxByType(t, since)).toEqual({
      'correction.submitted': ['approver@example.jp', 'planner@example.jp'],
    });

    since = await lastNotificationId(t);
    await post('/return-correction', 'planner', { comment: '訂正後の実績値の時点も書いてください。' })
      .expect(200)
      .expect(({ body }) => expect(body.status).toBe('correcting'));
    await settle(t);
    expect(await inboxByType(t, since)).toEqual({ 'correction.returned': ['owner@example.jp'] });
    const [returned] = await t.dataSource.query(
      `SELECT title, body FROM notifications WHERE type = 'correction.returned' AND report_id = $1`,
      [reportId],
    );
    expect(returned.title).toBe(`【訂正の差戻し】${seed.projectName}(R4年度)`);
    expect(returned.body).toContain('「訂正後の実績値の時点も書いてください。」');
    // Sent back, the submitted correction no longer waits for planning: 対応済み for everyone it went to.
    const asked = await t.dataSource.query(
      `SELECT settled_at FROM notifications WHERE type = 'correction.submitted' AND report_id = $1`,
      [reportId],
    );
    expect(asked).toEqual([{ settled_at: expect.any(Date) }, { settled_at: expect.any(Date) }]);

    await post('/submit-correction', 'owner').expect(200);
    await settle(t);
    since = await lastNotificationId(t);
    const republished = (await post('/publish', 'planner').expect(200)).body;

    expect(republished).toMatchObject({ status: 'published', withdrawnAt: null, withdrawalReason: null });
    expect(republished.editions.map((edition: { edition: number }) => edition.edition)).toEqual([1, 2]);
    expect(republished.editions[1].correctionReason).toBe('KPIの実績値を訂正');
    // The log says which edition each publication made, and why a correction was made.
    const entries = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'report.published' AND entity_id = $1 ORDER BY sequence`,
      [reportId],
    );
    expect(entries.map(({ details }: { details: Record<string, unknown> }) => details)).toEqual([
      expect.objectContaining({ edition: 1, fromStatus: 'decided' }),
      expect.objectContaining({
        edition: 2,
        correctionReason: 'KPIの実績値を訂正',
        fromStatus: 'correction_submitted',
      }),
    ]);
    expect(entries[0].details).not.toHaveProperty('correctionReason');
    // The owner reads it as the correction's publication, not as a first one.
    await settle(t);
    expect((await inboxByType(t, since))['report.published']).toContain('owner@example.jp');
    const [told] = await t.dataSource.query(
      `SELECT n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.type = 'report.published' AND n.report_id = $1 AND u.email = 'owner@example.jp'
        ORDER BY n.created_at DESC LIMIT 1`,
      [reportId],
    );
    expect(told.title).toBe(`【訂正の公表】${seed.projectName}(R4年度)`);
    expect(told.body).toContain('の第2版(訂正)を公表しました');
    expect(told.body).toContain('「KPIの実績値を訂正」');
  });

  /**
   * While a correction is open the last edition stays public, so a takedown (a privacy leak found in it) cannot wait for
   * the correction's publication: the publication is withdrawn at once and the owner goes on correcting.
   */
  describe('during a correction (訂正中, 訂正提出済)', () => {
    const [, correctingSeed, submittedSeed] = ASAHIKAWA_R4_REPORTS;
    const ids = { correcting: '', submitted: '' };
    const at = (id: string, rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${id}${rest}`;
    const post = (id: string, rest: string, who: string, body: object = {}) =>
      t.http().post(at(id, rest)).set(as(who)).send(body);
    const read = async (id: string) => (await t.http().get(at(id)).set(as('owner')).expect(200)).body;
    const publicPage = (id: string) => t.http().get(`/public/012041/reports/${id}`);
    /** The owner's correction of ⑥, saved on the report as it stands. */
    const correct = async (id: string, effectNarrative: string) =>
      t
        .http()
        .patch(at(id))
        .set(as('owner'))
        .send({ version: (await read(id)).version, effectNarrative })
        .expect(200);

    beforeAll(async () => {
      for (const [key, seedOfIt] of [
        ['correcting', correctingSeed],
        ['submitted', submittedSeed],
      ] as const) {
        const id = (await decideSeedReport(t, cast, seedOfIt)).id;
        await post(id, '/publish', 'planner').expect(200);
        await post(id, '/correct', 'admin', { reason: '⑥の記載を訂正' }).expect(200);
        await correct(id, `訂正中の記載(${key})`);
        ids[key] = id;
      }
      await post(ids.submitted, '/submit-correction', 'owner').expect(200);
    }, 60_000);

    it('withdraws a report being corrected at once: the public page gives the notice, the correction goes on', async () => {
      const id = ids.correcting;
      // Read once, so the public page is built and kept before the takedown.
      await publicPage(id).expect(200);
      await settle(t);
      const since = await lastNotificationId(t);

      const withdrawn = (
        await post(id, '/withdraw-publication', 'admin', {
          reason: '  公表した記載に個人情報が含まれていたため ',
        }).expect(200)
      ).body;

      expect(withdrawn).toMatchObject({
        status: 'correcting',
        statusLabel: '訂正中',
        effect: { narrative: '訂正中の記載(correcting)' },
        correctionReason: '⑥の記載を訂正',
        withdrawalReason: '公表した記載に個人情報が含まれていたため',
      });
      expect(Date.now() - Date.parse(withdrawn.withdrawnAt)).toBeLessThan(60_000);
      const notice = (await publicPage(id).expect(410)).text;
      expect(notice).toContain('この報告の公表は取り消されました');
      expect(notice).toContain('公表した記載に個人情報が含まれていたため');
      await t.http().get(`/public/012041/reports/${id}/editions/1`).expect(410);
      // Audited and told as any withdrawal.
      const [entry] = await t.dataSource.query(
        `SELECT actor_user_id AS "actorUserId", details FROM audit_entries WHERE action = 'report.publication_withdrawn' AND entity_id = $1`,
        [id],
      );
      expect(entry).toMatchObject({
        actorUserId: cast.userIds.admin,
        details: {
          reason: '公表した記載に個人情報が含まれていたため',
          fromStatus: 'correcting',
          toStatus: 'correcting',
        },
      });
      await settle(t);
      const told = await inboxByType(t, since);
      expect(told['report.publication_withdrawn']).toEqual(
        expect.arrayContaining(['owner@example.jp', 'planner@example.jp']),
      );
      // Told that the correction under way, not a new one, makes the report public again.
      const bodies = await t.dataSource.query(
        `SELECT DISTINCT body FROM notifications WHERE type = 'report.publication_withdrawn' AND report_id = $1`,
        [id],
      );
      expect(bodies).toEqual([
        { body: expect.stringContaining('いま進めている訂正を公表すると、もう一度公表されます。') },
      ]);
      expect(bodies[0].body).not.toContain('訂正を始め');
      // The owner goes on correcting.
      const edited = (await correct(id, '個人情報を除いた記載')).body;
      expect(edited).toMatchObject({ status: 'correcting', withdrawnAt: withdrawn.withdrawnAt });
    });

    it('refuses a second withdrawal while the publication is withdrawn already (409), and anyone but an administrator (403)', async () => {
      await post(ids.submitted, '/withdraw-publication', 'planner', { reason: '取消' }).expect(403);
      await post(ids.submitted, '/withdraw-publication', 'owner', { reason: '取消' }).expect(403);
      const before = await read(ids.correcting);

      await post(ids.correcting, '/withdraw-publication', 'admin', { reason: 'もう一度' }).expect(409);

      expect(await read(ids.correcting)).toMatchObject({
        version: before.version,
        withdrawnAt: before.withdrawnAt,
        withdrawalReason: '公表した記載に個人情報が含まれていたため',
      });
    });

    it('makes the report public again when the correction is published, as its next edition', async () => {
      const id = ids.correcting;
      await post(id, '/submit-correction', 'owner').expect(200);

      const republished = (await post(id, '/publish', 'planner').expect(200)).body;

      expect(republished).toMatchObject({ status: 'published', withdrawnAt: null, withdrawalReason: null });
      expect(republished.editions.map((edition: { edition: number }) => edition.edition)).toEqual([1, 2]);
      expect((await publicPage(id).expect(200)).text).toContain('個人情報を除いた記載');
    });

    it('withdraws a submitted correction’s report, left submitted; cancelling the correction then goes back to 公表の取消', async () => {
      const id = ids.submitted;
      await publicPage(id).expect(200);

      const withdrawn = (await post(id, '/withdraw-publication', 'admin', { reason: '個人情報の掲載' }).expect(200))
        .body;

      expect(withdrawn).toMatchObject({
        status: 'correction_submitted',
        statusLabel: '訂正提出済',
        effect: { narrative: '訂正中の記載(submitted)' },
        withdrawalReason: '個人情報の掲載',
      });
      await publicPage(id).expect(410);

      const cancelled = (await post(id, '/cancel-correction', 'admin', { reason: '訂正しないため' }).expect(200)).body;

      expect(cancelled).toMatchObject({
        status: 'withdrawn',
        effect: { narrative: submittedSeed.effectNarrative },
        withdrawnAt: withdrawn.withdrawnAt,
        withdrawalReason: '個人情報の掲載',
      });
      expect(cancelled.editions.map((edition: { edition: number }) => edition.edition)).toEqual([1]);
      expect((await publicPage(id).expect(410)).text).toContain('個人情報の掲載');
    });
  });
});
