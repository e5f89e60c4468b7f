import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { decideSeedReport, enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A decision on a report (the policy's proposal and approval too), an administrator's step that cannot be taken back
 * (やり直し, 訂正, 公表の取消) and the owner's taking back of a submission (取下げ) can name the version it was taken on.
 * If the report changed since (resubmitted, decided or published anew, an expert added to its review), it is refused
 * with 409 naming what changed, and nothing is done; a client that names no version acts as before.
 */
describe('Deciding on the version one read', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const path = (reportId: string, rest = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const read = async (reportId: string) => (await t.http().get(path(reportId)).set(as('planner')).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  /** The owner takes the submission back, rewrites part of it and submits again. */
  async function resubmitRewritten(reportId: string) {
    await t.http().post(path(reportId, '/withdraw')).set(as('owner')).expect(200);
    const { version } = await read(reportId);
    await t
      .http()
      .patch(path(reportId))
      .set(as('owner'))
      .send({ version, improvementMeasures: '提出し直す前に書き換えた改善策' })
      .expect(200);
    await t.http().post(path(reportId, '/submit')).set(as('owner')).expect(200);
  }

  it('accepting or returning a submission resubmitted since it was read: 409, and the report stays as it is', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[0],
    );
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    const seen = await read(report.id);
    await resubmitRewritten(report.id);
    const current = await read(report.id);

    const accepting = { experts: [cast.userIds.expertA], dueDate: dueInDays(14) };
    const refused = await t
      .http()
      .post(path(report.id, '/accept'))
      .set(as('planner'))
      .send({ ...accepting, version: seen.version })
      .expect(409);
    await t
      .http()
      .post(path(report.id, '/return'))
      .set(as('planner'))
      .send({ comment: '③を直してください。', version: seen.version })
      .expect(409);

    expect(refused.body.message).toContain(`has changed since version ${seen.version} was read`);
    expect(refused.body.details).toEqual({ currentVersion: current.version });
    expect(await read(report.id)).toMatchObject({ status: 'submitted', version: current.version });
    expect((await t.http().get(path(report.id, '/assignments')).set(as('planner')).expect(200)).body).toEqual([]);

    const accepted = await t
      .http()
      .post(path(report.id, '/accept'))
      .set(as('planner'))
      .send({ ...accepting, version: current.version })
      .expect(200);
    expect(accepted.body.status).toBe('in_expert_review');
  });

  it('publishing names the version read too, and a client that names none publishes as before', async () => {
    const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[1]);
    const { version } = await read(report.id);

    await t
      .http()
      .post(path(report.id, '/publish'))
      .set(as('planner'))
      .send({ version: version - 1 })
      .expect(409);
    expect((await read(report.id)).status).toBe('decided');

    await t.http().post(path(report.id, '/publish')).set(as('planner')).expect(200);
    expect((await read(report.id)).status).toBe('published');
  });

  /** Another administrator's correction, submitted by the owner and published by planning: the next edition. */
  async function publishCorrection(reportId: string) {
    await t.http().post(path(reportId, '/correct')).set(as('admin')).send({ reason: '④の誤記' }).expect(200);
    await t.http().post(path(reportId, '/submit-correction')).set(as('owner')).expect(200);
    await t.http().post(path(reportId, '/publish')).set(as('planner')).expect(200);
  }

  it('reopening a decided report decided again since it was read: 409, and the decision stands', async () => {
    const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[3]);
    const seen = await read(report.id);
    // Another administrator reopened it, and planning decided anew.
    await t.http().post(path(report.id, '/reopen')).set(as('admin')).send({ reason: '再審議' }).expect(200);
    await t
      .http()
      .post(path(report.id, '/propose'))
      .set(as('planner'))
      .send({ decision: 'expand', reason: '再審議の結果、拡充する。' })
      .expect(200);
    await t.http().post(path(report.id, '/approve')).set(as('approver')).expect(200);
    const current = await read(report.id);

    await t
      .http()
      .post(path(report.id, '/reopen'))
      .set(as('admin'))
      .send({ reason: '再審議', version: seen.version })
      .expect(409);

    expect(await read(report.id)).toMatchObject({ status: 'decided', version: current.version });
    await t
      .http()
      .post(path(report.id, '/reopen'))
      .set(as('admin'))
      .send({ reason: '再審議', version: current.version })
      .expect(200);
  });

  it('correcting or withdrawing a publication republished since it was read: 409, and the edition stays public', async () => {
    const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[4]);
    await t.http().post(path(report.id, '/publish')).set(as('planner')).expect(200);
    const seen = await read(report.id);
    await publishCorrection(report.id);
    const current = await read(report.id);

    await t
      .http()
      .post(path(report.id, '/correct'))
      .set(as('admin'))
      .send({ reason: '⑤の誤記', version: seen.version })
      .expect(409);
    await t
      .http()
      .post(path(report.id, '/withdraw-publication'))
      .set(as('admin'))
      .send({ reason: '個人情報の記載', version: seen.version })
      .expect(409);

    expect(await read(report.id)).toMatchObject({ status: 'published', version: current.version });
    await t
      .http()
      .post(path(report.id, '/withdraw-publication'))
      .set(as('admin'))
      .send({ reason: '個人情報の記載', version: current.version })
      .expect(200);
    const withdrawn = await read(report.id);
    await t
      .http()
      .post(path(report.id, '/correct'))
      .set(as('admin'))
      .send({ reason: '該当箇所の削除', version: withdrawn.version })
      .expect(200);
  });

  it('taking back a submission or a correction submitted again since it was read: 409, and it stays submitted', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[3],
    );
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    const seen = await read(report.id);
    await resubmitRewritten(report.id);
    const current = await read(report.id);

    await t.http().post(path(report.id, '/withdraw')).set(as('owner')).send({ version: seen.version }).expect(409);
    expect(await read(report.id)).toMatchObject({ status: 'submitted', version: current.version });
    await t.http().post(path(report.id, '/withdraw')).set(as('owner')).send({ version: current.version }).expect(200);

    const published = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[0]);
    await t.http().post(path(published.id, '/publish')).set(as('planner')).expect(200);
    await t.http().post(path(published.id, '/correct')).set(as('admin')).send({ reason: '④の誤記' }).expect(200);
    await t.http().post(path(published.id, '/submit-correction')).set(as('owner')).expect(200);
    const submitted = await read(published.id);
    await t.http().post(path(published.id, '/withdraw-correction')).set(as('owner')).expect(200);
    await t.http().post(path(published.id, '/submit-correction')).set(as('owner')).expect(200);

    await t
      .http()
      .post(path(published.id, '/withdraw-correction'))
      .set(as('owner'))
      .send({ version: submitted.version })
      .expect(409);
    expect((await read(published.id)).status).toBe('correction_submitted');
  });

  it('proposing or approving a policy on a proposal sent back and proposed anew since it was read: 409 naming both', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[1];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    await reviewAndPropose(t, cast, report.id, seed);
    const proposed = await read(report.id);
    // From another tab the proposal is sent back, and planning proposes to expand instead.
    await t
      .http()
      .post(path(report.id, '/send-back'))
      .set(as('approver'))
      .send({ comment: '拡充を検討してください。' })
      .expect(200);
    const evaluated = await read(report.id);
    await t
      .http()
      .post(path(report.id, '/propose'))
      .set(as('planner'))
      .send({ decision: 'expand', reason: '拡充する。' })
      .expect(200);
    const current = await read(report.id);

    const approval = await t
      .http()
      .post(path(report.id, '/approve'))
      .set(as('approver'))
      .send({ version: proposed.version })
      .expect(409);
    expect(approval.body.message).toContain('since then: policy.sent_back, policy.proposed');
    await t
      .http()
      .post(path(report.id, '/propose'))
      .set(as('planner'))
      .send({ decision: 'continue', reason: '継続する。', version: evaluated.version })
      .expect(409);
    expect(await read(report.id)).toMatchObject({ status: 'decision_proposed', version: current.version });

    const approved = await t
      .http()
      .post(path(report.id, '/approve'))
      .set(as('approver'))
      .send({ version: current.version })
      .expect(200);
    expect(approved.body.status).toBe('decided');
  });

  it('evaluating on a panel an expert was added to since it was read: 409 naming the addition, still in review', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[4],
    );
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(path(report.id, '/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    const [assignmentA] = (await t.http().get(path(report.id, '/assignments')).set(as('expertA')).expect(200)).body;
    await t
      .http()
      .post(path(report.id, `/assignments/${assignmentA.id}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(path(report.id, `/assignments/${assignmentA.id}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    const seen = await read(report.id);
    const added = await t
      .http()
      .post(path(report.id, '/assignments'))
      .set(as('admin'))
      .send({ experts: [cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(201);
    // Expert B dismissed without an answer (which keeps the version): the evaluation waits for no one.
    await t
      .http()
      .post(path(report.id, `/assignments/${added.body[0].id}/dismiss`))
      .set(as('planner'))
      .send({ note: '回答がありませんでした。' })
      .expect(200);
    const current = await read(report.id);

    const evaluation = { rating: 'effective', opinion: '委員の意見を取りまとめた。' };
    const refused = await t
      .http()
      .post(path(report.id, '/evaluate'))
      .set(as('planner'))
      .send({ ...evaluation, version: seen.version })
      .expect(409);

    expect(refused.body.message).toContain(
      `has changed since version ${seen.version} was read (now version ${current.version}; since then: assignment.created`,
    );
    expect((await read(report.id)).status).toBe('in_expert_review');
    // Read again, the panel as it stands now (A's opinion, B dismissed) is what the evaluation closes.
    await t
      .http()
      .post(path(report.id, '/evaluate'))
      .set(as('planner'))
      .send({ ...evaluation, version: current.version })
      .expect(200);
  });

  it('a version that is not a number is a bad request, not a conflict', async () => {
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[2],
    );
    await t.http().post(path(report.id, '/submit')).set(as('owner')).expect(200);
    const refused = await t
      .http()
      .post(path(report.id, '/return'))
      .set(as('planner'))
      .send({ comment: '③を直してください。', version: 'latest' })
      .expect(400);
    expect(new Set(refused.body.details.map((detail: { path: string }) => detail.path))).toEqual(new Set(['/version']));
  });
});
