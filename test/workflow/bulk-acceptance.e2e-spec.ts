import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { lastNotificationId, settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * 一括受理 through the API: the planning division accepts several submitted reports of a year with one panel of experts
 * and one due date. Each report is accepted as if alone (its audit entry and requests to the experts); a refusal
 * accepts nothing.
 */
describe('Accepting several submitted reports of a fiscal year at once (一括受理, API)', () => {
  const [first, second, third] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  const ids = { first: '', second: '', draft: '' };
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const acceptances = () => api('/fiscal-years/R4/acceptances');
  const dueDate = dueInDays(14);
  const panel = () => ({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate });
  const statusOf = async (reportId: string) =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}`))
        .set(as('planner'))
        .expect(200)
    ).body.status;
  const acceptedCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM result_reports WHERE status = 'in_expert_review'`))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    // R4 (2022): two submitted reports, and one still a draft.
    for (const [key, seed] of [
      ['first', first],
      ['second', second],
      ['draft', third],
    ] as const) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      ids[key] = report.id;
      if (key !== 'draft')
        await t
          .http()
          .post(api(`/reports/${report.id}/submit`))
          .set(as('owner'))
          .expect(200);
    }
  }, 90_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a report that is not submitted in that year, naming it, and accepts nothing', async () => {
    const refused = await t
      .http()
      .post(acceptances())
      .set(as('planner'))
      .send({ reportIds: [ids.first, ids.draft], ...panel() })
      .expect(409);
    expect(refused.body.message).toContain(ids.draft);
    expect(refused.body.details).toEqual([expect.objectContaining({ path: '/reportIds/1' })]);
    // The right reports, but of another year: the same refusal.
    await t
      .http()
      .post(api('/fiscal-years/2023/acceptances'))
      .set(as('planner'))
      .send({ reportIds: [ids.first], ...panel() })
      .expect(409);
    expect(await acceptedCount()).toBe(0);
  });

  it('is refused to owners, administrators and experts, and to malformed requests', async () => {
    for (const who of ['owner', 'admin', 'expertA'])
      await t
        .http()
        .post(acceptances())
        .set(as(who))
        .send({ reportIds: [ids.first], ...panel() })
        .expect(403);
    for (const body of [
      panel(),
      { reportIds: [], ...panel() },
      { reportIds: [ids.first, ids.first], ...panel() },
      { reportIds: [ids.first], dueDate },
      { reportIds: [ids.first], experts: [cast.userIds.expertA] },
      { reportIds: [ids.first], ...panel(), dueDate: dueInDays(-1) },
      { reportIds: [ids.first], ...panel(), experts: [cast.userIds.owner] },
    ])
      await t.http().post(acceptances()).set(as('planner')).send(body).expect(400);
    expect(await acceptedCount()).toBe(0);
  });

  it('accepts each report named as if alone: in expert review, its own audit entry, each expert asked of each', async () => {
    await settle(t);
    const since = await lastNotificationId(t);

    const done = await t
      .http()
      .post(acceptances())
      .set(as('planner'))
      .send({ reportIds: [ids.second, ids.first], ...panel() })
      .expect(201);

    expect(done.body).toMatchObject({ fiscalYear: 2022, fiscalYearLabel: 'R4年度', ...panel() });
    expect(done.body.accepted.map((item: { id: string }) => item.id).sort()).toEqual([ids.first, ids.second].sort());
    expect(await statusOf(ids.first)).toBe('in_expert_review');
    expect(await statusOf(ids.second)).toBe('in_expert_review');
    expect(await statusOf(ids.draft)).toBe('draft');
    const audited = await t.dataSource.query(
      `SELECT entity_id AS "reportId" FROM audit_entries WHERE action = 'report.accepted' ORDER BY entity_id`,
    );
    expect(audited.map((row: { reportId: string }) => row.reportId)).toEqual([ids.first, ids.second].sort());
    const [bulk] = await t.dataSource.query(`SELECT details FROM audit_entries WHERE action = 'reports.bulk_accepted'`);
    expect(bulk.details).toMatchObject({ fiscalYear: 2022, count: 2, ...panel() });
    await settle(t);
    const requests = await t.dataSource.query(
      `SELECT u.email, n.report_id AS "reportId" FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.type = 'expert.assigned' AND n.created_at > coalesce((SELECT created_at FROM notifications WHERE id::text = $1), '-infinity')
       ORDER BY u.email, n.report_id`,
      [since],
    );
    expect(requests).toEqual(
      ['experta@example.jp', 'expertb@example.jp'].flatMap((email) =>
        [ids.first, ids.second].sort().map((reportId) => ({ email, reportId })),
      ),
    );
    // The reports are the experts' to see now, as after a single acceptance.
    await t
      .http()
      .get(api(`/reports/${ids.first}`))
      .set(as('expertB'))
      .expect(200);
  });
});
