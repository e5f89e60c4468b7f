import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { journeySteps } from '../support/journey-steps';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Workflow: one published Asahikawa report from draft to publication, step by step', () => {
  let t: TestApp;
  let cast: Cast;
  const seed = ASAHIKAWA_R4_REPORTS[0];

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const path = (reportId: string, rest = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;

  const step = journeySteps();
  let id = '';
  let assignmentA: { id: string; expertUserId: string; dueDate: string };
  let assignmentB: { id: string; expertUserId: string };
  /** When expert B's opinion was saved: the one a late revision of it is written over. */
  let opinionBSubmittedAt: string;
  let decided: { version: number; policy: Record<string, unknown> };
  const opinionA = 'R4年度時点での中間目標を達成したことから事業が有効であると言える。';
  const opinionB = '他地域をターゲットとして設定するなど、継続的な海外販路開拓に向け取り組んでいく必要がある。';

  step('the owner enters the published report as a draft', async () => {
    id = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
  });

  step('the owner submits; planning returns it, with the reason it requires', async () => {
    expect((await t.http().post(path(id, '/submit')).set(as('owner')).expect(200)).body.status).toBe('submitted');
    await t.http().post(path(id, '/return')).set(as('planner')).send({}).expect(400);
    expect(
      (
        await t
          .http()
          .post(path(id, '/return'))
          .set(as('planner'))
          .send({ comment: '指標の最新値の時点を確認してください。' })
          .expect(200)
      ).body.statusLabel,
    ).toBe('作成中');
  });

  step('the owner resubmits, withdraws and submits again', async () => {
    await t.http().post(path(id, '/submit')).set(as('owner')).expect(200);
    await t.http().post(path(id, '/withdraw')).set(as('owner')).expect(200);
    await t.http().post(path(id, '/submit')).set(as('owner')).expect(200);
  });

  step('experts cannot see it before they are assigned', async () => {
    await t.http().get(path(id)).set(as('expertA')).expect(404);
  });

  step('planning accepts it and asks two experts', async () => {
    const accepted = await t
      .http()
      .post(path(id, '/accept'))
      .set(as('planner'))
      // As planning would type it: 和暦, stored as an ISO date.
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: '令和20年12月20日' })
      .expect(200);
    expect(accepted.body.statusLabel).toBe('有識者意見照会中');
    const assignmentOf = async (expert: string) =>
      (await t.http().get(path(id, '/assignments')).set(as(expert)).expect(200)).body[0];
    [assignmentA, assignmentB] = [await assignmentOf('expertA'), await assignmentOf('expertB')];
    expect(assignmentA.expertUserId).toBe(cast.userIds.expertA);
    expect(assignmentA.dueDate).toBe('2038-12-20');
  });

  step("both experts accept; neither may write on the other's assignment", async () => {
    await t
      .http()
      .post(path(id, `/assignments/${assignmentA.id}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .post(path(id, `/assignments/${assignmentB.id}/respond`))
      .set(as('expertB'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(path(id, `/assignments/${assignmentA.id}/opinion`))
      .set(as('expertB'))
      .send({ rating: 'effective', opinion: 'x', opinionSubmittedAtRead: null })
      .expect(403);
  });

  step('an expert asks a question, which the owner answers', async () => {
    const question = (
      await t
        .http()
        .post(path(id, '/questions'))
        .set(as('expertA'))
        .send({ body: 'ロシア関係事業の中止後の代替策はありますか。' })
        .expect(201)
    ).body;
    await t
      .http()
      .post(path(id, `/questions/${question.id}/answer`))
      .set(as('owner'))
      .send({ body: '道外・海外の他市場をターゲットに商談機会を創出しています。' })
      .expect(201);
  });

  step('both experts enter their opinions; one revises theirs', async () => {
    const first = await t
      .http()
      .put(path(id, `/assignments/${assignmentA.id}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'considerably_effective', opinion: '最初の意見', opinionSubmittedAtRead: null })
      .expect(200);
    await t
      .http()
      .put(path(id, `/assignments/${assignmentA.id}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: opinionA, opinionSubmittedAtRead: first.body.opinionSubmittedAt })
      .expect(200);
    opinionBSubmittedAt = (
      await t
        .http()
        .put(path(id, `/assignments/${assignmentB.id}/opinion`))
        .set(as('expertB'))
        .send({ rating: 'effective', opinion: opinionB, opinionSubmittedAtRead: null })
        .expect(200)
    ).body.opinionSubmittedAt;
  });

  step(
    'planning sees the opinions side by side with a text to start from, and the whole thread; an expert sees only their own',
    async () => {
      const opinions = (await t.http().get(path(id, '/opinions')).set(as('planner')).expect(200)).body;
      expect(opinions.allExpertsDone).toBe(true);
      expect(opinions.opinions.map((opinion: any) => opinion.opinion)).toEqual([opinionA, opinionB]);
      expect(opinions.suggestedOpinion).toBe(`${opinionA}\n${opinionB}`);
      const thread = (await t.http().get(path(id, '/comments')).set(as('planner')).expect(200)).body;
      expect(thread.map((comment: any) => comment.kind)).toEqual(['return', 'question', 'answer']);
      expect((await t.http().get(path(id, '/comments')).set(as('expertB')).expect(200)).body).toEqual([]);
    },
  );

  step('consolidation closes the review: opinions can no longer be revised', async () => {
    const evaluated = await t
      .http()
      .post(path(id, '/evaluate'))
      .set(as('planner'))
      .send({ rating: 'effective', opinion: seed.panelOpinion })
      .expect(200);
    expect(evaluated.body.evaluation.ratingLabel).toBe(seed.panelRating);
    await t
      .http()
      .put(path(id, `/assignments/${assignmentB.id}/opinion`))
      .set(as('expertB'))
      .send({ rating: 'effective', opinion: '遅れた修正', opinionSubmittedAtRead: opinionBSubmittedAt })
      .expect(409);
  });

  step('a first proposal is sent back by the second planning user, and proposed anew', async () => {
    await t
      .http()
      .post(path(id, '/propose'))
      .set(as('planner'))
      .send({ decision: 'expand', reason: '仮の理由' })
      .expect(200);
    await t
      .http()
      .post(path(id, '/send-back'))
      .set(as('approver'))
      .send({ comment: '方針を再検討してください。' })
      .expect(200);
    await t
      .http()
      .post(path(id, '/propose'))
      .set(as('planner'))
      .send({ decision: 'continue', reason: seed.policyReason })
      .expect(200);
  });

  step('the proposer may not approve it (four-eyes); the second planning user does', async () => {
    const fourEyes = await t.http().post(path(id, '/approve')).set(as('planner')).expect(403);
    expect(fourEyes.body.message).toMatch(/four-eyes/);
    decided = (await t.http().post(path(id, '/approve')).set(as('approver')).expect(200)).body;
    expect(decided).toMatchObject({ status: 'decided', title: '事業実施結果報告(案)' });
    expect(decided.policy).toMatchObject({ proposedBy: cast.userIds.planner, approvedBy: cast.userIds.approver });
  });

  step('a decided report is read-only', async () => {
    await t
      .http()
      .patch(path(id))
      .set(as('owner'))
      .send({ version: decided.version, effectNarrative: '変更' })
      .expect(409);
  });

  step('planning publishes it: the final title, without (案)', async () => {
    const published = (await t.http().post(path(id, '/publish')).set(as('planner')).expect(200)).body;
    expect(published.title).toBe('事業実施結果報告');
    expect(published.statusLabel).toBe('公表済');
  });

  step('the owner sees the decision; the final report equals what Asahikawa published', async () => {
    const final = (await t.http().get(path(id)).set(as('owner')).expect(200)).body;
    expect(final.evaluation).toEqual({
      rating: 'effective',
      option: 'effective',
      ratingLabel: seed.panelRating,
      opinion: seed.panelOpinion,
    });
    expect(final.policy).toMatchObject({ decision: 'continue', formText: seed.policy, reason: seed.policyReason });
    expect(final.effect.narrative).toBe(seed.effectNarrative);
    expect(final.totals.computed).toEqual(seed.publishedTotals);
  });

  step('every step is in the audit log, in order, and the chain verifies', async () => {
    const audit = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/audit`)
        .query({ reportId: id, pageSize: 100 })
        .set(as('planner'))
        .expect(200)
    ).body;
    expect(audit.items.map((entry: any) => entry.action).reverse()).toEqual([
      'report.created',
      'report.edited',
      'report.submitted',
      'report.returned',
      'report.submitted',
      'report.withdrawn',
      'report.submitted',
      'report.accepted',
      'assignment.accepted',
      'assignment.accepted',
      'question.asked',
      'question.answered',
      'opinion.entered',
      'opinion.entered',
      'opinion.entered',
      'report.evaluated',
      'policy.proposed',
      'policy.sent_back',
      'policy.proposed',
      'policy.approved',
      'report.published',
    ]);
    const approval = audit.items.find((entry: any) => entry.action === 'policy.approved');
    expect(approval).toMatchObject({
      actorUserId: cast.userIds.approver,
      actorRoles: ['planning_division'],
      details: { fromStatus: 'decision_proposed', toStatus: 'decided' },
    });
    expect(approval.requestId).toEqual(expect.any(String));
    const edit = audit.items.find((entry: any) => entry.action === 'report.edited');
    expect(edit.details.changes).toEqual(
      expect.arrayContaining([{ path: '/budgetLines/0/budgetAmount', before: null, after: 9048 }]),
    );
    const verify = (
      await t.http().get(`/api/v1/organizations/${cast.organizationId}/audit/verify`).set(as('admin')).expect(200)
    ).body;
    expect(verify).toMatchObject({ chain: `org:${cast.organizationId}`, ok: true, problems: [], badCheckpoints: [] });
  });

  step('every notification request is waiting in the outbox', async () => {
    const outbox = await t.dataSource.query(
      `SELECT type FROM notification_outbox WHERE report_id = $1 ORDER BY created_at, type`,
      [id],
    );
    expect(outbox.map((row: { type: string }) => row.type)).toEqual(
      expect.arrayContaining([
        'report.submitted',
        'report.returned',
        'expert.assigned',
        'question.asked',
        'question.answered',
        'opinion.entered',
        'review.ready',
        'proposal.awaiting_approval',
        'report.decided',
        'report.published',
      ]),
    );
    expect(outbox.filter((row: { type: string }) => row.type === 'expert.assigned')).toHaveLength(2);
    expect(outbox.filter((row: { type: string }) => row.type === 'review.ready')).toHaveLength(1);
  });
});
