import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { inboxByType, lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport } from '../support/report-scenario';
import { addUser, createTestApp, signIn, type TestApp } from '../support/test-app';

/**
 * ⑦⑧の訂正: during a correction (訂正中) the planning division corrects the published ⑦ (rating, opinion) and ⑧
 * (decision, reason), as the owner corrects ①–⑥. A corrected ⑧ is published by another planning user than the one who
 * corrected it (four-eyes, as a policy is approved); the new edition holds the corrected values, earlier ones stay.
 * The report says for good in which edition ⑧ was corrected, by whom, and who published it.
 */
describe('Correcting ⑦⑧ of a published report (⑦⑧の訂正)', () => {
  const [first, second, third, fourth, fifth] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const path = (id: string, rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${id}${rest}`;
  const post = (id: string, rest: string, who: string, body: object = {}) =>
    t.http().post(path(id, rest)).set(as(who)).send(body);
  const read = async (id: string, rest = '') =>
    (await t.http().get(path(id, rest)).set(as('planner')).expect(200)).body;
  const corrected = {
    rating: 'considerably_effective',
    opinion: '訂正した外部有識者からの意見',
    decision: 'expand',
    reason: '訂正した今後の方針の理由',
  };

  /** A decided seed report, published and opened for correction by the administrator. */
  async function correcting(which: (typeof ASAHIKAWA_R4_REPORTS)[number]): Promise<string> {
    const { id } = await decideSeedReport(t, cast, which);
    await post(id, '/publish', 'planner').expect(200);
    await post(id, '/correct', 'admin', { reason: '⑦⑧の誤記の訂正' }).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('publishes the corrected ⑦⑧ as the next edition, by another planning user than the corrector (four-eyes)', async () => {
    const reportId = await correcting(first);
    const before = await read(reportId);
    await settle(t);
    const since = await lastNotificationId(t);

    const done = (
      await post(reportId, '/correct-assessment', 'planner', {
        ...corrected,
        opinion: `  ${corrected.opinion}  `,
        version: before.version,
      }).expect(200)
    ).body;

    expect(done.status).toBe('correcting');
    expect(done.version).toBeGreaterThan(before.version);
    expect(done.evaluation).toMatchObject({ option: corrected.rating, opinion: corrected.opinion });
    expect(done.policy).toMatchObject({
      option: corrected.decision,
      reason: corrected.reason,
      correctedBy: [cast.userIds.planner],
    });
    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id AS "actorUserId", details FROM audit_entries
        WHERE action = 'report.assessment_corrected' AND entity_id = $1`,
      [reportId],
    );
    expect(entry.actorUserId).toBe(cast.userIds.planner);
    expect(entry.details).toMatchObject({ fromStatus: 'correcting', toStatus: 'correcting', version: done.version });
    const changed = entry.details.changes.map((change: { path: string }) => change.path);
    expect(changed).toEqual(
      expect.arrayContaining(['/panelRating', '/panelOpinion', '/policyDecision', '/policyReason']),
    );
    await settle(t);
    const told = await inboxByType(t, since);
    expect(told['report.assessment_corrected']).toEqual(
      expect.arrayContaining(['owner@example.jp', 'approver@example.jp']),
    );
    expect(told['report.assessment_corrected']).not.toContain('planner@example.jp');

    await post(reportId, '/submit-correction', 'owner').expect(200);
    // 対応が必要 offers the publication to those who may publish it only.
    const toPublish = async (who: string) =>
      (
        await t.http().get(`/api/v1/organizations/${cast.organizationId}/my-tasks`).set(as(who)).expect(200)
      ).body.toPublish.map((task: { report: { id: string } }) => task.report.id);
    expect(await toPublish('planner')).not.toContain(reportId);
    expect(await toPublish('approver')).toContain(reportId);
    const refused = await post(reportId, '/publish', 'planner').expect(403);
    expect(refused.body.message).toMatch(/different planning user than the one who corrected it/);
    expect((await read(reportId)).status).toBe('correction_submitted');

    const published = (await post(reportId, '/publish', 'approver').expect(200)).body;
    expect(published.status).toBe('published');
    expect(published.policy.correctedBy).toEqual([]);
    const [editionOne, editionTwo] = await Promise.all([read(reportId, '/editions/1'), read(reportId, '/editions/2')]);
    expect(editionOne.evaluation).toMatchObject({
      option: before.evaluation.option,
      opinion: before.evaluation.opinion,
    });
    expect(editionOne.policy).toMatchObject({ option: before.policy.option, reason: before.policy.reason });
    expect(editionTwo.evaluation).toMatchObject({ option: corrected.rating, opinion: corrected.opinion });
    expect(editionTwo.policy).toMatchObject({ option: corrected.decision, reason: corrected.reason });
    const publicPage = (await t.http().get(`/public/012041/reports/${reportId}`).expect(200)).text;
    expect(publicPage).toContain(corrected.opinion);
    expect(publicPage).toContain(corrected.reason);

    // The next correction starts the four-eyes check anew: the corrector of the last one may publish it.
    await post(reportId, '/correct', 'admin', { reason: '①の訂正' }).expect(200);
    await post(reportId, '/submit-correction', 'owner').expect(200);
    await post(reportId, '/publish', 'planner').expect(200);
    // The proposal and approval stay as they were; the correction of ⑧ is told beside them, a later edition left it be.
    const after = await read(reportId);
    expect(after.policy).toMatchObject({ proposedBy: before.policy.proposedBy, approvedBy: before.policy.approvedBy });
    expect(after.policy.corrections).toEqual([
      {
        edition: 2,
        correctedBy: [cast.userIds.planner],
        publishedBy: cast.userIds.approver,
        publishedAt: published.publishedAt,
      },
    ]);
  });

  it('refuses the publication to every planner who corrected ⑧ in the correction, and names them all after it', async () => {
    // A third planning user, who corrected nothing.
    cast.userIds.checker = (await addUser(t, cast.organizationId, 'checker@example.jp', Role.PlanningDivision)).id;
    cast.tokens.checker = await signIn(t, 'checker@example.jp');
    const reportId = await correcting(fifth);
    const correct = async (who: string, reason: string) =>
      (
        await post(reportId, '/correct-assessment', who, {
          ...corrected,
          reason,
          version: (await read(reportId)).version,
        }).expect(200)
      ).body;
    await correct('planner', '企画政策課Aが訂正した理由');
    await correct('approver', '企画政策課Bが訂正し直した理由');
    const again = await correct('planner', '企画政策課Aがもう一度訂正した理由');
    expect(again.policy.correctedBy).toEqual([cast.userIds.planner, cast.userIds.approver]);

    await post(reportId, '/submit-correction', 'owner').expect(200);
    const toPublish = async (who: string) =>
      (
        await t.http().get(`/api/v1/organizations/${cast.organizationId}/my-tasks`).set(as(who)).expect(200)
      ).body.toPublish.map((task: { report: { id: string } }) => task.report.id);
    for (const corrector of ['planner', 'approver']) {
      expect(await toPublish(corrector)).not.toContain(reportId);
      await post(reportId, '/publish', corrector).expect(403);
    }
    expect(await toPublish('checker')).toContain(reportId);
    const published = (await post(reportId, '/publish', 'checker').expect(200)).body;

    const correction = {
      edition: 2,
      correctedBy: [cast.userIds.planner, cast.userIds.approver],
      publishedBy: cast.userIds.checker,
      publishedAt: published.publishedAt,
    };
    expect(published.policy).toMatchObject({ correctedBy: [], corrections: [correction] });
    expect((await read(reportId)).policy.corrections).toEqual([correction]);
  });

  it('lets the corrector publish a correction that left ⑧ as it was', async () => {
    const reportId = await correcting(second);
    const before = await read(reportId);
    const onlyEvaluation = {
      rating: before.evaluation.option,
      opinion: '⑦だけの訂正',
      decision: before.policy.option,
      reason: before.policy.reason,
    };
    const done = (
      await post(reportId, '/correct-assessment', 'planner', { ...onlyEvaluation, version: before.version }).expect(200)
    ).body;
    expect(done.policy.correctedBy).toEqual([]);
    // The same values again change nothing: no version, revision or audit entry.
    const again = (
      await post(reportId, '/correct-assessment', 'planner', { ...onlyEvaluation, version: done.version }).expect(200)
    ).body;
    expect(again.version).toBe(done.version);
    const [{ entries }] = await t.dataSource.query(
      `SELECT count(*)::int AS entries FROM audit_entries WHERE action = 'report.assessment_corrected' AND entity_id = $1`,
      [reportId],
    );
    expect(entries).toBe(1);
    await post(reportId, '/submit-correction', 'owner').expect(200);
    await post(reportId, '/publish', 'planner').expect(200);
  });

  it('refuses the owner and experts (403), outside 訂正中 (409), a stale version (409) and blank fields (400)', async () => {
    const { id: decidedId } = await decideSeedReport(t, cast, third);
    await post(decidedId, '/correct-assessment', 'planner', corrected).expect(409);
    await post(decidedId, '/publish', 'planner').expect(200);
    await post(decidedId, '/correct-assessment', 'planner', corrected).expect(409);

    await post(decidedId, '/correct', 'admin', { reason: '訂正' }).expect(200);
    const before = await read(decidedId);
    for (const who of ['owner', 'expertA', 'admin'])
      await post(decidedId, '/correct-assessment', who, corrected).expect(403);
    await post(decidedId, '/correct-assessment', 'planner', { ...corrected, version: before.version - 1 }).expect(409);
    for (const blank of [{ opinion: '   ' }, { reason: '' }, { rating: 'no_such_rating' }, { decision: undefined }]) {
      const refused = await post(decidedId, '/correct-assessment', 'planner', { ...corrected, ...blank });
      expect([400, 422]).toContain(refused.status);
    }
    await post(decidedId, '/submit-correction', 'owner').expect(200);
    await post(decidedId, '/correct-assessment', 'planner', corrected).expect(409);
    const after = await read(decidedId);
    expect(after.evaluation).toEqual(before.evaluation);
    expect(after.policy).toEqual(before.policy);
  });

  it('cancelling the correction restores the published ⑦⑧ and who may publish the next one', async () => {
    const { id: reportId } = await decideSeedReport(t, cast, fourth);
    await post(reportId, '/publish', 'planner').expect(200);
    const published = await read(reportId);
    await post(reportId, '/correct', 'admin', { reason: '誤って開始した訂正' }).expect(200);
    await post(reportId, '/correct-assessment', 'planner', corrected).expect(200);

    const cancelled = (
      await post(reportId, '/cancel-correction', 'admin', { reason: '訂正の必要がなかったため' }).expect(200)
    ).body;

    expect(cancelled.evaluation).toEqual(published.evaluation);
    expect(cancelled.policy).toEqual(published.policy);
    expect(cancelled.policy.correctedBy).toEqual([]);
    await post(reportId, '/correct', 'admin', { reason: '①の訂正' }).expect(200);
    await post(reportId, '/submit-correction', 'owner').expect(200);
    await post(reportId, '/publish', 'planner').expect(200);
  });
});
