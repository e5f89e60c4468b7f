import { BadRequestException, ConflictException } from '@nestjs/common';
import { Client } from 'pg';
import { CyclesService } from '../../../src/cycles/cycles.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { holdRow, lockWaiters } from '../../support/lock-waits';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { PolicyDecision } from '../../../src/reports/report/assessment';
import { fiscalYearInJapan } from '../../../src/common/dates';
import { dueInDays, type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('CyclesService: opening a fiscal year', () => {
  let app: MediumApp;
  let cycles: CyclesService;

  beforeAll(async () => {
    app = await createMediumApp();
    cycles = app.get(CyclesService);
  });

  afterAll(() => app?.close());

  const open2024 = (town: GivenMunicipality) =>
    cycles.open(town.admin.actor, { fiscalYear: 2024, submissionDueDate: '2025-05-31', reviewDueDate: '2025-07-15' });

  /** The organization's reports as (project, year, status, version), with how many revisions each has. */
  async function reportsOf(town: GivenMunicipality) {
    return app.dataSource.query(
      `SELECT r.project_id AS "projectId", r.fiscal_year AS "fiscalYear", r.status, r.version, (SELECT count(*)::int FROM report_revisions v WHERE v.report_id = r.id) AS revisions
       FROM result_reports r WHERE r.organization_id = $1 ORDER BY r.project_id, r.fiscal_year`,
      [town.organization.id],
    );
  }

  it('starts a draft for each project whose plan period covers the year, and for no other', async () => {
    const town = await app.given.municipality();
    const covering = [
      await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2024 }),
      await app.given.project(town.department, { planStartFiscalYear: 2024, planEndFiscalYear: 2028 }),
      await app.given.project(town.department, { planStartFiscalYear: 2022, planEndFiscalYear: 2026 }),
    ];
    await app.given.project(town.department, { planStartFiscalYear: 2019, planEndFiscalYear: 2023 });
    await app.given.project(town.department, { planStartFiscalYear: 2025, planEndFiscalYear: 2029 });

    const { cycle, draftsCreated } = await open2024(town);

    expect(cycle).toMatchObject({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      reviewDueDate: '2025-07-15',
      openedBy: town.admin.id,
    });
    expect(draftsCreated).toBe(3);
    const expected = covering.map((project) => ({
      projectId: project.id,
      fiscalYear: 2024,
      status: ReportStatus.Draft,
      version: 1,
      revisions: 1,
    }));
    expect(await reportsOf(town)).toEqual(expected.sort((a, b) => a.projectId.localeCompare(b.projectId)));
    expect(await app.auditActions(cycle.id)).toEqual(['cycle.opened']);
  });

  it("starts each draft's own history with its creation, naming the year's opening", async () => {
    const town = await app.given.municipality();
    const projects = [await app.given.project(town.department), await app.given.project(town.department)];

    const { cycle } = await open2024(town);

    for (const project of projects) {
      const [draft] = await app.dataSource.query(
        'SELECT id FROM result_reports WHERE project_id = $1 AND fiscal_year = 2024',
        [project.id],
      );
      expect(await app.auditEntries(draft.id)).toEqual([
        {
          action: 'report.created',
          details: { projectId: project.id, fiscalYear: 2024, version: 1, cycleId: cycle.id },
        },
      ]);
    }
  });

  it("writes the year's drafts in as many statements however many projects there are", async () => {
    const statementsToOpen = async (projects: number) => {
      const town = await app.given.municipality();
      for (let count = 0; count < projects; count += 1)
        await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2026 });
      const sent = jest.spyOn(Client.prototype, 'query');
      try {
        expect((await open2024(town)).draftsCreated).toBe(projects);
        return sent.mock.calls.length;
      } finally {
        sent.mockRestore();
      }
    };

    expect(await statementsToOpen(4)).toBe(await statementsToOpen(1));
  });

  it('leaves a report that already exists for the year as it is, and touches no other organization', async () => {
    const town = await app.given.municipality();
    const neighbour = await app.given.municipality();
    const reported = await app.given.project(town.department);
    await app.given.report(reported, { fiscalYear: 2024, status: ReportStatus.Submitted });
    const fresh = await app.given.project(town.department);
    await app.given.project(neighbour.department);

    const { draftsCreated } = await open2024(town);

    expect(draftsCreated).toBe(1);
    expect(
      (await reportsOf(town))
        .map(({ projectId, status }: { projectId: string; status: string }) => [projectId, status])
        .sort(),
    ).toEqual(
      [
        [reported.id, ReportStatus.Submitted],
        [fresh.id, ReportStatus.Draft],
      ].sort(),
    );
    expect(await reportsOf(neighbour)).toEqual([]);
  });

  it('starts every draft of the year when a report is started for one of its projects at the same time', async () => {
    const town = await app.given.municipality();
    const projects = [await app.given.project(town.department), await app.given.project(town.department)];
    const [first, held] = projects.sort((a, b) => a.id.localeCompare(b.id));
    // Another transaction holds the later project's row: the opening waits there, having looked for missing reports.
    const other = await holdRow(app.dataSource, 'grant_projects', held.id);
    const settled = <T>(promise: Promise<T>) =>
      promise.then(
        (answer) => ({ answer }),
        (refusal: unknown) => ({ refusal }),
      );
    const opening = settled(open2024(town));
    const query = (sql: string) => app.dataSource.query(sql);
    expect(await lockWaiters(query, 1)).toBe(1);
    // Meanwhile the owner starts the first project's report of the year.
    let started = false;
    const starting = settled(
      app.get(ReportsService).create(town.owner.actor, { projectId: first.id, fiscalYear: 2024 }),
    ).finally(() => (started = true));
    await lockWaiters(query, 2, () => started);
    await other.commitTransaction();
    await other.release();

    expect(await opening).toEqual({ answer: expect.objectContaining({ draftsCreated: 2 }) });
    expect(await starting).toEqual({ refusal: expect.any(ConflictException) });
    expect(((await starting) as { refusal: ConflictException }).refusal.message).toMatch(/already exists/);
    expect(await reportsOf(town)).toHaveLength(2);
  });

  describe('a project whose latest decided 今後の方針 ends it (事業の終了, 事業の中止)', () => {
    /** A project covering 2024 whose 2023 report was decided (and published, unless told) with ⑧ `decision`. */
    async function decidedIn2023(
      town: GivenMunicipality,
      decision: PolicyDecision,
      options: { status?: ReportStatus; label?: string; department?: GivenMunicipality['department'] } = {},
    ) {
      const project = await app.given.project(options.department ?? town.department, {
        planStartFiscalYear: 2022,
        planEndFiscalYear: 2024,
      });
      const report = await app.given.report(project, {
        fiscalYear: 2023,
        status: options.status ?? ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.planner.id,
        policyDecision: decision,
        policyDecisionLabel: options.label,
      });
      return { project, report };
    }

    it('gets no draft when the year is opened, and the opening says which and why', async () => {
      const town = await app.given.municipality();
      const tourism = await app.given.department(town.organization, '観光課');
      const continuing = await decidedIn2023(town, PolicyDecision.Continue);
      const ended = await decidedIn2023(town, PolicyDecision.End, { label: '事業・期間の終了', department: tourism });
      const stopped = await decidedIn2023(town, PolicyDecision.Stop, { status: ReportStatus.Decided });
      // Only an approved decision counts: a proposal (方針案) may still change.
      const proposed = await decidedIn2023(town, PolicyDecision.End, { status: ReportStatus.DecisionProposed });
      // A later decision stands over an earlier one: ended in 2022, then the plan went on.
      const resumed = await decidedIn2023(town, PolicyDecision.Continue);
      await app.given.report(resumed.project, {
        fiscalYear: 2022,
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.planner.id,
        policyDecision: PolicyDecision.End,
      });

      const { cycle, draftsCreated, leftOut } = await open2024(town);

      expect(draftsCreated).toBe(3);
      const drafted = (await reportsOf(town))
        .filter((report: { fiscalYear: number }) => report.fiscalYear === 2024)
        .map((report: { projectId: string }) => report.projectId);
      expect(drafted.sort()).toEqual([continuing.project.id, proposed.project.id, resumed.project.id].sort());
      expect(leftOut.map(({ project, decision }) => [project.id, decision.decision, decision.label])).toEqual(
        expect.arrayContaining([
          [ended.project.id, PolicyDecision.End, '事業・期間の終了'],
          [stopped.project.id, PolicyDecision.Stop, null],
        ]),
      );
      expect(leftOut).toHaveLength(2);
      const [opening] = await app.auditEntries(cycle.id);
      expect(opening.details.leftOutAsEnded).toEqual(
        expect.arrayContaining([
          {
            projectId: ended.project.id,
            decidedReportId: ended.report.id,
            decidedFiscalYear: 2023,
            decision: PolicyDecision.End,
          },
          {
            projectId: stopped.project.id,
            decidedReportId: stopped.report.id,
            decidedFiscalYear: 2023,
            decision: PolicyDecision.Stop,
          },
        ]),
      );
      expect(opening.details.includedThoughEnded).toEqual([]);
      // The department whose only project ended hears nothing of the year.
      const notices = await app.outbox({ organizationId: town.organization.id });
      expect(notices.map((notice) => notice.payload.departmentId)).toEqual([town.department.id]);
    });

    it('gets a draft when the opening names it, like any other project of the year', async () => {
      const town = await app.given.municipality();
      const ended = await decidedIn2023(town, PolicyDecision.End);
      const alsoEnded = await decidedIn2023(town, PolicyDecision.End);

      const { cycle, draftsCreated, leftOut } = await cycles.open(town.admin.actor, {
        fiscalYear: 2024,
        submissionDueDate: '2025-05-31',
        includeEndedProjectIds: [ended.project.id],
      });

      expect(draftsCreated).toBe(1);
      expect(leftOut.map(({ project }) => project.id)).toEqual([alsoEnded.project.id]);
      expect((await reportsOf(town)).filter((report: { fiscalYear: number }) => report.fiscalYear === 2024)).toEqual([
        expect.objectContaining({ projectId: ended.project.id, status: ReportStatus.Draft }),
      ]);
      const [opening] = await app.auditEntries(cycle.id);
      expect(opening.details.includedThoughEnded).toEqual([
        expect.objectContaining({ projectId: ended.project.id, decision: PolicyDecision.End }),
      ]);
    });

    it('is listed by the preview, which counts it out of the drafts', async () => {
      const town = await app.given.municipality();
      await app.given.project(town.department);
      const ended = await decidedIn2023(town, PolicyDecision.End);
      const request = { fiscalYear: 2024, submissionDueDate: '2025-05-31' };

      const preview = await cycles.preview(town.admin.actor, request);

      expect(preview).toMatchObject({ projects: [expect.anything()], departmentsToNotify: 1 });
      expect(preview.ended.map(({ project }) => project.id)).toEqual([ended.project.id]);
      expect(
        (await cycles.preview(town.admin.actor, { ...request, includeEndedProjectIds: [ended.project.id] })).projects,
      ).toHaveLength(2);
    });

    it('refuses (400) to include a project whose plan does not cover the year, before anything is written', async () => {
      const town = await app.given.municipality();
      const past = await app.given.project(town.department, { planStartFiscalYear: 2019, planEndFiscalYear: 2023 });
      const neighbour = await app.given.municipality();
      const theirs = await app.given.project(neighbour.department);

      const refusal = await refusalOf(
        cycles.open(town.admin.actor, {
          fiscalYear: 2024,
          submissionDueDate: '2025-05-31',
          includeEndedProjectIds: [past.id, theirs.id],
        }),
      );

      expect(refusal).toBeInstanceOf(BadRequestException);
      expect(refusal.getResponse()).toMatchObject({
        details: [
          { path: '/includeEndedProjectIds/0', message: expect.any(String) },
          { path: '/includeEndedProjectIds/1', message: expect.any(String) },
        ],
      });
      expect(await cycles.list(town.organization.id)).toEqual([]);
    });

    it('may still have its report of the year started by hand', async () => {
      const town = await app.given.municipality();
      const ended = await decidedIn2023(town, PolicyDecision.Stop);
      await open2024(town);

      const started = await app
        .get(ReportsService)
        .create(town.owner.actor, { projectId: ended.project.id, fiscalYear: 2024 });

      expect(started).toMatchObject({ status: ReportStatus.Draft, fiscalYear: 2024 });
      expect(started.followUp.previousDecision).toMatchObject({ fiscalYear: 2023, decision: PolicyDecision.Stop });
    });
  });

  it('tells each owning department with a draft of the year, new or started before, once, with the deadline', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光課');
    const startedEarly = await app.given.department(town.organization, '商工課');
    const alreadyDone = await app.given.department(town.organization, '農政課');
    await app.given.project(town.department);
    await app.given.project(town.department);
    await app.given.project(tourism);
    await app.given.report(await app.given.project(startedEarly), { fiscalYear: 2024 });
    await app.given.report(await app.given.project(alreadyDone), { fiscalYear: 2024, status: ReportStatus.Submitted });

    await open2024(town);

    const notices = await app.outbox({ organizationId: town.organization.id });
    expect(notices.map((notice) => notice.type)).toEqual(['cycle.opened', 'cycle.opened', 'cycle.opened']);
    expect(notices.map((notice) => notice.payload.departmentId).sort()).toEqual(
      [town.department.id, tourism.id, startedEarly.id].sort(),
    );
    expect(notices[0].payload).toMatchObject({
      fiscalYear: 2024,
      fiscalYearLabel: 'R6年度',
      submissionDueDate: '2025-05-31',
    });
  });

  it('previews what opening would do (drafts to start, in list order, departments to tell) and writes nothing', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光課');
    const tenth = await app.given.project(town.department, { projectNumber: '10' });
    const unnumbered = await app.given.project(town.department);
    const second = await app.given.project(tourism, { projectNumber: '2' });
    await app.given.report(await app.given.project(tourism), { fiscalYear: 2024 });
    const request = { fiscalYear: 2024, submissionDueDate: '2025-05-31' };

    const preview = await cycles.preview(town.admin.actor, request);

    expect(preview).toMatchObject({ departmentsToNotify: 2, ended: [] });
    expect(preview.projects.map((project) => project.id)).toEqual([second.id, tenth.id, unnumbered.id]);
    expect(await cycles.list(town.organization.id)).toEqual([]);
    expect(await reportsOf(town)).toHaveLength(1);
    expect(await app.outbox({ organizationId: town.organization.id })).toEqual([]);

    await cycles.open(town.admin.actor, request);
    expect(await refusalOf(cycles.preview(town.admin.actor, request))).toBeInstanceOf(ConflictException);
  });

  it('opens a year once: a second opening is refused with 409 and creates nothing', async () => {
    const town = await app.given.municipality();
    await app.given.project(town.department);
    await open2024(town);
    await app.given.project(town.department);
    const before = await reportsOf(town);

    expect(await refusalOf(open2024(town))).toBeInstanceOf(ConflictException);
    expect(await reportsOf(town)).toEqual(before);
  });

  it('refuses a review due before the reports are (400), before anything is written', async () => {
    const town = await app.given.municipality();
    await app.given.project(town.department);

    const refusal = await refusalOf(
      cycles.open(town.admin.actor, { fiscalYear: 2024, submissionDueDate: '2025-05-31', reviewDueDate: '2025-05-30' }),
    );

    expect(refusal).toBeInstanceOf(BadRequestException);
    expect(await cycles.list(town.organization.id)).toEqual([]);
    expect(await reportsOf(town)).toEqual([]);
  });

  describe('a submission deadline gone by', () => {
    const thisYear = fiscalYearInJapan();

    it('is refused (400, naming the field) for the year under verification, the one under way or one to come, in preview too, before anything is written', async () => {
      const town = await app.given.municipality();
      await app.given.project(town.department, { planStartFiscalYear: thisYear - 1, planEndFiscalYear: thisYear + 1 });

      for (const fiscalYear of [thisYear - 1, thisYear, thisYear + 1]) {
        const request = { fiscalYear, submissionDueDate: dueInDays(-1) };
        const steps = [() => cycles.preview(town.admin.actor, request), () => cycles.open(town.admin.actor, request)];
        for (const step of steps) {
          const refusal = await refusalOf(step());
          expect(refusal).toBeInstanceOf(BadRequestException);
          expect(refusal.getResponse()).toMatchObject({
            details: [{ path: '/submissionDueDate', message: 'submissionDueDate must be today or later' }],
          });
        }
      }
      expect(await cycles.list(town.organization.id)).toEqual([]);
      expect(await reportsOf(town)).toEqual([]);
      expect(await app.outbox({ organizationId: town.organization.id })).toEqual([]);

      await cycles.open(town.admin.actor, { fiscalYear: thisYear, submissionDueDate: dueInDays(0) });
      expect(await reportsOf(town)).toHaveLength(1);
    });

    it('is what the record is for a year whose verification year is over too, opened after the fact', async () => {
      const town = await app.given.municipality();

      const { cycle } = await cycles.open(town.admin.actor, {
        fiscalYear: thisYear - 2,
        submissionDueDate: dueInDays(-1),
        reviewDueDate: dueInDays(-1),
      });

      expect(cycle).toMatchObject({ fiscalYear: thisYear - 2, submissionDueDate: dueInDays(-1) });
    });
  });
});
