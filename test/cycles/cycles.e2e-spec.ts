import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport, projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

describe('Fiscal-year cycles', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const cycles = () => `/api/v1/organizations/${cast.organizationId}/cycles`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('opens a year: a draft for every project whose plan covers it, a notice to the owning department, all audited', async () => {
    const projects = `/api/v1/organizations/${cast.organizationId}/projects`;
    const [covering, alreadyStarted, ended] = await Promise.all(
      [
        {
          ...projectRequest(ASAHIKAWA_R4_REPORTS[0], cast.departmentId),
          planStartFiscalYear: 'R5',
          planEndFiscalYear: 'R7',
        },
        {
          ...projectRequest(ASAHIKAWA_R4_REPORTS[1], cast.departmentId),
          planStartFiscalYear: 'R3',
          planEndFiscalYear: 'R7',
        },
        {
          ...projectRequest(ASAHIKAWA_R4_REPORTS[2], cast.departmentId),
          planStartFiscalYear: 'R2',
          planEndFiscalYear: 'R4',
        },
      ].map(async (request) => (await t.http().post(projects).set(as('owner')).send(request).expect(201)).body),
    );
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports`)
      .set(as('owner'))
      .send({ projectId: alreadyStarted.id, fiscalYear: 'R6' })
      .expect(201);

    await t
      .http()
      .post(cycles())
      .set(as('planner'))
      .send({ fiscalYear: 'R6', submissionDueDate: '2025-05-31' })
      .expect(403);
    await t
      .http()
      .post(cycles())
      .set(as('admin'))
      .send({ fiscalYear: 'R6', submissionDueDate: '2025-05-31', reviewDueDate: '2025-05-01' })
      .expect(400);
    await t
      .http()
      .post(cycles())
      .set(as('admin'))
      .send({ fiscalYear: 'R6', submissionDueDate: '31/05/2025' })
      .expect(400);
    const opened = (
      await t
        .http()
        .post(cycles())
        .set(as('admin'))
        .send({ fiscalYear: 'R6', submissionDueDate: 'R7.5.31', reviewDueDate: '令和7年7月15日' })
        .expect(201)
    ).body;
    expect(opened).toMatchObject({
      fiscalYear: 2024,
      fiscalYearLabel: 'R6年度',
      submissionDueDate: '2025-05-31',
      reviewDueDate: '2025-07-15',
      status: 'open',
      statusLabel: '実施中',
      draftsCreated: 1,
    });
    await t
      .http()
      .post(cycles())
      .set(as('admin'))
      .send({ fiscalYear: 2024, submissionDueDate: '2025-05-31' })
      .expect(409);

    const drafts = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/reports`)
        .query({ fiscalYear: 2024 })
        .set(as('owner'))
        .expect(200)
    ).body.items;
    expect(drafts.map((report: any) => report.projectId).sort()).toEqual([covering.id, alreadyStarted.id].sort());
    expect(drafts.some((report: any) => report.projectId === ended.id)).toBe(false);

    const outbox = await t.dataSource.query(
      `SELECT type, payload FROM notification_outbox WHERE type = 'cycle.opened'`,
    );
    expect(outbox).toEqual([
      {
        type: 'cycle.opened',
        payload: expect.objectContaining({ departmentId: cast.departmentId, submissionDueDate: '2025-05-31' }),
      },
    ]);
    const audit = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/audit`)
        .query({ action: 'cycle.opened' })
        .set(as('admin'))
        .expect(200)
    ).body.items;
    expect(audit[0].details.draftReportIds).toHaveLength(1);
    const [draftId] = audit[0].details.draftReportIds;
    const history = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/audit`)
        .query({ reportId: draftId })
        .set(as('admin'))
        .expect(200)
    ).body.items;
    expect(history).toEqual([
      expect.objectContaining({
        action: 'report.created',
        actorUserId: cast.userIds.admin,
        details: { projectId: covering.id, fiscalYear: 2024, version: 1, cycleId: opened.id },
      }),
    ]);

    expect(
      (await t.http().get(cycles()).set(as('owner')).expect(200)).body.map((cycle: any) => cycle.fiscalYearLabel),
    ).toEqual(['R6年度']);
    const closed = (await t.http().post(`${cycles()}/${opened.id}/close`).set(as('admin')).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', statusLabel: '終了', closedAt: expect.any(String) });
    await t.http().post(`${cycles()}/${opened.id}/close`).set(as('admin')).expect(409);
  });
  it('leaves out a project decided to stop unless includeEndedProjectIds names it, and says so in the response', async () => {
    // Two projects whose R4 (2022) reports were decided 事業の中止; R5 is opened after (the first test opened R6).
    const [stopped, included] = await Promise.all(
      [ASAHIKAWA_R4_REPORTS[3], ASAHIKAWA_R4_REPORTS[4]].map(async (seed) => ({
        report: await decideSeedReport(t, cast, seed, 'stop'),
        seed,
      })),
    );
    const r5 = { fiscalYear: 'R5', submissionDueDate: '2024-05-31' };

    const refused = await t
      .http()
      .post(cycles())
      .set(as('admin'))
      .send({ ...r5, includeEndedProjectIds: ['not-an-id'] })
      .expect(400);
    expect(refused.body.details).toEqual([
      { path: '/includeEndedProjectIds', message: 'each of includeEndedProjectIds must be a project id' },
    ]);
    const opened = (
      await t
        .http()
        .post(cycles())
        .set(as('admin'))
        .send({ ...r5, includeEndedProjectIds: [included.report.project.id] })
        .expect(201)
    ).body;

    expect(opened.leftOutProjects).toEqual([
      {
        projectId: stopped.report.project.id,
        projectNumber: '4',
        projectName: stopped.seed.projectName,
        decidedFiscalYear: 2022,
        decidedFiscalYearLabel: 'R4年度',
        decision: 'stop',
        decisionLabel: '事業の中止',
      },
    ]);
    const drafts = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/reports`)
        .query({ fiscalYear: 2023 })
        .set(as('owner'))
        .expect(200)
    ).body.items;
    expect(drafts.map((report: any) => report.projectId)).toContain(included.report.project.id);
    expect(drafts.map((report: any) => report.projectId)).not.toContain(stopped.report.project.id);
    expect(drafts).toHaveLength(opened.draftsCreated);
  });
});
