import { type Response } from 'supertest';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { holdRow, lockWaitersOutsidePool } from '../support/lock-waits';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A change of a report that waits for the report's row lock decides on the report as the change before it left it:
 * its ⑤ values, the experts asked and the department responsible, all read once the lock is held. Each case holds the
 * report's row, queues a change and then a transition behind it, and lets both go in that order.
 */
describe('A transition that waited for the report checks what the change before it committed', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const reportPath = (reportId: string, rest = '') => api(`/reports/${reportId}${rest}`);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  /** `first`, then `second`, both sent while the report's row is held and let go in that order once both wait. */
  async function inTurnBehindHeldRow(
    reportId: string,
    first: () => Promise<Response>,
    second: () => Promise<Response>,
  ): Promise<[Response, Response]> {
    const other = await holdRow(t.dataSource, 'result_reports', reportId);
    try {
      const firstAnswer = first();
      const firstWaiting = await lockWaitersOutsidePool(t.superuserUrl, 1);
      const secondAnswer = second();
      const bothWaiting = await lockWaitersOutsidePool(t.superuserUrl, 2);
      await other.rollbackTransaction();
      expect([firstWaiting, bothWaiting]).toEqual([1, 2]);
      return [await firstAnswer, await secondAnswer];
    } finally {
      await other.release();
    }
  }

  const sent = (request: PromiseLike<Response>) => () => Promise.resolve(request.then((answer) => answer));
  const draftOf = (seedIndex: number) =>
    enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[seedIndex]);

  it('submits ⑤ as the edit before it saved it, and its revision records no revert', async () => {
    const draft = await draftOf(0);
    expect(draft.kpis[0]).toMatchObject({ definition: { position: 1 }, latestValue: 124 });

    const [edited, submitted] = await inTurnBehindHeldRow(
      draft.id,
      sent(
        t
          .http()
          .patch(reportPath(draft.id))
          .set(as('owner'))
          .send({ version: draft.version, kpiResults: [{ position: 1, latestValue: 555 }] }),
      ),
      sent(t.http().post(reportPath(draft.id, '/submit')).set(as('owner'))),
    );

    expect([edited.status, submitted.status]).toEqual([200, 200]);
    expect(submitted.body.kpis[0]).toMatchObject({ definition: { position: 1 }, latestValue: 555 });
    const diff = (
      await t
        .http()
        .get(reportPath(draft.id, '/revisions/diff'))
        .query({ from: edited.body.version, to: submitted.body.version })
        .set(as('owner'))
        .expect(200)
    ).body;
    expect(diff.map((change: { path: string }) => change.path)).toEqual(['/status']);
  });

  it('refuses to submit ⑤ emptied by the edit before it', async () => {
    const draft = await draftOf(1);

    const [edited, submitted] = await inTurnBehindHeldRow(
      draft.id,
      sent(
        t
          .http()
          .patch(reportPath(draft.id))
          .set(as('owner'))
          .send({ version: draft.version, kpiResults: [{ position: 1, latestValue: null, latestAsOf: null }] }),
      ),
      sent(t.http().post(reportPath(draft.id, '/submit')).set(as('owner'))),
    );

    expect(edited.status).toBe(200);
    expect(submitted.status).toBe(422);
    const read = (await t.http().get(reportPath(draft.id)).set(as('owner')).expect(200)).body;
    expect(read).toMatchObject({ status: 'draft', version: edited.body.version });
  });

  it('refuses to evaluate while an expert asked by the change before it has not answered', async () => {
    const draft = await draftOf(2);
    await t.http().post(reportPath(draft.id, '/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(reportPath(draft.id, '/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    const [assignment] = (await t.http().get(reportPath(draft.id, '/assignments')).set(as('expertA')).expect(200)).body;
    await t
      .http()
      .post(reportPath(draft.id, `/assignments/${assignment.id}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(reportPath(draft.id, `/assignments/${assignment.id}/opinion`))
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
      .expect(200);

    const [asked, evaluated] = await inTurnBehindHeldRow(
      draft.id,
      sent(
        t
          .http()
          .post(reportPath(draft.id, '/assignments'))
          .set(as('admin'))
          .send({ experts: [cast.userIds.expertB], dueDate: dueInDays(14) }),
      ),
      sent(
        t
          .http()
          .post(reportPath(draft.id, '/evaluate'))
          .set(as('planner'))
          .send({ rating: 'effective', opinion: '委員の意見を取りまとめ、有効であったと評価する。' }),
      ),
    );

    expect([asked.status, evaluated.status]).toEqual([201, 409]);
    expect(evaluated.body.details.awaitedExperts).toEqual([
      { expertUserId: cast.userIds.expertB, name: 'expertb', status: 'pending' },
    ]);
    const read = (await t.http().get(reportPath(draft.id)).set(as('planner')).expect(200)).body;
    expect(read.status).toBe('in_expert_review');
  });

  it('does not let the department a project just left submit its report', async () => {
    const draft = await draftOf(3);
    const other = (await t.http().post(api('/departments')).set(as('admin')).send({ name: '保健所' }).expect(201)).body;
    const project = (
      await t
        .http()
        .get(api(`/projects/${draft.project.id}`))
        .set(as('admin'))
        .expect(200)
    ).body;

    const [moved, submitted] = await inTurnBehindHeldRow(
      draft.id,
      sent(
        t
          .http()
          .patch(api(`/projects/${project.id}`))
          .set(as('admin'))
          .send({ version: project.version, departmentId: other.id }),
      ),
      sent(t.http().post(reportPath(draft.id, '/submit')).set(as('owner'))),
    );

    expect([moved.status, submitted.status]).toEqual([200, 404]);
    const read = (await t.http().get(reportPath(draft.id)).set(as('admin')).expect(200)).body;
    expect(read.status).toBe('draft');
  });

  it('does not let the department a project just left delete its draft', async () => {
    const draft = await draftOf(4);
    const other = (await t.http().post(api('/departments')).set(as('admin')).send({ name: '土木部' }).expect(201)).body;
    const project = (
      await t
        .http()
        .get(api(`/projects/${draft.project.id}`))
        .set(as('admin'))
        .expect(200)
    ).body;

    const [moved, deleted] = await inTurnBehindHeldRow(
      draft.id,
      sent(
        t
          .http()
          .patch(api(`/projects/${project.id}`))
          .set(as('admin'))
          .send({ version: project.version, departmentId: other.id }),
      ),
      sent(t.http().delete(reportPath(draft.id)).set(as('owner'))),
    );

    expect([moved.status, deleted.status]).toEqual([200, 404]);
    await t.http().get(reportPath(draft.id)).set(as('admin')).expect(200);
  });
});
